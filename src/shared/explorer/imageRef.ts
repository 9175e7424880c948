// Reads what a person pastes into "Open Image": a bare id or a mapillary.com link to an image, in
// any of the forms in circulation. Anything else gets a message that says what is wrong.
import { isId, isSequenceKey } from '../ids';

/** The image id, or why the text does not name one. */
export type ImageRef = { ok: true; id: string } | { ok: false; message: string };

// Query parameters that name an image in mapillary.com links, old and new.
const imageParams = ['pKey', 'image_key', 'imageKey', 'image_id'];
// Query parameters that name something else, to say so rather than "not an image link".
const otherParams: Record<string, string> = {
  mapFeatureKey: 'a map feature',
  sequenceKey: 'a sequence',
  sKey: 'a sequence',
  username: 'a user',
};

/** Parses an image id or link. */
export function parseImageRef(text: string): ImageRef {
  const input = text.trim();
  if (input === '')
    return { ok: false, message: 'Type an image id or paste a mapillary.com image link.' };
  if (isId('image', input)) return { ok: true, id: input };
  if (!/^[a-z]+:\/\//i.test(input) && !/^(www\.)?mapillary\.com\//i.test(input)) {
    return {
      ok: false,
      message: isSequenceKey(input)
        ? `"${input.slice(0, 40)}" is not an image id: image ids are digits.`
        : `"${input.slice(0, 40)}" is neither an image id nor a link.`,
    };
  }
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(input) ? input : `https://${input}`);
  } catch {
    return { ok: false, message: 'This is not a valid link.' };
  }
  if (!/(^|\.)mapillary\.com$/i.test(url.hostname)) {
    return { ok: false, message: `Only mapillary.com links can be opened, not ${url.hostname}.` };
  }
  for (const name of imageParams) {
    const value = url.searchParams.get(name);
    if (value !== null) {
      return isId('image', value.trim())
        ? { ok: true, id: value.trim() }
        : { ok: false, message: `The link's ${name} "${value.slice(0, 40)}" is not an image id.` };
    }
  }
  // Older links put the id in the path: /map/im/<id>, /app/image/<id>.
  const inPath = /\/(?:map\/im|app\/image|image)\/([0-9]+)(?:\/|$)/.exec(url.pathname);
  if (inPath?.[1] && isId('image', inPath[1])) return { ok: true, id: inPath[1] };
  for (const [name, what] of Object.entries(otherParams)) {
    if (url.searchParams.has(name)) {
      return { ok: false, message: `This link points to ${what}, not to an image.` };
    }
  }
  return { ok: false, message: 'This mapillary.com link does not point to an image.' };
}
