// The thumbnails shown in image tooltips, as `data:` URIs, kept for the last images hovered so
// that hovering back and forth does not download again.
import { type Logger } from '../../shared/logger';
import { errorText } from '../../shared/redact';
import { trimOldest } from '../../shared/boundedMap';

/** Downloads an image's thumbnail (through a freshly signed URL: the tree's may have expired). */
export type ThumbnailDownload = (
  imageId: string,
  signal: AbortSignal,
) => Promise<{ bytes: Uint8Array; contentType: string }>;

/** How many thumbnails are kept. */
const DEFAULT_CAPACITY = 100;

/** A small cache of tooltip thumbnails, oldest dropped first. */
export class ThumbnailCache {
  private readonly uris = new Map<string, string>();

  constructor(
    private readonly download: ThumbnailDownload,
    private readonly log: Logger,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /**
   * The image's thumbnail as a `data:` URI, or undefined when it cannot be had (a failure is
   * logged, unless the hover ended first) or is not a JPEG, PNG or WebP picture.
   */
  async dataUri(imageId: string, signal: AbortSignal): Promise<string | undefined> {
    const cached = this.uris.get(imageId);
    if (cached) return cached;
    try {
      const picture = await this.download(imageId, signal);
      const mime = /^image\/(jpeg|png|webp)\b/.exec(picture.contentType)?.[0];
      if (!mime) return undefined;
      const uri = `data:${mime};base64,${Buffer.from(picture.bytes).toString('base64')}`;
      this.uris.set(imageId, uri);
      trimOldest(this.uris, this.capacity);
      return uri;
    } catch (error) {
      if (!signal.aborted) this.log.debug(`no thumbnail for ${imageId}: ${errorText(error)}`);
      return undefined;
    }
  }
}
