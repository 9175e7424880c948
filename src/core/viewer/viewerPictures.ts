// Pictures for the viewer: downloaded by the host from the signed URLs of the image records (no
// Graph call of their own), kept in memory within a byte budget, and handed over as bytes. A URL
// that the thumbnail host refuses as expired (403, 410) is read afresh, for its whole batch at once,
// and the download tried once more. The webview never sees a URL.
import { fetchThumbnailUrl } from '../api/thumbnails';
import { type MapillaryApi } from '../api/mapillaryApi';
import { GraphError } from '../../shared/api/graphError';
import { type PictureSize } from '../../shared/viewer/viewerHandles';
import { type ImageRecordStore } from './imageRecords';
import { sniffPictureMime } from '../../shared/pictureMime';
import { withAbort } from '../http/attemptErrors';

/** A picture ready to cross to the webview. */
export interface ViewerPicture {
  bytes: Uint8Array;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
}

/** Limits of the picture cache. */
export interface PictureCacheOptions {
  /** Bytes kept in memory (default 96 MB). */
  maxBytes?: number;
  /** Largest picture accepted (default 32 MB; originals are large). */
  maxPictureBytes?: number;
}

function urlOf(record: { entity: object } | undefined, size: PictureSize): string | undefined {
  const url = (record?.entity as Record<string, unknown> | undefined)?.[`thumb_${size}_url`];
  return typeof url === 'string' && url.length > 0 ? url : undefined;
}

function expired(error: unknown): boolean {
  return error instanceof GraphError && (error.status === 403 || error.status === 410);
}

/** The viewer's pictures (see the file comment). */
export class ViewerPictures {
  private readonly cache = new Map<string, ViewerPicture>();
  private readonly loading = new Map<string, Promise<ViewerPicture>>();
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly maxPictureBytes: number;

  constructor(
    private readonly records: ImageRecordStore,
    private readonly api: () => Promise<MapillaryApi>,
    options: PictureCacheOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 96 * 1024 * 1024;
    this.maxPictureBytes = options.maxPictureBytes ?? 32 * 1024 * 1024;
  }

  /** Bytes held now. */
  heldBytes(): number {
    return this.bytes;
  }

  /** The picture of `imageId` at `size`; concurrent asks share one download. */
  get(imageId: string, size: PictureSize, signal?: AbortSignal): Promise<ViewerPicture> {
    const key = `${imageId}:${size}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return Promise.resolve(cached);
    }
    let loading = this.loading.get(key);
    if (!loading) {
      loading = this.download(imageId, size).finally(() => this.loading.delete(key));
      // A download whose askers all stopped waiting still settles; its failure is theirs to show.
      loading.catch(() => undefined);
      this.loading.set(key, loading);
    }
    // The download goes on for whoever else wants it; this caller may stop waiting.
    return signal ? withAbort(loading, signal) : loading;
  }

  private async download(imageId: string, size: PictureSize): Promise<ViewerPicture> {
    let record = (await this.records.get([imageId], 'spatial')).get(imageId);
    for (let round = 0; ; round++) {
      const url = urlOf(record, size);
      if (!url) throw new GraphError('not-found', `Image ${imageId} has no ${size} picture.`);
      try {
        const api = await this.api();
        const thumbnail = await fetchThumbnailUrl(api, url, { maxBytes: this.maxPictureBytes });
        const mime = sniffPictureMime(thumbnail.bytes);
        if (!mime) throw new Error(`the ${size} picture of ${imageId} is not a JPEG, PNG or WebP`);
        const picture = { bytes: thumbnail.bytes, mime };
        this.keep(`${imageId}:${size}`, picture);
        return picture;
      } catch (error) {
        if (!expired(error) || round > 0) throw error;
        record = await this.records.refresh(imageId);
      }
    }
  }

  private keep(key: string, picture: ViewerPicture): void {
    if (picture.bytes.byteLength > this.maxBytes) return;
    this.cache.set(key, picture);
    this.bytes += picture.bytes.byteLength;
    for (const [oldKey, old] of this.cache) {
      if (this.bytes <= this.maxBytes) break;
      this.cache.delete(oldKey);
      this.bytes -= old.bytes.byteLength;
    }
  }
}
