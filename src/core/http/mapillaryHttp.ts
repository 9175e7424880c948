// The request engine under the Graph client and the tile fetcher: one attempt at a time with a
// per-attempt timeout, caller cancellation, retries for retryable failures only (exponential backoff
// with full jitter, Retry-After honoured, a shared retry budget), a pause when `x-app-usage` nears
// 100 %, one token refresh on code 190, a bound on parallel requests, and redacted request events.
import { type Logger, silentLogger } from '../../shared/logger';
import { redact } from '../../shared/redact';
import {
  GraphError,
  type GraphErrorKind,
  adviceFor,
  isRetryable,
} from '../../shared/api/graphError';
import {
  type BackoffOptions,
  DEFAULT_BACKOFF,
  DEFAULT_USAGE_THROTTLE,
  type UsageThrottleOptions,
  parseAppUsage,
  retryDelayMs,
  usageDelayMs,
} from '../../shared/api/retryPolicy';
import { RetryBudget } from '../../shared/api/retryBudget';
import { type Clock, systemClock } from './clock';
import { Semaphore } from './semaphore';

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
  signal?: AbortSignal;
  timeoutMs?: number;
  maxAttempts?: number;
}

/** The shared request engine. */
export class MapillaryHttp {
  private readonly fetchImpl: typeof fetch;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly budget: RetryBudget;
  private readonly semaphore: Semaphore;
  private readonly logger: Logger;
  private usagePct: number | undefined;
  private refreshing: Promise<string | undefined> | undefined;
  private nextId = 1;

  constructor(private readonly options: MapillaryHttpOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.budget = options.retryBudget ?? new RetryBudget(undefined, () => this.clock.now());
    this.semaphore = new Semaphore(options.maxConcurrent ?? 16);
    this.logger = options.logger ?? silentLogger;
  }

  /** The last `x-app-usage` percentage seen (highest of its values), if any. */
  get appUsagePct(): number | undefined {
    return this.usagePct;
  }

  /** Retries left in the shared budget. */
  retriesAvailable(): number {
    return this.budget.available();
  }

  /** Runs a request with the retry, refresh and throttle rules. */
  async execute<T>(spec: RequestSpec<T>): Promise<T> {
    const requestId = this.nextId++;
    const maxAttempts = Math.max(1, spec.maxAttempts ?? this.options.maxAttempts ?? 5);
    const signal = spec.signal;
    let refreshed = false;
    let attempt = 0;
    let retries = 0;
    for (;;) {
      attempt += 1;
      if (signal?.aborted) throw cancelled();
      let token: string | undefined;
      let url = '';
      try {
        token = await this.options.getToken();
        if (token === undefined && spec.requireToken !== false) {
          throw new GraphError('no-token', adviceFor('no-token'));
        }
        url = spec.build(token).url;
        await this.throttle(spec.channel, requestId, attempt, url, signal);
        await spec.beforeAttempt?.(signal);
        const result = await this.semaphore.run(() =>
          this.attempt(spec, token, requestId, attempt),
        );
        this.budget.recordSuccess();
        return result;
      } catch (caught) {
        const error = toGraphError(caught, signal);
        if (error.kind === 'cancelled' || error.kind === 'no-token') throw error;
        if (error.kind === 'invalid-token') {
          if (refreshed || !this.options.onInvalidToken) throw error;
          refreshed = true;
          const fresh = await this.refresh(token, spec.channel, requestId, attempt, url);
          if (signal?.aborted) throw cancelled();
          if (fresh === undefined || fresh === token) throw error;
          // The refresh is not a failure of the service: it costs no attempt and no budget.
          attempt -= 1;
          continue;
        }
        if (!isRetryable(error) || attempt >= maxAttempts) throw error;
        const maxRetryAfterMs = this.options.maxRetryAfterMs ?? 120_000;
        if (error.retryAfterMs !== undefined && error.retryAfterMs > maxRetryAfterMs) throw error;
        if (!this.budget.tryAcquire()) {
          this.logger.warn(`retry budget spent; giving up on ${redact(url)} (${error.describe()})`);
          throw error;
        }
        const delayMs = retryDelayMs(
          retries,
          error.retryAfterMs,
          { ...(this.options.backoff ?? DEFAULT_BACKOFF), maxRetryAfterMs },
          this.random,
        );
        retries += 1;
        this.emit({
          type: 'retry',
          channel: spec.channel,
          requestId,
          attempt,
          url,
          status: error.status,
          error: error.kind,
          delayMs,
        });
        this.logger.debug(
          `retrying ${redact(url)} in ${delayMs} ms after ${error.describe()} (attempt ${attempt}/${maxAttempts})`,
        );
        try {
          await this.clock.sleep(delayMs, signal);
        } catch {
          throw cancelled();
        }
      }
    }
  }

  private async attempt<T>(
    spec: RequestSpec<T>,
    token: string | undefined,
    requestId: number,
    attempt: number,
  ): Promise<T> {
    const { url, headers } = spec.build(token);
    const timeoutMs = spec.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new GraphError('timeout', adviceFor('timeout'))),
      timeoutMs,
    );
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout.signal]) : timeout.signal;
    const started = this.clock.now();
    this.emit({ type: 'start', channel: spec.channel, requestId, attempt, url });
    try {
      const response = await this.fetchImpl(url, { headers, signal, redirect: 'follow' });
      const usage = parseAppUsage(response.headers.get('x-app-usage'));
      if (usage !== undefined) this.usagePct = usage;
      const result = await withAbort(spec.read(response), signal);
      this.emit({
        type: 'success',
        channel: spec.channel,
        requestId,
        attempt,
        url,
        status: response.status,
        durationMs: this.clock.now() - started,
      });
      return result;
    } catch (caught) {
      const error = toGraphError(caught, spec.signal, timeout.signal);
      this.emit({
        type: 'failure',
        channel: spec.channel,
        requestId,
        attempt,
        url,
        status: error.status,
        error: error.kind,
        durationMs: this.clock.now() - started,
      });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async throttle(
    channel: RequestChannel,
    requestId: number,
    attempt: number,
    url: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const delayMs = usageDelayMs(
      this.usagePct,
      this.options.usageThrottle ?? DEFAULT_USAGE_THROTTLE,
    );
    if (delayMs <= 0) return;
    this.emit({ type: 'throttle', channel, requestId, attempt, url, delayMs });
    try {
      await this.clock.sleep(delayMs, signal);
    } catch {
      throw cancelled();
    }
  }

  /** Calls the refresh hook, shared by every request that hits 190 while it runs. */
  private async refresh(
    used: string | undefined,
    channel: RequestChannel,
    requestId: number,
    attempt: number,
    url: string,
  ): Promise<string | undefined> {
    // Another request may already have refreshed while this one was in flight.
    const current = await this.options.getToken();
    if (current !== undefined && current !== used && !this.refreshing) return current;
    if (!this.refreshing) {
      this.emit({ type: 'refresh', channel, requestId, attempt, url });
      this.logger.info('the access token was rejected; refreshing it once');
      const hook = this.options.onInvalidToken;
      this.refreshing = (async () => {
        try {
          const outcome = await hook?.();
          if (typeof outcome === 'string' && outcome) return outcome;
          if (outcome === true) return await this.options.getToken();
          return undefined;
        } catch (error) {
          this.logger.warn(
            `token refresh failed: ${redact(error instanceof Error ? error.message : String(error))}`,
          );
          return undefined;
        }
      })().finally(() => {
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  private emit(event: RequestEvent): void {
    const safe = { ...event, url: redact(event.url) };
    try {
      this.options.onEvent?.(safe);
    } catch {
      // A listener's bug must not break the request.
    }
  }
}

function cancelled(): GraphError {
  return new GraphError('cancelled', adviceFor('cancelled'));
}

/** Rejects as soon as `signal` aborts, even if `promise` ignores the signal. */
function withAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Maps anything thrown during an attempt to a GraphError: cancelled, timeout or network. */
export function toGraphError(
  caught: unknown,
  callerSignal?: AbortSignal,
  timeoutSignal?: AbortSignal,
): GraphError {
  if (callerSignal?.aborted) return cancelled();
  if (caught instanceof GraphError) return caught;
  if (timeoutSignal?.aborted) return new GraphError('timeout', adviceFor('timeout'));
  const name = caught instanceof Error ? caught.name : '';
  if (name === 'TimeoutError') return new GraphError('timeout', adviceFor('timeout'));
  if (name === 'AbortError') return cancelled();
  return new GraphError('network', adviceFor('network'), { cause: redactedCause(caught) });
}

function redactedCause(caught: unknown): Error {
  const inner = caught instanceof Error && caught.cause instanceof Error ? caught.cause : undefined;
  const text = [
    caught instanceof Error ? caught.message : String(caught),
    inner ? `(${inner.message})` : '',
  ]
    .join(' ')
    .trim();
  return new Error(redact(text));
}
