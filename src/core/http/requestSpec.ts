// The request engine's vocabulary: where tokens come from, what one logical request is (so that
// the engine can repeat it), its settings, and the redacted events it reports.
import { type GraphErrorKind } from '../../shared/api/graphError';
import { type RetryBudget } from '../../shared/api/retryBudget';
import { type BackoffOptions, type UsageThrottleOptions } from '../../shared/api/retryPolicy';
import { type Logger } from '../../shared/logger';
import { type Clock } from './clock';

/** Supplies the current access token; undefined when none is available (signed out). */
export type TokenProvider = () => Promise<string | undefined>;

/**
 * Called once when the service rejects the token (code 190). Returns the new token, or true when the
 * token provider now yields a fresh one; false, undefined or a throw mean the refresh failed.
 */
export type InvalidTokenHook = () => Promise<string | boolean | undefined>;

/** Which kind of request: Graph calls and tiles count against published limits, thumbnails do not. */
export type RequestChannel = 'graph' | 'tiles' | 'thumbnails';

/** A request lifecycle event for logging and metrics. URLs in events are always redacted. */
export interface RequestEvent {
  type: 'start' | 'success' | 'failure' | 'retry' | 'throttle' | 'refresh';
  channel: RequestChannel;
  /** Identifies one logical request across its attempts. */
  requestId: number;
  /** 1-based attempt number. */
  attempt: number;
  /** The URL, redacted. */
  url: string;
  status?: number;
  durationMs?: number;
  error?: GraphErrorKind;
  /** For 'retry' and 'throttle': how long the client waits. */
  delayMs?: number;
}

/** Settings of {@link MapillaryHttp}. */
export interface MapillaryHttpOptions {
  /** The token source; the sign-in code plugs in here. */
  getToken: TokenProvider;
  /** The refresh hook for code 190. Without it a 190 fails at once with 'invalid-token'. */
  onInvalidToken?: InvalidTokenHook;
  /** The fetch implementation (global fetch by default). */
  fetch?: typeof fetch;
  clock?: Clock;
  /** Random numbers in [0, 1) for jitter. */
  random?: () => number;
  /** Per-attempt timeout in milliseconds, body included (default 30 s). */
  timeoutMs?: number;
  /** Attempts per request, the first included (default 5). */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** A Retry-After longer than this fails the request instead of waiting (default 120 s). */
  maxRetryAfterMs?: number;
  /** Retries shared by every request (default: a burst of 50, 2 per second). */
  retryBudget?: RetryBudget;
  usageThrottle?: UsageThrottleOptions;
  /** Requests in flight at most (default 16). */
  maxConcurrent?: number;
  logger?: Logger;
  onEvent?: (event: RequestEvent) => void;
}

/** One logical request, described so the engine can repeat it. */
export interface RequestSpec<T> {
  channel: RequestChannel;
  /** Builds the URL and headers for an attempt with this token (undefined when none is needed). */
  build(token: string | undefined): { url: string; headers?: Record<string, string> };
  /** Turns a response into the result, or throws a {@link GraphError}. */
  read(response: Response): Promise<T>;
  /** Runs before each attempt (rate limiter, budget); may wait or throw 'budget-exhausted'. */
  beforeAttempt?(signal: AbortSignal | undefined): Promise<void>;
  /** Whether a token is required (default true). */
  requireToken?: boolean;
  /**
   * The token source of this request instead of the engine's (tiles take the app's client token,
   * whatever the Graph calls use). A request with its own source is never refreshed on code 190:
   * the refresh hook renews the engine's token, not this one.
   */
  token?: TokenProvider;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxAttempts?: number;
}
