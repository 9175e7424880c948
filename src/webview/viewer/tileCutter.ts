// Cuts the tiles of MapillaryJS's image pyramid out of the service's pictures (see
// shared/viewer/imageTiles.ts): the picture a level needs is fetched from the host once, decoded
// once, and each tile drawn from it into a small canvas and encoded as JPEG for the library. A few
// decoded pictures are kept, and closed when they go.
import { type PictureSize } from '../../shared/viewer/viewerHandles';
import { tileRegion, tileSource } from '../../shared/viewer/imageTiles';
import { type ViewerData } from './viewerData';

/** Decoded pictures kept (a tile pyramid level needs one; stepping needs the next one's). */
const MAX_BITMAPS = 3;

/** Makes tile bytes from the host's pictures (see the file comment). */
export class TileCutter {
  private readonly bitmaps = new Map<string, Promise<ImageBitmap>>();

  constructor(private readonly data: ViewerData) {}

  /** The JPEG bytes of tile (x, y) of level z of an image of `width` × `height`. */
  async tile(
    imageId: string,
    size: { width: number; height: number },
    z: number,
    x: number,
    y: number,
    signal: AbortSignal,
  ): Promise<ArrayBuffer> {
    const region = tileRegion(size.width, size.height, z, x, y);
    if (!region) throw new Error(`tile ${z}/${x}/${y} is outside image ${imageId}`);
    const source = await this.bitmap(imageId, tileSource(size.width, size.height, z), signal);
    const sx = region.left * source.width;
    const sy = region.top * source.height;
    const sw = (region.right - region.left) * source.width;
    const sh = (region.bottom - region.top) * source.height;
    const canvas = new OffscreenCanvas(region.pixelsX, region.pixelsY);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas to cut tiles with');
    context.drawImage(source, sx, sy, sw, sh, 0, 0, region.pixelsX, region.pixelsY);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    return blob.arrayBuffer();
  }

  /** Lets go of every decoded picture. */
  dispose(): void {
    for (const held of this.bitmaps.values())
      void held.then(
        (b) => b.close(),
        () => undefined,
      );
    this.bitmaps.clear();
  }

  private bitmap(imageId: string, size: PictureSize, signal: AbortSignal): Promise<ImageBitmap> {
    const key = `${imageId}:${size}`;
    let held = this.bitmaps.get(key);
    if (held) {
      this.bitmaps.delete(key);
      this.bitmaps.set(key, held);
      return held;
    }
    // The picture is fetched for every tile of its level: one tile's cancel must not cancel it.
    held = this.data
      .picture(imageId, size)
      .then(({ buffer, mime }) => createImageBitmap(new Blob([buffer], { type: mime })));
    held.catch(() => this.bitmaps.delete(key));
    this.bitmaps.set(key, held);
    while (this.bitmaps.size > MAX_BITMAPS) {
      const [oldest, old] = this.bitmaps.entries().next().value as [string, Promise<ImageBitmap>];
      this.bitmaps.delete(oldest);
      void old.then(
        (b) => b.close(),
        () => undefined,
      );
    }
    return signal.aborted ? Promise.reject(new Error('cancelled')) : held;
  }
}
