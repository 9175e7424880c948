// Downloads image thumbnails. Their URLs are signed and expire (`oe=`), so a URL is asked for right
// before the download (or given by the caller, who read it in a batch right before), and once more
// after a 403 or 410. The thumbnail host is not Mapillary's API: no token is ever sent to it.
import { GraphError, adviceFor, graphErrorFromResponse } from '../../shared/api/graphError';
import { type CallOptions } from '../http/graphClient';
import { readBodyBounded } from '../http/readBody';
import { type MapillaryApi } from './mapillaryApi';

/** Thumbnail sizes the service offers (pixels of the longer side, or the original). */
export type ThumbnailSize = 256 | 1024 | 2048 | 'original';

/** A downloaded thumbnail. */
export interface Thumbnail {
  bytes: Uint8Array;
  /** The response's content type, e.g. `image/jpeg`. */
  contentType: string;
}

/** Options of {@link downloadThumbnail}. */
export interface ThumbnailOptions extends CallOptions {
  /** Largest image read, in bytes (default 50 MB; originals can be large). */
  maxBytes?: number;
  /** A URL of the thumbnail read moments ago; without it, one is asked for first. */
  url?: string;
}

/** The image field that holds the thumbnail URL of `size`, e.g. `thumb_1024_url`. */
export const thumbnailField = (size: ThumbnailSize) => `thumb_${size}_url` as const;
const field = thumbnailField;

/** Downloads the thumbnail of `imageId` at `size`, refreshing an expired signed URL once. */
export async function downloadThumbnail(
  api: MapillaryApi,
  imageId: string,
  size: ThumbnailSize,
  options: ThumbnailOptions = {},
): Promise<Thumbnail> {
  for (let round = 0; ; round++) {
    let url: unknown = round === 0 ? options.url : undefined;
    if (url === undefined) {
      const image = await api.getImage(imageId, ['id', field(size)], options);
      url = (image as Record<string, unknown>)[field(size)];
    }
    if (typeof url !== 'string' || !url) {
      throw new GraphError('not-found', `Image ${imageId} has no ${size} thumbnail.`);
    }
    const signed = url;
    try {
      return await api.client.http.execute({
        channel: 'thumbnails',
        requireToken: false,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        maxAttempts: options.maxAttempts,
        build: () => ({ url: signed, headers: { accept: 'image/*' } }),
        read: (response) => readThumbnail(response, options.maxBytes ?? 50 * 1024 * 1024),
      });
    } catch (error) {
      // An expired or revoked signature: ask the API for a fresh URL, once.
      const expired = error instanceof GraphError && (error.status === 403 || error.status === 410);
      if (!expired || round > 0) throw error;
    }
  }
}

async function readThumbnail(response: Response, maxBytes: number): Promise<Thumbnail> {
  const bytes = await readBodyBounded(response, maxBytes);
  if (response.status < 200 || response.status >= 300) {
    throw graphErrorFromResponse(response.status, undefined);
  }
  const contentType = response.headers.get('content-type') ?? '';
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  const png = bytes[0] === 0x89 && bytes[1] === 0x50;
  if (!jpeg && !png && !contentType.startsWith('image/')) {
    const text = contentType.includes('html') || bytes[0] === 0x3c;
    throw new GraphError(
      text ? 'html' : 'invalid-response',
      text ? adviceFor('html') : 'The thumbnail is not an image: try again later.',
      { status: response.status },
    );
  }
  return { bytes, contentType: contentType || (png ? 'image/png' : 'image/jpeg') };
}
