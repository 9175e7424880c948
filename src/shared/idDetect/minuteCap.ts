// A hard cap on requests per minute for lookups a person triggers by hovering: past the cap a lookup
// is refused at once (and says when to try again) rather than queued, so a burst of hovers can never
// turn into a backlog of requests. A sliding window over the last minute's request times.

/** At most `limit` requests in any window of `windowMs`. */
export class MinuteCap {
  private readonly times: number[] = [];

  constructor(
    readonly limit: number,
    private readonly now: () => number,
    private readonly windowMs = 60_000,
  ) {
    if (!(limit >= 1)) throw new RangeError('limit must be at least 1');
  }

  private prune(now: number): void {
    while (this.times.length > 0 && (this.times[0] as number) <= now - this.windowMs) {
      this.times.shift();
    }
  }

  /** Takes one request from the cap; false (and nothing taken) when the cap is reached. */
  tryTake(): boolean {
    const now = this.now();
    this.prune(now);
    if (this.times.length >= this.limit) return false;
    this.times.push(now);
    return true;
  }

  /** Milliseconds until a request may be taken again (0 when one may be taken now). */
  retryAfterMs(): number {
    const now = this.now();
    this.prune(now);
    if (this.times.length < this.limit) return 0;
    return (this.times[0] as number) + this.windowMs - now;
  }

  /** Requests taken in the current window. */
  used(): number {
    this.prune(this.now());
    return this.times.length;
  }
}
