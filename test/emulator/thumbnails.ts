// Signed, expiring thumbnail URLs and the JPEG bytes behind them: each image's own picture of the
// emulated streets (streetPictures.ts), at the four sizes the service offers (api.md, Entities:
// thumb_256_url, thumb_1024_url, thumb_2048_url, thumb_original_url), panoramas as 2:1
// equirectangular pictures. Drawing and encoding a 2048-pixel JPEG takes a few hundred
// milliseconds, so the latest pictures are kept.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { encode } from 'jpeg-js';
import { type Dataset, type ImageRecord, findImage } from './dataset';
import { PicturePainter } from './picturePainter';
import { type Reply, text } from './replies';
import { type EmulatorClock, systemClock } from './clock';

/** The thumbnail sizes the service offers, by URL segment. */
export type ThumbSize = '256' | '1024' | '2048' | 'original';

/** Thumbnail sizes by image field name. */
export const thumbFields: Record<string, ThumbSize> = {
  thumb_256_url: '256',
  thumb_1024_url: '1024',
  thumb_2048_url: '2048',
  thumb_original_url: 'original',
};

/**
 * The widest JPEG the emulator draws. Originals are really as wide as the camera (4,000 to 6,720
 * pixels); drawing those takes seconds, so `original` is served at the image's width capped here.
 */
export const maxThumbWidth = 2048;

/** Encoded pictures kept, by image and size. */
const MAX_KEPT_PICTURES = 96;

/** Signs and checks thumbnail URLs, and draws the JPEGs (the latest ones kept). */
export class Thumbnails {
  private readonly cache = new Map<string, Promise<Buffer>>();
  private readonly painter = new PicturePainter();

  constructor(
    private readonly secret: string,
    /** How long a signed URL stays valid. */
    public ttlSeconds: number,
    /** The time URLs expire by. */
    private readonly clock: EmulatorClock = systemClock,
    /** Each image's own picture of the streets, or else one gradient per size. */
    private readonly streets = false,
  ) {}

  /** A signed absolute URL for one image's thumbnail, valid for `ttlSeconds` from now. */
  url(baseUrl: string, imageId: string, size: ThumbSize, nowMs = this.clock.now()): string {
    const oe = Math.floor(nowMs / 1000 + this.ttlSeconds).toString(16);
    return `${baseUrl}/thumbs/${imageId}/${size}.jpg?oe=${oe}&sig=${this.sign(imageId, size, oe)}`;
  }

  /** Why a URL is refused ('expired' or 'signature'), or undefined when it is good. */
  verify(
    imageId: string,
    size: ThumbSize,
    oe: string | null,
    sig: string | null,
  ): 'expired' | 'signature' | undefined {
    if (!oe || !sig || !/^[0-9a-f]+$/.test(oe)) {
      return 'signature';
    }
    const expected = Buffer.from(this.sign(imageId, size, oe));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return 'signature';
    }
    return parseInt(oe, 16) * 1000 <= this.clock.now() ? 'expired' : undefined;
  }

  /**
   * The JPEG of an image at a size: its picture of the streets (a plain sky-to-street gradient
   * for a dataset without a street grid), with a COM segment naming the image spliced in after
   * SOI, so each file is traceable to its image.
   */
  async jpeg(dataset: Dataset, image: ImageRecord, size: ThumbSize): Promise<Buffer> {
    const width = size === 'original' ? Math.min(image.width, maxThumbWidth) : Number(size);
    const height = Math.max(1, Math.round((width * image.height) / image.width));
    const key = this.streets ? `${image.id}:${width}x${height}` : `${width}x${height}`;
    let pending = this.cache.get(key);
    if (pending) {
      this.cache.delete(key);
    } else {
      pending = this.draw(dataset, image, width, height);
      pending.catch(() => this.cache.delete(key));
    }
    this.cache.set(key, pending);
    while (this.cache.size > MAX_KEPT_PICTURES) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
    const base = await pending;
    const text = Buffer.from(`mapillary-image-id:${image.id}`, 'latin1');
    const segment = Buffer.alloc(4 + text.length);
    segment[0] = 0xff;
    segment[1] = 0xfe;
    segment.writeUInt16BE(text.length + 2, 2);
    text.copy(segment, 4);
    return Buffer.concat([base.subarray(0, 2), segment, base.subarray(2)]);
  }

  /** Stops the picture worker. */
  close(): Promise<void> {
    return this.painter.close();
  }

  private draw(
    dataset: Dataset,
    image: ImageRecord,
    width: number,
    height: number,
  ): Promise<Buffer> {
    if (!this.streets || !dataset.grid) return Promise.resolve(gradient(width, height));
    const detections = image.detectionIds.flatMap((id) => {
      const e = dataset.byId.get(id);
      return e?.kind === 'detection' ? [e.value] : [];
    });
    const grid = { ...dataset.grid, center: dataset.center };
    return this.painter.paint(grid, image, detections, width, height);
  }

  private sign(imageId: string, size: ThumbSize, oe: string): string {
    return createHmac('sha256', this.secret)
      .update(`${imageId}/${size}/${oe}`)
      .digest('hex')
      .slice(0, 32);
  }
}

/** A sky-to-street gradient: cheap to draw and small once compressed. */
function gradient(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const t = y / height;
    const r = t < 0.5 ? 120 + 80 * t : 90;
    const g = t < 0.5 ? 170 + 60 * t : 90 + 20 * t;
    const b = t < 0.5 ? 235 : 95;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = 255;
    }
  }
  return encode({ data, width, height }, 60).data;
}

/**
 * Answers `/thumbs/<image id>/<size>.jpg?oe=&sig=`, the URL behind `thumb_*_url` (signed and
 * expiring: mapillary-api.md, Other: "Thumbnail URLs are signed and expire (`oe=` parameter)").
 */
export async function serveThumbnail(
  thumbs: Thumbnails,
  dataset: Dataset,
  path: string,
  query: URLSearchParams,
): Promise<Reply> {
  const m = /^\/thumbs\/(\d+)\/(256|1024|2048|original)\.jpg$/.exec(path);
  const image = m?.[1] ? findImage(dataset, m[1]) : undefined;
  if (!m || !image) {
    return text(404, 'Not Found');
  }
  const size = m[2] as ThumbSize;
  const problem = thumbs.verify(image.id, size, query.get('oe'), query.get('sig'));
  if (problem) {
    return text(403, problem === 'expired' ? 'URL signature expired' : 'Bad URL hash');
  }
  return {
    status: 200,
    contentType: 'image/jpeg',
    body: await thumbs.jpeg(dataset, image, size),
  };
}
