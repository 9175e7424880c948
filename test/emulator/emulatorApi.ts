// The emulator's public shape: its options, the request log's records and the running emulator's
// controls. The server itself is in emulator.ts.
import { type EmulatorClock } from './clock';
import { type Dataset, type DatasetSize } from './dataset';
import { type FaultSpec } from './faults';

/** How to build and run an emulator. */
export interface EmulatorOptions {
  /** Seed of the dataset and of fault rates; default 1. */
  seed?: number;
  /**
   * small (~2,000 images, for tests), city (~100,000 images, for benchmarks) or country (a
   * Cyprus-sized island, about 280,000 images generated tile by tile as they are asked for, for
   * area listings); default small.
   */
  size?: DatasetSize;
  /** Milliseconds added to every response; default 0. */
  latencyMs?: number;
  /** Port on 127.0.0.1; default 0 (ephemeral). */
  port?: number;
  /** `expires_in` of issued OAuth tokens; default 5,184,000 (60 days). */
  tokenTtlSeconds?: number;
  /** How long signed thumbnail URLs stay valid; default 600 (10 minutes). */
  thumbTtlSeconds?: number;
  /**
   * What the thumbnails show: `streets`, each image's own picture of the emulated streets (for the
   * viewer; drawing costs tens to hundreds of milliseconds a picture, in a worker thread), or
   * `plain` (default), one sky-to-street gradient per picture size, drawn once.
   */
  pictures?: 'streets' | 'plain';
  /** Searches whose bbox matches more than this answer HTTP 500 "reduce the amount of data"; default 5,000. */
  denseThreshold?: number;
  /**
   * The time tokens, codes and thumbnail URLs expire by (and the request log is stamped with);
   * default the real time. Tests pass a `ManualClock` and advance it instead of sleeping.
   */
  clock?: EmulatorClock;
  /**
   * Whether `/images?image_ids=` is served (default true). False makes it answer code 100 as an
   * `/images` call without a filter, so a client's fallback to `/?ids=` can be tested.
   */
  imageIdsForm?: boolean;
}

/** One request the emulator answered (control requests under `/__emulator/` are not recorded). */
export interface RequestRecord {
  method: string;
  /** Path without the query (queries can hold tokens). */
  path: string;
  /** e.g. `graph:images`, `tiles:mly1_public`, `thumb`, `oauth:token`. */
  endpoint: string;
  status: number;
  /**
   * How the request carried a token and which kind it was (never the token itself), so that tests
   * can check that no tile request sent a user token or used the header.
   */
  auth?: RequestAuth;
  /** Epoch milliseconds when the answer was sent (or the connection cut). */
  at: number;
}

/** How one request authenticated. */
export interface RequestAuth {
  /** Where the token that was read came from; absent when the request carried none. */
  via?: 'header' | 'query';
  /** What the token is; 'unknown' when the emulator never issued it. */
  kind?: 'client' | 'user' | 'unknown';
  /** Whether an Authorization header was sent at all (for tiles the emulator ignores it). */
  header: boolean;
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:PORT`: Graph endpoints at its root, as on graph.mapillary.com. */
  readonly graphUrl: string;
  /**
   * `http://127.0.0.1:PORT/maps/vtp`: a tile is `${tilesUrl}/mly1_public/2/z/x/y`, the path of
   * `https://tiles.mapillary.com/maps/vtp/mly1_public/2/{z}/{x}/{y}` in the official docs.
   */
  readonly tilesUrl: string;
  /** `http://127.0.0.1:PORT/connect`: the OAuth consent page. */
  readonly authorizeUrl: string;
  /** A valid client access token, `MLY|<digits>|<hex>`. */
  readonly clientToken: string;
  /** The registered app's credentials for the OAuth exchange. */
  readonly oauthClient: { id: string; secret: string };
  readonly dataset: Dataset;
  setLatency(ms: number): void;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  requests(): RequestRecord[];
  /** Requests whose endpoint starts with the prefix, e.g. `count('tiles:')`. */
  count(endpointPrefix: string): number;
  resetLog(): void;
  /**
   * Requests received and not yet answered: a test waits for 0 before it counts, so that requests a
   * client gave up on (still answered after the latency) land in the log first.
   */
  inFlight(): number;
  /** A valid user token (for the dataset's first user) without the browser flow. */
  issueUserToken(ttlSeconds?: number): string;
  revokeToken(token: string): void;
  close(): Promise<void>;
}
