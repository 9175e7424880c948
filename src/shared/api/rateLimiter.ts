// A client-side limiter for the published Graph rate (about 50,000 requests per minute per app).
// A token bucket lets short bursts through and spreads a sustained excess evenly, instead of firing
// a minute's worth at once and then stalling. Pure: the caller supplies the clock and does the waiting.

/** Settings of a {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Requests allowed per `periodMs`. */
  limit: number;
  /** Length of the period in milliseconds (60,000 for "per minute"). */
  periodMs: number;
  /** Requests allowed at once before spreading starts; defaults to a tenth of `limit`. */
  burst?: number;
}

/** The published Graph limit: 50,000 requests per minute. */
export const GRAPH_RATE_PER_MINUTE = 50_000;

/** A token bucket that reserves slots and tells the caller how long to wait for each. */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private readonly burst: number;
  private readonly perMs: number;

  constructor(
    options: RateLimiterOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.limit > 0) || !(options.periodMs > 0))
      throw new RangeError('limit and periodMs must be positive');
    this.burst = Math.max(1, options.burst ?? Math.ceil(options.limit / 10));
    this.perMs = options.limit / options.periodMs;
    this.tokens = this.burst;
    this.last = now();
  }

  /**
   * Reserves one request and returns how many milliseconds the caller must wait before sending it
   * (0 when a token is free). Reservations queue up: the tenth caller over the limit waits longest.
   */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    return Math.ceil(-this.tokens / this.perMs);
  }

  /** Tokens available now (negative when reservations are queued). */
  available(): number {
    const now = this.now();
    return Math.min(this.burst, this.tokens + (now - this.last) * this.perMs);
  }
}
