// A hover's thumbnail: the 256-pixel picture fetched by the host from the signed URL the batched
// read returned, checked to be a JPEG or PNG and bounded in size, and handed on as a `data:` URI, so
// the URL itself (signed, expiring) never reaches the hover. No token is sent to the thumbnail host.
// An expired URL is replaced once through the client's thumbnail download, which asks for a new one.
import { GraphError, graphErrorFromResponse } from '../../shared/api/graphError';
import { type InlinePicture } from '../../shared/idDetect/idDescription';
import { type MapillaryApi } from '../api/mapillaryApi';
import { downloadThumbnail } from '../api/thumbnails';
import { readBodyBounded } from '../http/readBody';
import { type HoverImage } from './entityReads';

/** Largest thumbnail read for a hover: a 256-pixel JPEG is 10 to 40 KB. */
export const MAX_HOVER_THUMBNAIL_BYTES = 512 * 1024;
/** Width the hover shows the thumbnail at. */
const SHOWN_WIDTH = 256;

function kindOf(bytes: Uint8Array): 'image/jpeg' | 'image/png' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return 'image/png';
  }
  return undefined;
}

function toPicture(bytes: Uint8Array, image: HoverImage): InlinePicture {
  const type = kindOf(bytes);
  if (!type) {
    throw new GraphError('invalid-response', 'The thumbnail is not a JPEG or PNG picture.');
  }
  const ratio = image.width && image.height && image.width > 0 ? image.height / image.width : 3 / 4;
  const height = Math.max(1, Math.min(SHOWN_WIDTH * 2, Math.round(SHOWN_WIDTH * ratio)));
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return { dataUri: `data:${type};base64,${base64}`, width: SHOWN_WIDTH, height };
}

async function fromSignedUrl(
  api: MapillaryApi,
  url: string,
  signal: AbortSignal,
): Promise<Uint8Array> {
  return api.client.http.execute({
    channel: 'thumbnails',
    requireToken: false,
    signal,
    maxAttempts: 2,
    timeoutMs: 15_000,
    build: () => ({ url, headers: { accept: 'image/*' } }),
    read: async (response) => {
      const bytes = await readBodyBounded(response, MAX_HOVER_THUMBNAIL_BYTES);
      if (response.status < 200 || response.status >= 300) {
        throw graphErrorFromResponse(response.status, undefined);
      }
      return bytes;
    },
  });
}

/** Fetches the thumbnail of an image read for a hover. */
export async function fetchHoverThumbnail(
  api: MapillaryApi,
  image: HoverImage,
  signal: AbortSignal,
): Promise<InlinePicture> {
  if (image.thumbUrl && /^https?:\/\//i.test(image.thumbUrl)) {
    try {
      return toPicture(await fromSignedUrl(api, image.thumbUrl, signal), image);
    } catch (error) {
      const expired = error instanceof GraphError && (error.status === 403 || error.status === 410);
      if (!expired) throw error;
    }
  }
  const fresh = await downloadThumbnail(api, image.facts.id, 256, {
    signal,
    maxBytes: MAX_HOVER_THUMBNAIL_BYTES,
  });
  return toPicture(fresh.bytes, image);
}
