// The map's drawing workers, as many as the machine has cores up to four, each started from the
// worker bundle (embedded in map.js as text, started from a Blob URL: a webview cannot start a
// worker from its resource origin, and the CSP allows workers from `blob:` only). A tile goes to
// the worker chosen by its position, so every tile set of one place is decoded, kept and drawn by
// the same worker; the draw state and the sprite atlas go to all of them.
import workerSource from 'virtual:tileWorker';
import { RequestChannel } from '../shared/channel/requestChannel';
import { decodeDetectionsRequest } from '../shared/map/decodeRequests';
import type { DetectionOutline } from '../shared/map/detectionOutline';
import type { DetectionShape } from '../shared/map/detectionPixels';
import type { DrawCounts, DrawState, TileView } from '../shared/map/drawView';
import type { RenderTile } from '../shared/map/renderTile';
import type { SpriteIndex } from '../shared/map/spriteIndex';
import type { TileAddress } from '../shared/messages';
import { workerCount } from '../shared/map/workerCount';
import {
  drawStateRequest,
  drawTileRequest,
  dropTilesRequest,
  loadTileRequest,
  spritesRequest,
} from './workerRequests';

/** A tile's key in the workers. */
export function workerTileKey(tile: TileAddress): string {
  return `${tile.set}/${tile.z}/${tile.x}/${tile.y}`;
}

interface Lane {
  worker: Worker;
  channel: RequestChannel;
}

/** A drawn bitmap with what it holds. */
export interface DrawnBitmap {
  bitmap: ImageBitmap | null;
  counts: DrawCounts;
  drawMs: number;
}

/** The drawing workers, behind typed requests. */
export class WorkerPool {
  private readonly url: string;
  private readonly lanes: Lane[] = [];

  constructor(
    onError: (message: string) => void,
    count = workerCount(navigator.hardwareConcurrency),
  ) {
    this.url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    for (let i = 0; i < count; i++) {
      const worker = new Worker(this.url, { name: `mapillary-tiles-${i + 1}` });
      const channel = new RequestChannel({
        post: (message, transfer) => worker.postMessage(message, transfer as Transferable[]),
        onProblem: (text) => onError(`drawing worker ${i + 1}: ${text}`),
      });
      worker.onmessage = (event: MessageEvent<unknown>) => {
        channel.receive(event.data);
      };
      worker.onerror = (event) => {
        const message = `drawing worker ${i + 1} failed: ${event.message}`;
        onError(message);
        // Whatever was waiting fails now instead of never: its tiles get the failed mark.
        channel.failAll(message);
      };
      this.lanes.push({ worker, channel });
    }
  }

  /** How many workers there are. */
  get size(): number {
    return this.lanes.length;
  }

  private lane(tile: Pick<TileAddress, 'x' | 'y' | 'z'>): Lane {
    // Neighbouring tiles go to different workers, so a view's tiles are spread over all of them.
    const i =
      (((tile.x + tile.y * 3 + tile.z * 7) % this.lanes.length) + this.lanes.length) %
      this.lanes.length;
    const lane = this.lanes[i];
    if (!lane) throw new Error('no drawing worker');
    return lane;
  }

  /** Decodes a tile's bytes (transferred) in its worker, which keeps it; resolves with a copy. */
  async loadTile(tile: TileAddress, bytes: ArrayBuffer): Promise<RenderTile> {
    const key = workerTileKey(tile);
    return (await this.lane(tile).channel.request(loadTileRequest, { key, bytes })).tile;
  }

  /** Lets the worker forget a tile. */
  dropTile(tile: TileAddress): void {
    this.lane(tile)
      .channel.request(dropTilesRequest, { keys: [workerTileKey(tile)] })
      .catch(() => undefined);
  }

  /** Draws the tiles of one place (all held by one worker) into a bitmap. */
  drawTiles(
    sources: readonly TileAddress[],
    view: TileView,
    width: number,
    height: number,
  ): Promise<DrawnBitmap> {
    const first = sources[0];
    if (!first) return Promise.resolve({ bitmap: null, counts: emptyCounts(), drawMs: 0 });
    return this.lane(first).channel.request(drawTileRequest, {
      keys: sources.map(workerTileKey),
      view,
      width,
      height,
    });
  }

  /** Sends what decides how features look to every worker, for every draw after this. */
  setDrawState(state: DrawState): void {
    const params = {
      settings: state.settings,
      highlighted: [...state.highlighted],
      selected: [...state.selected],
      current: state.current ?? '',
    };
    for (const lane of this.lanes)
      lane.channel.request(drawStateRequest, params).catch(() => undefined);
  }

  /** Gives every worker the sprite atlas (each gets its own copy of the bytes). */
  async setSprites(png: ArrayBuffer, index: SpriteIndex): Promise<void> {
    await Promise.all(
      this.lanes.map((lane) => lane.channel.request(spritesRequest, { png: png.slice(0), index })),
    );
  }

  /** Decodes detection outlines into normalised polygons. */
  decodeDetections(
    items: DetectionOutline[],
  ): Promise<{ shapes: DetectionShape[]; failed: string[] }> {
    const lane = this.lanes[0];
    if (!lane) return Promise.reject(new Error('no drawing worker'));
    return lane.channel.request(decodeDetectionsRequest, { items });
  }

  /** Stops the workers; requests still waiting end with a cancellation. */
  dispose(): void {
    for (const lane of this.lanes) {
      lane.channel.dispose();
      lane.worker.terminate();
    }
    URL.revokeObjectURL(this.url);
  }
}

function emptyCounts(): DrawCounts {
  return { overview: 0, sequence: 0, image: 0, point: 0, traffic_sign: 0 };
}
