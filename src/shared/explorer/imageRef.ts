// Reads what a person pastes into "Open Image": a bare id or a mapillary.com link to an image, in
// any of the forms in circulation. Anything else gets a message that says what is wrong.
import { isId, isSequenceKey } from '../ids';
import { isMapillarySiteHost, type LinkKind, linkUrl, readMapillaryUrl } from '../mapillaryLink';

/** The image id, or why the text does not name one. */
export type ImageRef = { ok: true; id: string } | { ok: false; message: string };

const OTHER_KINDS: Readonly<Record<Exclude<LinkKind, 'image'>, string>> = {
  mapFeature: 'a map feature',
  sequence: 'a sequence',
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
  const url = linkUrl(input);
  if (!url) return { ok: false, message: 'This is not a valid link.' };
  if (!isMapillarySiteHost(url.hostname)) {
    return { ok: false, message: `Only mapillary.com links can be opened, not ${url.hostname}.` };
  }
  const named = readMapillaryUrl(url);
  if (named?.kind === 'image') {
    return named.valid
      ? { ok: true, id: named.id }
      : {
          ok: false,
          message: `The link's ${named.parameter} "${named.value.slice(0, 40)}" is not an image id.`,
        };
  }
  if (named)
    return {
      ok: false,
      message: `This link points to ${OTHER_KINDS[named.kind]}, not to an image.`,
    };
  if (url.searchParams.has('username')) {
    return { ok: false, message: 'This link points to a user, not to an image.' };
  }
  return { ok: false, message: 'This mapillary.com link does not point to an image.' };
}
