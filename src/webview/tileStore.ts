// Where the layers get their tiles: asked of the extension host (the webview has no network),
// decoded (and kept, to draw) by a drawing worker, shared between the canvases that show the same source tile (overzoomed
// tiles share their z14 parent) and kept a little while after the last canvas lets go, so panning
// back does not ask again.
import type { RequestChannel } from '../shared/channel/requestChannel';
import { isRequestCancelled } from '../shared/channel/requestErrors';
import type { RenderTile } from '../shared/map/renderTile';
import { tileRequest, type TileAddress } from '../shared/messages';

/** Fetches a tile's bytes (empty for an empty tile); aborting `signal` cancels the fetch. */
export type TileSource = (tile: TileAddress, signal: AbortSignal) => Promise<ArrayBuffer>;

/** What decodes and keeps tiles (the workers; in tests, anything with the same answer). */
export interface TileDecoder {
  /**
   * Decodes `bytes` (which it may take over) and keeps the tile for drawing; resolves with the
   * render tile for the page (picking, legend); rejects when the bytes are not a tile.
   */
  loadTile(tile: TileAddress, bytes: ArrayBuffer): Promise<RenderTile>;
  /** Forgets a tile loaded before. */
  dropTile(tile: TileAddress): void;
}

/** Unreferenced tiles kept for panning back. */
const KEEP_UNUSED = 48;

interface Entry {
  tile: TileAddress;
  promise: Promise<RenderTile>;
  /** The decoder holds the tile (it was decoded, and was not empty). */
  loaded: boolean;
  refs: number;
  /** Cancels the fetch while it is outstanding. */
  fetching: AbortController | undefined;
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

/** Tiles from the host, through the request channel to it. */
export function tilesFromHost(channel: RequestChannel): TileSource {
  return async (tile, signal) => {
    const { bytes } = await channel.request(tileRequest, tile, { signal });
    // A Uint8Array may be a view into a larger buffer: the worker gets exactly the tile's bytes.
    return bytes instanceof ArrayBuffer
      ? bytes
      : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  };
}

/** Tiles shared by the layers: fetched, decoded by the worker, reference counted. */
export class TileStore {
  private readonly entries = new Map<string, Entry>();
  private readonly unused: string[] = [];
  /** Tiles decoded so far and their total decode time, for diagnostics. */
  readonly stats = { decoded: 0, failed: 0, decodeMs: 0 };

  constructor(
    private readonly source: TileSource,
    private readonly decoder: TileDecoder,
  ) {}

  /**
   * The render tile of `tile`, shared with every other holder; call {@link release} when done. It
   * rejects with a cancellation when every holder let go before it arrived.
   */
  acquire(tile: TileAddress): Promise<RenderTile> {
    const key = tileKey(tile);
    const held = this.entries.get(key);
    if (held) {
      held.refs++;
      const at = this.unused.indexOf(key);
      if (at >= 0) this.unused.splice(at, 1);
      return held.promise;
    }
    const fetching = new AbortController();
    const entry: Entry = {
      tile,
      refs: 1,
      fetching,
      loaded: false,
      promise: Promise.resolve(emptyRenderTile()),
    };
    entry.promise = this.source(tile, fetching.signal)
      .then(async (bytes) => {
        entry.fetching = undefined;
        if (bytes.byteLength === 0) return emptyRenderTile();
        const started = performance.now();
        const decoded = await this.decoder.loadTile(tile, bytes).catch((error: unknown) => {
          throw new Error(
            `the tile could not be decoded: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
        this.stats.decodeMs += performance.now() - started;
        this.stats.decoded++;
        if (this.entries.get(key) === entry) entry.loaded = true;
        // Let go of while it was decoding: the decoder need not keep it.
        else this.decoder.dropTile(tile);
        return decoded;
      })
      .catch((error: unknown) => {
        entry.fetching = undefined;
        if (!isRequestCancelled(error)) this.stats.failed++;
        // A failed tile is forgotten so that showing it again asks again.
        if (this.entries.get(key) === entry) this.entries.delete(key);
        throw error instanceof Error ? error : new Error(String(error));
      });
    this.entries.set(key, entry);
    return entry.promise;
  }

  /** Lets go of a tile acquired before. */
  release(tile: TileAddress): void {
    const key = tileKey(tile);
    const entry = this.entries.get(key);
    if (!entry || entry.refs <= 0) return;
    entry.refs--;
    if (entry.refs > 0) return;
    if (entry.fetching) {
      // Nobody shows it any more: stop the host's fetch instead of decoding it for nothing.
      this.entries.delete(key);
      entry.fetching.abort();
      return;
    }
    this.unused.push(key);
    while (this.unused.length > KEEP_UNUSED) {
      const old = this.unused.shift();
      const oldEntry = old === undefined ? undefined : this.entries.get(old);
      if (old !== undefined && oldEntry && oldEntry.refs === 0) {
        this.entries.delete(old);
        if (oldEntry.loaded) this.decoder.dropTile(oldEntry.tile);
      }
    }
  }

  /** Tiles still being fetched. */
  fetchingCount(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.fetching) n++;
    return n;
  }
}
