// Cuts the tiles of MapillaryJS's image pyramid out of the service's pictures (see
// shared/viewer/imageTiles.ts). The picture a level needs is fetched from the host once and kept
// (the latest few); each tile is cut and encoded in a worker (tileCutterWorker.ts), off the main
// thread where the library draws, and the worker decodes each picture once.
import workerSource from 'virtual:tileCutterWorker';
import { RequestChannel } from '../../shared/channel/requestChannel';
import { cutTileRequest } from '../../shared/viewer/tileCutRequests';
import { tileRegion, tileSource } from '../../shared/viewer/imageTiles';
import { type PictureSize } from '../../shared/viewer/viewerHandles';
import { type TileSource } from './providerCore';
import { type ViewerData } from './viewerData';
import { trimOldest } from '../../shared/boundedMap';

/** Pictures kept (a pyramid level needs one; the next image's may be on its way). */
const MAX_PICTURES = 3;

type Picture = { buffer: ArrayBuffer; mime: 'image/jpeg' | 'image/png' | 'image/webp' };

/** Makes tile bytes from the host's pictures (see the file comment). */
export class TileCutter implements TileSource {
  private readonly pictures = new Map<string, Promise<Picture>>();
  private readonly url: string;
  private readonly worker: Worker;
  private readonly channel: RequestChannel;

  constructor(
    private readonly data: ViewerData,
    onError: (message: string) => void,
  ) {
    this.url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    this.worker = new Worker(this.url, { name: 'mapillary-tile-cutter' });
    this.channel = new RequestChannel({
      post: (message, transfer) => this.worker.postMessage(message, transfer),
      onProblem: (text) => onError(`tile worker: ${text}`),
    });
    this.worker.onmessage = (event: MessageEvent<unknown>) => {
      this.channel.receive(event.data);
    };
    this.worker.onerror = (event) => {
      const message = `the tile worker failed: ${event.message}`;
      onError(message);
      this.channel.failAll(message);
    };
  }

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
    const pictureSize = tileSource(size.width, size.height, z);
    const picture = await this.picture(imageId, pictureSize);
    // The worker takes a copy: the picture is kept here for the level's other tiles.
    const { bytes } = await this.channel.request(
      cutTileRequest,
      {
        key: `${imageId}:${pictureSize}`,
        bytes: picture.buffer.slice(0),
        mime: picture.mime,
        region,
      },
      { signal },
    );
    return bytes;
  }

  /** Stops the worker and lets go of the pictures. */
  dispose(): void {
    this.channel.dispose();
    this.worker.terminate();
    URL.revokeObjectURL(this.url);
    this.pictures.clear();
  }

  private picture(imageId: string, size: PictureSize): Promise<Picture> {
    const key = `${imageId}:${size}`;
    let held = this.pictures.get(key);
    if (held) {
      this.pictures.delete(key);
    } else {
      // Fetched for every tile of its level: one tile's cancel must not cancel it.
      held = this.data.picture(imageId, size);
      held.catch(() => this.pictures.delete(key));
    }
    this.pictures.set(key, held);
    trimOldest(this.pictures, MAX_PICTURES);
    return held;
  }
}
