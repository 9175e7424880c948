// The web forms of an image: its page on mapillary.com and the iframe that embeds it.
import { isId } from '../ids';

/** The viewer styles the embed accepts. */
export const EMBED_STYLES = ['photo', 'split', 'classic'] as const;
/** One of {@link EMBED_STYLES}. */
export type EmbedStyle = (typeof EMBED_STYLES)[number];

function checked(id: string): string {
  const trimmed = id.trim();
  if (!isId('image', trimmed)) throw new RangeError(`"${trimmed.slice(0, 40)}" is not an image id`);
  return trimmed;
}

/** `https://www.mapillary.com/app/?pKey=<id>`: the image on mapillary.com. */
export function imageWebUrl(id: string): string {
  return `https://www.mapillary.com/app/?pKey=${encodeURIComponent(checked(id))}`;
}

/** `https://www.mapillary.com/embed?image_key=<id>&style=<style>`. */
export function embedUrl(id: string, style: EmbedStyle = 'photo'): string {
  return `https://www.mapillary.com/embed?image_key=${encodeURIComponent(checked(id))}&style=${style}`;
}

/** The HTML snippet that embeds the image in a page. */
export function embedSnippet(
  id: string,
  style: EmbedStyle = 'photo',
  size: { width: number; height: number } = { width: 640, height: 480 },
): string {
  return `<iframe src="${embedUrl(id, style)}" width="${size.width}" height="${size.height}" frameborder="0" allowfullscreen title="Mapillary image ${checked(id)}"></iframe>`;
}
