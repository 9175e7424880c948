import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  backoffDelayMs,
  parseAppUsage,
  parseRetryAfter,
  retryDelayMs,
  usageDelayMs,
} from '../../../src/shared/api/retryPolicy';
import { RetryBudget } from '../../../src/shared/api/retryBudget';
import { RateLimiter } from '../../../src/shared/api/rateLimiter';

describe('retry policy', () => {
  it('uses full jitter: anywhere from 0 up to the exponential ceiling', () => {
    const options = { baseMs: 100, maxMs: 1000 };
    assert.equal(
      backoffDelayMs(0, options, () => 0),
      0,
    );
    assert.equal(
      backoffDelayMs(0, options, () => 0.999999),
      99,
    );
    assert.equal(
      backoffDelayMs(2, options, () => 0.5),
      200,
    );
    assert.equal(
      backoffDelayMs(10, options, () => 0.999999),
      999,
      'capped at maxMs',
    );
    fc.assert(
      fc.property(fc.nat(40), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (retry, r) => {
        const delay = backoffDelayMs(retry, options, () => r);
        return delay >= 0 && delay < Math.min(1000, 100 * 2 ** retry);
      }),
    );
  });

  it('reads Retry-After in seconds and as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('1', now), 1000);
    assert.equal(parseRetryAfter(' 120 ', now), 120_000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
  });

  it('prefers the server delay to jitter, within a cap', () => {
    const options = { baseMs: 100, maxMs: 1000, maxRetryAfterMs: 5000 };
    assert.equal(
      retryDelayMs(3, 2000, options, () => 0),
      2000,
    );
    assert.equal(
      retryDelayMs(3, 60_000, options, () => 0),
      5000,
    );
    assert.equal(
      retryDelayMs(1, undefined, options, () => 0.5),
      100,
    );
  });

  it('reads x-app-usage and slows down only near 100 %', () => {
    assert.equal(parseAppUsage('{"call_count":28,"total_time":95,"total_cputime":25}'), 95);
    assert.equal(parseAppUsage('garbage'), undefined);
    assert.equal(parseAppUsage(undefined), undefined);
    const options = { startPct: 80, maxDelayMs: 10_000 };
    assert.equal(usageDelayMs(undefined, options), 0);
    assert.equal(usageDelayMs(50, options), 0);
    assert.equal(usageDelayMs(90, options), 2500);
    assert.equal(usageDelayMs(100, options), 10_000);
    assert.equal(usageDelayMs(140, options), 10_000);
    assert.ok(usageDelayMs(95, options) > usageDelayMs(85, options));
  });
});

describe('retry budget', () => {
  it('allows a burst, then refuses until time or successes refill it', () => {
    let now = 0;
    const budget = new RetryBudget({ capacity: 3, refillPerSecond: 1, perSuccess: 0.5 }, () => now);
    assert.ok(budget.tryAcquire());
    assert.ok(budget.tryAcquire());
    assert.ok(budget.tryAcquire());
    assert.equal(budget.tryAcquire(), false);
    now += 1000;
    assert.ok(budget.tryAcquire());
    assert.equal(budget.tryAcquire(), false);
    budget.recordSuccess();
    budget.recordSuccess();
    assert.ok(budget.tryAcquire());
    now += 60_000;
    assert.equal(budget.available(), 3, 'never above capacity');
  });
});

describe('rate limiter', () => {
  it('lets a burst through, then spaces requests at the published rate', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 60, periodMs: 60_000, burst: 2 }, () => now);
    assert.equal(limiter.reserve(), 0);
    assert.equal(limiter.reserve(), 0);
    assert.equal(limiter.reserve(), 1000);
    assert.equal(limiter.reserve(), 2000);
    now += 10_000;
    assert.equal(limiter.reserve(), 0);
  });

  it('never allows more than limit + burst in any period', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(500), { minLength: 1, maxLength: 300 }), (gaps) => {
        let now = 0;
        const limiter = new RateLimiter({ limit: 100, periodMs: 10_000, burst: 10 }, () => now);
        const sendTimes: number[] = [];
        for (const gap of gaps) {
          now += gap;
          sendTimes.push(now + limiter.reserve());
        }
        sendTimes.sort((a, b) => a - b);
        for (let i = 0; i < sendTimes.length; i++) {
          let j = i;
          while (
            j < sendTimes.length &&
            (sendTimes[j] as number) < (sendTimes[i] as number) + 10_000
          )
            j++;
          if (j - i > 110) return false;
        }
        return true;
      }),
    );
  });
});
