// The request engine under the Graph client and the tile fetcher: one attempt at a time with a
// per-attempt timeout, caller cancellation, retries for retryable failures only (exponential backoff
// with full jitter, Retry-After honoured, a shared retry budget), a pause when `x-app-usage` nears
// 100 %, one token refresh on code 190, a bound on parallel requests, and redacted request events.
import { type Logger, silentLogger } from '../../shared/logger';
import { errorText, redact } from '../../shared/redact';
import { GraphError, adviceFor, isRetryable } from '../../shared/api/graphError';
import {
  DEFAULT_BACKOFF,
  DEFAULT_USAGE_THROTTLE,
  parseAppUsageFields,
  retryDelayMs,
  usageDelayMs,
} from '../../shared/api/retryPolicy';
import { RetryBudget } from '../../shared/api/retryBudget';
import { onAbort } from './abortListeners';
import { cancelled, toGraphError, withAbort } from './attemptErrors';
import {
  type MapillaryHttpOptions,
  type RequestChannel,
  type RequestEvent,
  type RequestSpec,
} from './requestSpec';
import { type Clock, systemClock } from './clock';
import { Semaphore } from './semaphore';

export type {
  InvalidTokenHook,
  MapillaryHttpOptions,
  RequestChannel,
  RequestEvent,
  RequestSpec,
  TokenProvider,
} from './requestSpec';

/** The shared request engine. */
export class MapillaryHttp {
  private readonly fetchImpl: typeof fetch;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly budget: RetryBudget;
  private readonly semaphore: Semaphore;
  private readonly logger: Logger;
  private usagePct: number | undefined;
  private usageFields: Record<string, number> | undefined;
  private usageHeader: string | undefined;
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

  /** The last `x-app-usage` header seen, by name (`call_count`, `total_time`, …), if any. */
  get appUsage(): Readonly<Record<string, number>> | undefined {
    return this.usageFields;
  }

  /** Retries left in the shared budget. */
  retriesAvailable(): number {
    return this.budget.available();
  }

  /** The current token from the provider (the connection check reports its kind). */
  token(): Promise<string | undefined> {
    return this.options.getToken();
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
        token = await (spec.token ?? this.options.getToken)();
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
          if (refreshed || !this.options.onInvalidToken || spec.token) throw error;
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
    // One controller per attempt, aborted by its timeout or by the caller's signal (through the
    // signal's single shared listener): cheaper than combining two signals with AbortSignal.any,
    // which a busy export pays for on every request.
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new GraphError('timeout', adviceFor('timeout'))),
      timeoutMs,
    );
    const caller = spec.signal;
    const forget = caller
      ? onAbort(caller, () => controller.abort(caller.reason))
      : () => undefined;
    const signal = controller.signal;
    const started = this.clock.now();
    const shown = this.options.onEvent ? redact(url) : '';
    this.emit({ type: 'start', channel: spec.channel, requestId, attempt, url: shown });
    try {
      const response = await this.fetchImpl(url, { headers, signal, redirect: 'follow' });
      this.noteUsage(response.headers.get('x-app-usage'));
      const result = await withAbort(spec.read(response), signal);
      this.emit({
        type: 'success',
        channel: spec.channel,
        requestId,
        attempt,
        url: shown,
        status: response.status,
        durationMs: this.clock.now() - started,
      });
      return result;
    } catch (caught) {
      const timedOut = signal.aborted && !caller?.aborted;
      const error = toGraphError(caught, caller, timedOut ? signal : undefined);
      this.emit({
        type: 'failure',
        channel: spec.channel,
        requestId,
        attempt,
        url: shown,
        status: error.status,
        error: error.kind,
        durationMs: this.clock.now() - started,
      });
      throw error;
    } finally {
      clearTimeout(timer);
      forget();
    }
  }

  /** Keeps the `x-app-usage` percentages; the same header text as the last is not parsed again. */
  private noteUsage(header: string | null): void {
    if (header === null || header === this.usageHeader) return;
    this.usageHeader = header;
    const usage = parseAppUsageFields(header);
    const values = usage ? Object.values(usage) : [];
    if (usage && values.length > 0) {
      this.usageFields = usage;
      this.usagePct = Math.max(...values);
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
          this.logger.warn(`token refresh failed: ${errorText(error)}`);
          return undefined;
        }
      })().finally(() => {
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  private emit(event: RequestEvent): void {
    const listener = this.options.onEvent;
    if (!listener) return;
    // Attempts pass their URL already redacted (once for all their events).
    const safe =
      event.type === 'start' || event.type === 'success' || event.type === 'failure'
        ? event
        : { ...event, url: redact(event.url) };
    try {
      listener(safe);
    } catch {
      // A listener's bug must not break the request.
    }
  }
}
