// One call that wires the whole client the way the extension and the command line use it: the Graph
// client and endpoints, the tile fetcher with its disk cache, and the persisted daily tile budget,
// all sharing one token source, retry budget and event stream.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { type RetryBudget } from '../../shared/api/retryBudget';
import { type BackoffOptions, type UsageThrottleOptions } from '../../shared/api/retryPolicy';
import { type Logger, silentLogger } from '../../shared/logger';
import { DailyBudget } from '../http/dailyBudget';
import { GraphClient } from '../http/graphClient';
import {
  type InvalidTokenHook,
  type RequestEvent,
  type TokenProvider,
} from '../http/mapillaryHttp';
import { TileCache } from '../tiles/tileCache';
import { TileFetcher } from '../tiles/tileFetcher';
import {
  type MissingClientTokenSituation,
  type TileTokenCandidate,
  type TileTokenSource,
  tileTokenSource,
} from '../tiles/tileToken';
import { adviceFor } from '../../shared/api/graphError';
import { normalizeTilesUrl } from '../../shared/tiles/tileSets';
import { MapillaryApi } from './mapillaryApi';
import { TokenKinds, meProbe } from './tokenKinds';

/** Settings of {@link createMapillaryClient}. */
export interface MapillaryClientOptions {
  /** The `mapillary.api.graphUrl` setting. */
  graphUrl: string;
  /**
   * The `mapillary.api.tilesUrl` setting, ending in `/maps/vtp`; a value in the old form is
   * corrected (see `normalizeTilesUrl`) and the correction logged as a warning.
   */
  tilesUrl: string;
  /** The token of Graph calls (a user's after sign-in, else the app's client token). */
  getToken: TokenProvider;
  /** Refreshes the token after a 190; see {@link InvalidTokenHook}. */
  onInvalidToken?: InvalidTokenHook;
  /** The app's client token, offered to tiles first (sent as `access_token`). */
  clientToken?: string;
  /**
   * The tokens that may serve tiles, best first. By default: {@link clientToken}, then the Graph
   * token when the service says it is a client token. A user token never reaches a tile URL.
   */
  tileTokens?: () => Promise<readonly TileTokenCandidate[]>;
  /** What to say when tiles need a client token and none is at hand (what, and how to add it). */
  missingClientToken?: (situation: MissingClientTokenSituation) => string;
  /**
   * A folder for the tile cache (`tiles/`) and the tile budget (`tile-budget.json`), e.g. the
   * extension's global storage. Without it nothing is cached and the budget lives in memory.
   */
  storageDir?: string;
  /** Where the tile budget is kept instead (the command line keeps it without a tile cache). */
  budgetFile?: string;
  /** Bytes of tiles kept on disk (default 512 MB). */
  tileCacheMaxBytes?: number;
  /** How long a cached tile is fresh (default 24 h). */
  tileCacheTtlMs?: number;
  /** Tile requests per UTC day (default 50,000). */
  tilesPerDay?: number;
  /** Graph requests per minute (default 50,000). */
  graphRatePerMinute?: number;
  /** Per-attempt timeout (default 30 s). */
  timeoutMs?: number;
  /** The network (global fetch by default); the command line's tests pass their own. */
  fetch?: typeof fetch;
  /** Attempts per request, the first included (default 5). */
  maxAttempts?: number;
  /** Retry delays (default 0.5 s doubling to 30 s). */
  backoff?: BackoffOptions;
  /** Retries shared by every request (default: a burst of 50, 2 per second). */
  retryBudget?: RetryBudget;
  /** The pause as `x-app-usage` nears 100 % (default: from 80 %, up to 10 s). */
  usageThrottle?: UsageThrottleOptions;
  logger?: Logger;
  /** Request events (URLs redacted); by default they are logged at trace level, given a logger. */
  onEvent?: (event: RequestEvent) => void;
}

/** The wired client. */
export interface MapillaryClient {
  api: MapillaryApi;
  graph: GraphClient;
  tiles: TileFetcher;
  /** The kinds of the tokens seen this session (client or user). */
  tokenKinds: TokenKinds;
  /** The client token the next tile request would carry (throws 'no-client-token' when none). */
  tileToken: TileTokenSource;
  /** The tiles base URL in use (normalised). */
  tilesUrl: string;
  tileCache: TileCache | undefined;
  tileBudget: DailyBudget;
  /** Saves the cache index and the tile budget; call on deactivate or exit. */
  flush(): Promise<void>;
}

/** Builds the client, opening the disk cache and the tile budget. */
export async function createMapillaryClient(
  options: MapillaryClientOptions,
): Promise<MapillaryClient> {
  const logger = options.logger ?? silentLogger;
  // Without a logger nothing would be logged: no event is built at all.
  const onEvent =
    options.onEvent ??
    (options.logger ? (event: RequestEvent) => logger.trace(describeEvent(event)) : undefined);
  const graph = new GraphClient({
    baseUrl: options.graphUrl,
    getToken: options.getToken,
    onInvalidToken: options.onInvalidToken,
    graphRatePerMinute: options.graphRatePerMinute,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
    maxAttempts: options.maxAttempts,
    backoff: options.backoff,
    retryBudget: options.retryBudget,
    usageThrottle: options.usageThrottle,
    logger,
    onEvent,
  });
  const tileCache = options.storageDir
    ? await TileCache.open({
        dir: tileCacheDir(options.storageDir, options.tilesUrl),
        maxBytes: options.tileCacheMaxBytes,
        ttlMs: options.tileCacheTtlMs,
        logger,
      })
    : undefined;
  const tileBudget = await DailyBudget.open({
    file:
      options.budgetFile ??
      (options.storageDir ? path.join(options.storageDir, 'tile-budget.json') : undefined),
    limit: options.tilesPerDay,
    logger,
  });
  const tokenKinds = new TokenKinds(meProbe(graph));
  const tileToken = tileTokenSource({
    candidates: options.tileTokens ?? (() => defaultTileTokens(options)),
    kinds: tokenKinds,
    missing: options.missingClientToken ?? (() => adviceFor('no-client-token')),
  });
  const tilesUrl = normalizeTilesUrl(options.tilesUrl);
  if (tilesUrl.warning) logger.warn(tilesUrl.warning);
  const tiles = new TileFetcher({
    http: graph.http,
    tilesUrl: tilesUrl.url,
    cache: tileCache,
    budget: tileBudget,
    tileToken,
    logger,
  });
  return {
    api: new MapillaryApi(graph),
    graph,
    tiles,
    tokenKinds,
    tileToken,
    tilesUrl: tilesUrl.url,
    tileCache,
    tileBudget,
    flush: async () => {
      await Promise.all([tileCache?.flush(), tileBudget.flush()]);
    },
  };
}

/** The default tile tokens: the declared client token, then the Graph token if it is one. */
async function defaultTileTokens(options: MapillaryClientOptions): Promise<TileTokenCandidate[]> {
  const out: TileTokenCandidate[] = [];
  if (options.clientToken) {
    out.push({ token: options.clientToken, origin: 'the client token', declaredClient: true });
  }
  const graphToken = await options.getToken();
  if (graphToken && graphToken !== options.clientToken) {
    out.push({ token: graphToken, origin: 'the access token', declaredClient: false });
  }
  return out;
}

/** A one-line, redacted description of a request event for the log. */
export function describeEvent(event: RequestEvent): string {
  const parts = [`#${event.requestId}.${event.attempt}`, event.type, event.channel, event.url];
  if (event.status !== undefined) parts.push(`HTTP ${event.status}`);
  if (event.error) parts.push(event.error);
  if (event.durationMs !== undefined) parts.push(`${Math.round(event.durationMs)} ms`);
  if (event.delayMs !== undefined) parts.push(`wait ${event.delayMs} ms`);
  return parts.join(' ');
}

/**
 * The tile cache's folder for one tiles URL: tiles of another service (a proxy, the emulator) at
 * the same address are other tiles, so each URL keeps its own cache.
 */
export function tileCacheDir(storageDir: string, tilesUrl: string): string {
  const id = createHash('sha256').update(tilesUrl.replace(/\/+$/, '')).digest('hex').slice(0, 16);
  return path.join(storageDir, 'tiles', id);
}
