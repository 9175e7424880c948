// What a mapillary.com link names. The site's links have named images, sequences and map features
// with several query parameters over the years (`?pKey=`, the embed's `image_key=`,
// `mapFeatureKey=`, `sKey=`) and older links put an image id in the path (`/map/im/<id>`). "Open
// Image" and the id detector both read links here, so both accept the same forms.
import { type IdKind, isId } from './ids';

/** The kinds of entity a link can name. */
export type LinkKind = Extract<IdKind, 'image' | 'sequence' | 'mapFeature'>;

/** Query parameters that name an entity, image ones first: they win when a link has several. */
export const LINK_PARAMETERS: readonly (readonly [string, LinkKind])[] = [
  ['pKey', 'image'],
  ['image_key', 'image'],
  ['imageKey', 'image'],
  ['image_id', 'image'],
  ['mapFeatureKey', 'mapFeature'],
  ['sequenceKey', 'sequence'],
  ['sKey', 'sequence'],
];

const IMAGE_PATH = /\/(?:map\/im|app\/image|image)\/(\d{1,20})(?:\/|$)/;

/** What a link names: an entity, or a parameter whose value is not a well-formed id. */
export type LinkReading =
  | { kind: LinkKind; id: string; valid: true }
  | { kind: LinkKind; parameter: string; value: string; valid: false };

/** `text` as a URL, `https://` assumed when it has no scheme; undefined when it is not one. */
export function linkUrl(text: string): URL | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return undefined;
  }
}

/** Whether a host serves mapillary.com's pages (API hosts such as graph. are not links to open). */
export function isMapillarySiteHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'mapillary.com' || host === 'www.mapillary.com';
}

/** What a mapillary.com URL names, or undefined when it names no image, sequence or feature. */
export function readMapillaryUrl(url: URL): LinkReading | undefined {
  const byParameter = (wanted: (kind: LinkKind) => boolean): LinkReading | undefined => {
    for (const [parameter, kind] of LINK_PARAMETERS) {
      if (!wanted(kind)) continue;
      const raw = url.searchParams.get(parameter);
      if (raw === null) continue;
      const value = raw.trim();
      return isId(kind, value)
        ? { kind, id: value, valid: true }
        : { kind, parameter, value, valid: false };
    }
    return undefined;
  };
  const image = byParameter((kind) => kind === 'image');
  if (image) return image;
  const inPath = IMAGE_PATH.exec(url.pathname)?.[1];
  if (inPath !== undefined && isId('image', inPath))
    return { kind: 'image', id: inPath, valid: true };
  return byParameter((kind) => kind !== 'image');
}
