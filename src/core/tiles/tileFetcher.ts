// Fetches Mapillary vector tiles through the disk cache. Every tile request carries the app's client
// token as `?access_token=` (the documented form for tiles) and never a header; a user token is never
// sent to tiles at all (see tileToken.ts). Bodies are checked before anyone decodes them: empty means
// an empty tile, JSON is a Graph error, HTML is an error page, gzip is decompressed with a size bound
// and checked again. A refusal (401, 404, code 190) says which URL shape and which token kind were
// used, never the token. Every network attempt counts against the persisted daily tile budget, and
// concurrent requests for one tile share a fetch.
import {
  GraphError,
  adviceFor,
  graphErrorFromResponse,
  parseGraphErrorBody,
} from '../../shared/api/graphError';
import { parseRetryAfter } from '../../shared/api/retryPolicy';
import { type Logger, silentLogger } from '../../shared/logger';
import { errorText } from '../../shared/redact';
import { type Gunzip, classifyTileBody, unwrapTileBody } from '../../shared/tiles/tileBody';
import { type TileSetName, tileUrl } from '../../shared/tiles/tileSets';
import { onAbort } from '../http/abortListeners';
import { type Clock, systemClock } from '../http/clock';
import { type DailyBudget } from '../http/dailyBudget';
import { type MapillaryHttp } from '../http/mapillaryHttp';
import { readBodyBounded } from '../http/readBody';
import { boundedGunzip } from './gunzipBounded';
import { type TileCache } from './tileCache';
import { buildTileRequest, describeRequest, refusal } from './tileRequest';
import { type TileTokenSource } from './tileToken';

/** Settings of {@link TileFetcher}. */
export interface TileFetcherOptions {
  /** The request engine (shared with the Graph client: one token, one retry budget). */
  http: MapillaryHttp;
  /** Base URL of the tiles, `https://tiles.mapillary.com/maps/vtp` (a setting, already normalised). */
  tilesUrl: string;
  /**
   * The app's client token for tiles, sent as `access_token`. Without a source, tile requests carry
   * no token (a local tile server that needs none).
   */
  tileToken?: TileTokenSource;
  /** The disk cache; without it every call goes to the network. */
  cache?: TileCache;
  /** The persisted daily tile budget; without it tiles are not counted. */
  budget?: DailyBudget;
  /** Largest tile body read, in bytes (default 32 MB). */
  maxTileBytes?: number;
  /** Largest decompressed size of a gzip body (default 64 MB). */
  maxInflatedBytes?: number;
  /**
   * Whether a stale cached tile is returned when the network fails or the budget is spent
   * (default true): an old tile is better than a hole in the map.
   */
  serveStale?: boolean;
  clock?: Clock;
  logger?: Logger;
}

/** Where a tile came from. */
export type TileSource = 'network' | 'cache' | 'stale-cache';

/** A fetched tile. */
export interface TileResult {
  /** The tile's bytes (decompressed); empty for an empty tile. */
  bytes: Uint8Array;
  /** True when the service has nothing in this tile. */
  empty: boolean;
  source: TileSource;
}

/** Per-call options. */
export interface TileCallOptions {
  signal?: AbortSignal;
  /** Skip the cache read (the result is still stored). */
  refresh?: boolean;
}

/** One network fetch of a tile, shared by every caller that wants the tile meanwhile. */
interface SharedFetch {
  promise: Promise<TileResult>;
  controller: AbortController;
  waiters: number;
}

/** Fetches tiles with cache, budget and body checks. */
export class TileFetcher {
  private readonly inflight = new Map<string, SharedFetch>();
  private readonly gunzip: Gunzip;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly options: TileFetcherOptions) {
    this.gunzip = boundedGunzip(options.maxInflatedBytes ?? 64 * 1024 * 1024);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
  }

  /** Tile requests left today in the persisted budget (Infinity without a budget). */
  remainingTileBudget(): number {
    return this.options.budget ? this.options.budget.remaining() : Infinity;
  }

  /** The cache key of a tile. */
  static key(set: TileSetName, z: number, x: number, y: number): string {
    return `${set}/${z}/${x}/${y}`;
  }

  /** One tile of `set` at `z/x/y`. */
  async getTile(
    set: TileSetName,
    z: number,
    x: number,
    y: number,
    options: TileCallOptions = {},
  ): Promise<TileResult> {
    const url = tileUrl(this.options.tilesUrl, set, z, x, y);
    const key = TileFetcher.key(set, z, x, y);
    if (options.signal?.aborted) throw new GraphError('cancelled', adviceFor('cancelled'));
    const cache = this.options.cache;
    if (cache && !options.refresh) {
      const cached = await cache.getFresh(key);
      if (cached) return { bytes: cached, empty: cached.byteLength === 0, source: 'cache' };
    }
    // The signal may have fired while the cache was read.
    if (options.signal?.aborted) throw new GraphError('cancelled', adviceFor('cancelled'));
    let shared = this.inflight.get(key);
    if (!shared) {
      const controller = new AbortController();
      const entry: SharedFetch = { promise: undefined as never, controller, waiters: 0 };
      entry.promise = this.fetchAndStore(key, set, url, controller.signal).finally(() => {
        if (this.inflight.get(key) === entry) this.inflight.delete(key);
      });
      shared = entry;
      this.inflight.set(key, shared);
    }
    return this.wait(key, shared, options.signal);
  }

  /** Waits for a shared fetch; the fetch is aborted only when every waiter has given up. */
  private wait(
    key: string,
    shared: SharedFetch,
    signal: AbortSignal | undefined,
  ): Promise<TileResult> {
    shared.waiters += 1;
    return new Promise<TileResult>((resolve, reject) => {
      let settled = false;
      const stop = signal
        ? onAbort(signal, () => {
            if (settled) return;
            settled = true;
            shared.waiters -= 1;
            if (shared.waiters === 0) {
              shared.controller.abort();
              // A caller arriving after this must start a new fetch, not join the cancelled one.
              if (this.inflight.get(key) === shared) this.inflight.delete(key);
            }
            reject(new GraphError('cancelled', adviceFor('cancelled')));
          })
        : () => undefined;
      shared.promise.then(
        (result) => {
          stop();
          if (settled) return;
          settled = true;
          resolve(result);
        },
        (error: unknown) => {
          stop();
          if (settled) return;
          settled = true;
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  private async fetchAndStore(
    key: string,
    set: TileSetName,
    url: string,
    signal: AbortSignal,
  ): Promise<TileResult> {
    const cache = this.options.cache;
    let bytes: Uint8Array;
    try {
      const token = this.options.tileToken ? await this.options.tileToken(signal) : undefined;
      const shape = describeRequest(this.options.tilesUrl, set, token);
      bytes = await this.options.http.execute({
        channel: 'tiles',
        signal,
        // The tile's own token, never the engine's (which may be a user's): no header, no refresh.
        token: () => Promise.resolve(token?.token),
        requireToken: token !== undefined,
        build: (value) => buildTileRequest(url, value),
        beforeAttempt: () => {
          const budget = this.options.budget;
          if (budget && !budget.tryConsume(1)) {
            return Promise.reject(
              new GraphError(
                'budget-exhausted',
                `Today's tile budget (${budget.limit} requests) is spent: cached tiles are still shown; new ones come after midnight UTC.`,
              ),
            );
          }
          return Promise.resolve();
        },
        read: (response) => this.readTile(response, shape),
      });
    } catch (error) {
      const kind = error instanceof GraphError ? error.kind : undefined;
      if (
        cache &&
        this.options.serveStale !== false &&
        (kind === 'network' ||
          kind === 'timeout' ||
          kind === 'budget-exhausted' ||
          kind === 'server')
      ) {
        const stale = await cache.get(key);
        if (stale) {
          this.logger.info(`serving a stale tile ${key} (${kind})`);
          return { bytes: stale.bytes, empty: stale.bytes.byteLength === 0, source: 'stale-cache' };
        }
      }
      throw error;
    }
    if (cache) {
      await cache.put(key, bytes).catch((error: unknown) => {
        this.logger.warn(`could not cache tile ${key}: ${errorText(error)}`);
      });
    }
    return { bytes, empty: bytes.byteLength === 0, source: 'network' };
  }

  private async readTile(response: Response, shape: string): Promise<Uint8Array> {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.clock.now());
    const raw = await readBodyBounded(response, this.options.maxTileBytes ?? 32 * 1024 * 1024);
    const ok = response.status >= 200 && response.status < 300;
    const first = classifyTileBody(raw);
    if (first.kind === 'json' || !ok) {
      let body;
      try {
        body = parseGraphErrorBody(JSON.parse(new TextDecoder().decode(raw)));
      } catch {
        body = undefined;
      }
      if (body || !ok)
        throw refusal(graphErrorFromResponse(response.status, body, retryAfterMs), shape);
      throw new GraphError(
        'not-json',
        'The tile server sent JSON instead of a tile: try again later.',
        {
          status: response.status,
        },
      );
    }
    if (response.status === 204) return new Uint8Array(0);
    const unwrapped = await unwrapTileBody(raw, this.gunzip);
    if (unwrapped.kind === 'empty') return new Uint8Array(0);
    if (unwrapped.kind === 'tile') return unwrapped.bytes;
    if (first.kind === 'html') {
      throw new GraphError(
        'html',
        'The tile server sent a web page instead of a tile: a proxy or sign-in page may be in the way; check the tiles URL setting.',
        { status: response.status },
      );
    }
    throw new GraphError(
      'invalid-response',
      `The tile server sent something that is not a tile: ${unwrapped.reason}.`,
      {
        status: response.status,
      },
    );
  }
}
