// A shared budget of retries. Without it, every request in a storm of failures retries several times
// and the client multiplies the load on a service that is already struggling. Retries draw from a
// token bucket that refills slowly with time and a little with each success.

/** Settings of a {@link RetryBudget}. */
export interface RetryBudgetOptions {
  /** Most retries that can be spent in a burst. */
  capacity: number;
  /** Retries regained per second. */
  refillPerSecond: number;
  /** Retries regained per successful request. */
  perSuccess: number;
}

/** Default: a burst of 50 retries, 2 per second regained, 0.1 per success. */
export const DEFAULT_RETRY_BUDGET: RetryBudgetOptions = {
  capacity: 50,
  refillPerSecond: 2,
  perSuccess: 0.1,
};

/** A token bucket of retries, shared by every request of one client. */
export class RetryBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly options: RetryBudgetOptions = DEFAULT_RETRY_BUDGET,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = options.capacity;
    this.last = now();
  }

  /** Takes one retry from the budget; false when it is spent (the caller must not retry). */
  tryAcquire(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Records a success, which earns back a fraction of a retry. */
  recordSuccess(): void {
    this.refill();
    this.tokens = Math.min(this.options.capacity, this.tokens + this.options.perSuccess);
  }

  /** Retries available now. */
  available(): number {
    this.refill();
    return this.tokens;
  }

  private refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(
      this.options.capacity,
      this.tokens + elapsed * this.options.refillPerSecond,
    );
  }
}
