// Where the layers get their tiles: asked of the extension host by message (the webview has no
// network), decoded in the worker, shared between the canvases that show the same source tile
// (overzoomed tiles share their z14 parent) and kept a little while after the last canvas lets go,
// so panning back does not ask again.
import type { RenderTile } from '../shared/map/renderTile';
import type { HostToWebview, TileAddress, WebviewToHost } from '../shared/messages';
import type { WorkerResponse } from './workerProtocol';

/** What decodes tile bytes (the worker; in tests, anything with the same answer). */
export interface TileDecoder {
  decodeTile(bytes: ArrayBuffer): Promise<WorkerResponse & { type: 'tile' }>;
}

/** Unreferenced tiles kept for panning back. */
const KEEP_UNUSED = 48;

interface Entry {
  key: string;
  promise: Promise<RenderTile>;
  refs: number;
  /** The host request while it is outstanding. */
  requestId: number | undefined;
  reject?: (error: Error) => void;
}

/** An empty render tile, for tiles the service has nothing in. */
export function emptyRenderTile(): RenderTile {
  return {
    extent: 4096,
    strings: [],
    points: [],
    lines: undefined,
    featureCount: 0,
    byteLength: 0,
  };
}

/** The key of a tile address. */
export function tileKey(tile: TileAddress): string {
  return `${tile.set}/${tile.z}/${tile.x}/${tile.y}`;
}

/** Tiles shared by the layers: requested from the host, decoded by the worker, reference counted. */
export class TileStore {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<
    number,
    { resolve: (bytes: ArrayBuffer) => void; reject: (e: Error) => void }
  >();
  private readonly unused: string[] = [];
  private nextRequest = 1;
  /** Tiles decoded so far and their total decode time, for diagnostics. */
  readonly stats = { decoded: 0, failed: 0, decodeMs: 0 };

  constructor(
    private readonly post: (message: WebviewToHost) => void,
    private readonly worker: TileDecoder,
  ) {}

  /** The render tile of `tile`, shared with every other holder; call {@link release} when done. */
  acquire(tile: TileAddress): Promise<RenderTile> {
    const key = tileKey(tile);
    let entry = this.entries.get(key);
    if (entry) {
      entry.refs++;
      const at = this.unused.indexOf(key);
      if (at >= 0) this.unused.splice(at, 1);
      return entry.promise;
    }
    const requestId = this.nextRequest++;
    const created: Entry = { key, refs: 1, requestId, promise: Promise.resolve(emptyRenderTile()) };
    created.promise = new Promise<ArrayBuffer>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      created.reject = reject;
    })
      .then(async (bytes) => {
        created.requestId = undefined;
        if (bytes.byteLength === 0) return emptyRenderTile();
        const started = performance.now();
        const response = await this.worker.decodeTile(bytes);
        this.stats.decodeMs += performance.now() - started;
        if (!response.ok) throw new Error(`the tile could not be decoded: ${response.error}`);
        this.stats.decoded++;
        return response.tile;
      })
      .catch((error: unknown) => {
        created.requestId = undefined;
        this.stats.failed++;
        // A failed tile is forgotten so that showing it again asks again.
        if (this.entries.get(key) === created) this.entries.delete(key);
        throw error instanceof Error ? error : new Error(String(error));
      });
    entry = created;
    this.entries.set(key, entry);
    this.post({ type: 'tileRequest', requestId, tile });
    return entry.promise;
  }

  /** Lets go of a tile acquired before. */
  release(tile: TileAddress): void {
    const key = tileKey(tile);
    const entry = this.entries.get(key);
    if (!entry || entry.refs <= 0) return;
    entry.refs--;
    if (entry.refs > 0) return;
    if (entry.requestId !== undefined) {
      // Nobody shows it any more: stop the host's fetch instead of decoding it for nothing.
      this.post({ type: 'tileCancel', requestId: entry.requestId });
      this.pending.delete(entry.requestId);
      this.entries.delete(key);
      entry.reject?.(new Error('cancelled'));
      return;
    }
    this.unused.push(key);
    while (this.unused.length > KEEP_UNUSED) {
      const old = this.unused.shift();
      const oldEntry = old === undefined ? undefined : this.entries.get(old);
      if (old !== undefined && oldEntry && oldEntry.refs === 0) this.entries.delete(old);
    }
  }

  /** Handles the host's answer to a tile request. */
  onTile(message: HostToWebview & { type: 'tile' }): void {
    const waiter = this.pending.get(message.requestId);
    if (!waiter) return;
    this.pending.delete(message.requestId);
    if (message.error !== undefined || !message.bytes) {
      waiter.reject(new Error(message.error ?? 'the host sent no bytes'));
      return;
    }
    const bytes = message.bytes;
    waiter.resolve(
      bytes instanceof ArrayBuffer
        ? bytes
        : (bytes.buffer.slice(
            bytes.byteOffset,
            bytes.byteOffset + bytes.byteLength,
          ) as ArrayBuffer),
    );
  }

  /** Requests still waiting for the host. */
  pendingCount(): number {
    return this.pending.size;
  }
}
