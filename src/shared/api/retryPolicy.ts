// Retry arithmetic kept pure so it can be tested without clocks or sockets: exponential backoff with
// full jitter (spreads a crowd of clients evenly instead of synchronising them), `Retry-After` in
// either of its two forms, and the pause that `x-app-usage` asks for as the app nears its limit.

/** Backoff settings. */
export interface BackoffOptions {
  /** Delay cap of the first retry, in milliseconds. */
  baseMs: number;
  /** Largest delay of any retry, in milliseconds. */
  maxMs: number;
}

/** Default backoff: 0.5 s doubling to at most 30 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/**
 * The delay before retry number `retry` (0 for the first retry) with full jitter: uniformly random in
 * `[0, min(maxMs, baseMs * 2^retry))`. `random` returns a number in [0, 1).
 */
export function backoffDelayMs(
  retry: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

/**
 * Reads a `Retry-After` header: delta seconds ("120") or an HTTP date. Returns milliseconds from
 * `nowMs`, 0 for a date in the past, undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * The delay before the next retry: the server's `Retry-After` when it gave one (capped by
 * `maxRetryAfterMs`, never shortened by jitter), otherwise backoff with full jitter.
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions & { maxRetryAfterMs: number },
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxRetryAfterMs);
  return backoffDelayMs(retry, options, random);
}

/**
 * Reads `x-app-usage` (JSON percentages such as `{"call_count":28,"total_time":25,"total_cputime":25}`)
 * and returns the highest percentage, or undefined when absent or unreadable.
 */
export function parseAppUsage(value: string | null | undefined): number | undefined {
  const fields = parseAppUsageFields(value);
  if (!fields) return undefined;
  const values = Object.values(fields);
  return values.length > 0 ? Math.max(...values) : undefined;
}

/**
 * The percentages of an `x-app-usage` header by name (`call_count`, `total_cputime`, `total_time`),
 * keeping only finite numbers and at most 16 names; undefined when the header is absent or not JSON.
 */
export function parseAppUsageFields(
  value: string | null | undefined,
): Record<string, number> | undefined {
  if (!value || value.length > 4096) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(json as Record<string, unknown>).slice(0, 16)) {
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    if (Number.isFinite(n) && /^[a-z_]{1,40}$/.test(key)) out[key] = n;
  }
  return out;
}

/** Throttle settings for `x-app-usage`. */
export interface UsageThrottleOptions {
  /** Usage (percent) from which the client starts pausing. */
  startPct: number;
  /** Pause at 100 % and above, in milliseconds. */
  maxDelayMs: number;
}

/** Default throttle: start at 80 %, pause up to 10 s at 100 %. */
export const DEFAULT_USAGE_THROTTLE: UsageThrottleOptions = { startPct: 80, maxDelayMs: 10_000 };

/**
 * How long to pause before the next request given the app's usage percentage: nothing below
 * `startPct`, then growing quadratically to `maxDelayMs` at 100 %.
 */
export function usageDelayMs(
  usagePct: number | undefined,
  options: UsageThrottleOptions = DEFAULT_USAGE_THROTTLE,
): number {
  if (usagePct === undefined || usagePct < options.startPct) return 0;
  if (usagePct >= 100) return options.maxDelayMs;
  const f = (usagePct - options.startPct) / (100 - options.startPct);
  return Math.round(options.maxDelayMs * f * f);
}
