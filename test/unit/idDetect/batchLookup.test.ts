// The hover lookups' batcher, cache and cap, on a hand-driven clock and timers: no test sleeps.
import { strict as assert } from 'node:assert';
import {
  BatchLookup,
  LookupCancelledError,
  LookupCapError,
  type LookupOutcome,
  type Timers,
} from '../../../src/shared/idDetect/batchLookup';
import { MinuteCap } from '../../../src/shared/idDetect/minuteCap';
import { TtlCache } from '../../../src/shared/idDetect/ttlCache';

/** A clock and timers that move only when told to. */
class ManualTime implements Timers {
  now = 1_000_000;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.now + ms, callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  pending(): number {
    return this.timers.length;
  }
  advance(ms: number): void {
    this.now += ms;
    const due = this.timers.filter((t) => t.at <= this.now);
    this.timers = this.timers.filter((t) => t.at > this.now);
    for (const timer of due) timer.callback();
  }
}

interface Call {
  ids: string[];
  signal: AbortSignal;
  resolve(found: Map<string, string>): void;
  reject(error: unknown): void;
}

function setup(options: { cap?: number; maxEntries?: number; ttlMs?: number } = {}) {
  const time = new ManualTime();
  const calls: Call[] = [];
  const cache = new TtlCache<LookupOutcome<string>>({
    maxEntries: options.maxEntries ?? 1000,
    ttlMs: options.ttlMs ?? 60_000,
    now: () => time.now,
  });
  const lookup = new BatchLookup<string>({
    fetch: (ids, signal) =>
      new Promise((resolve, reject) => calls.push({ ids, signal, resolve, reject })),
    cache,
    cap: new MinuteCap(options.cap ?? 100, () => time.now),
    timers: time,
    windowMs: 50,
    maxBatch: 50,
  });
  /** Answers a call: every id found, except those listed as missing. */
  const answer = (call: Call | undefined, missing: string[] = []) => {
    assert.ok(call, 'a read was sent');
    call.resolve(
      new Map(call.ids.filter((id) => !missing.includes(id)).map((id) => [id, `v${id}`])),
    );
  };
  return { time, calls, lookup, answer, cache };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('batched hover lookups', () => {
  it('collects the ids asked for within the window into one read', async () => {
    const { time, calls, lookup, answer } = setup();
    const a = lookup.get('1');
    const b = lookup.get('2');
    time.advance(49);
    const c = lookup.get('3');
    assert.equal(calls.length, 0, 'nothing is sent before the window closes');
    time.advance(1);
    assert.deepEqual(
      calls.map((call) => call.ids),
      [['1', '2', '3']],
    );
    answer(calls[0], ['2']);
    assert.deepEqual(await Promise.all([a, b, c]), [
      { status: 'found', value: 'v1' },
      { status: 'missing' },
      { status: 'found', value: 'v3' },
    ]);
    assert.equal(lookup.stats.requests, 1);
  });

  it('sends a full batch of 50 at once, and the rest when the window closes', () => {
    const { time, calls, lookup } = setup();
    for (let i = 0; i < 120; i++) void lookup.get(String(i)).catch(() => undefined);
    assert.deepEqual(
      calls.map((c) => c.ids.length),
      [50, 50],
    );
    time.advance(50);
    assert.deepEqual(
      calls.map((c) => c.ids.length),
      [50, 50, 20],
    );
  });

  it('tops a read up with the ids near the hovered one, and answers them from the cache later', async () => {
    const { time, calls, lookup, answer } = setup();
    const near = Array.from({ length: 60 }, (_, i) => `n${i}`);
    const hovered = lookup.get('h', { alongWith: near });
    time.advance(50);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0]?.ids, ['h', ...near.slice(0, 49)]);
    answer(calls[0]);
    await hovered;
    assert.ok(lookup.known('n48') && !lookup.known('n49'));
    assert.deepEqual(await lookup.get('n10'), { status: 'found', value: 'vn10' });
    assert.equal(calls.length, 1, 'the neighbour was answered from the cache');
    assert.equal(lookup.stats.cacheHits, 1);
  });

  it('remembers "does not exist", and forgets answers when their time is up', async () => {
    const { time, calls, lookup, answer } = setup({ ttlMs: 10_000 });
    const first = lookup.get('x');
    time.advance(50);
    answer(calls[0], ['x']);
    assert.deepEqual(await first, { status: 'missing' });
    assert.deepEqual(await lookup.get('x'), { status: 'missing' });
    assert.equal(calls.length, 1);
    time.advance(10_000);
    const again = lookup.get('x');
    time.advance(50);
    assert.equal(calls.length, 2, 'an expired answer is read again');
    answer(calls[1]);
    assert.deepEqual(await again, { status: 'found', value: 'vx' });
  });

  it('keeps the cache within its bound, dropping the least recently used', () => {
    const { cache } = setup({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c']) cache.set(id, { status: 'missing' });
    cache.get('a');
    cache.set('d', { status: 'missing' });
    assert.equal(cache.size, 3);
    assert.ok(cache.has('a') && !cache.has('b') && cache.has('c') && cache.has('d'));
  });

  it('refuses past the per-minute cap without sending, and allows again a minute later', async () => {
    const { time, calls, lookup, answer } = setup({ cap: 2 });
    for (const id of ['1', '2']) {
      const pending = lookup.get(id);
      time.advance(50);
      answer(calls.at(-1));
      await pending;
    }
    time.advance(1000);
    const refused = lookup.get('3');
    time.advance(50);
    const error = await refused.then(
      () => assert.fail('expected a refusal'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof LookupCapError);
    assert.match(error.message, /at most 2 lookups a minute/);
    assert.equal(error.retryAfterMs, 60_000 - 1100);
    assert.equal(calls.length, 2, 'nothing was sent past the cap');
    time.advance(60_000);
    const later = lookup.get('3');
    time.advance(50);
    assert.equal(calls.length, 3);
    answer(calls[2]);
    assert.deepEqual(await later, { status: 'found', value: 'v3' });
  });

  it('drops a lookup cancelled before its read is sent', async () => {
    const { time, calls, lookup } = setup();
    const controller = new AbortController();
    const pending = lookup.get('1', { signal: controller.signal, alongWith: ['2', '3'] });
    controller.abort();
    await assert.rejects(pending, LookupCancelledError);
    assert.equal(time.pending(), 0, 'the window timer is cleared');
    time.advance(50);
    assert.equal(calls.length, 0, 'no read for passengers alone');
  });

  it('aborts a read in flight once nobody waits for it, but not while someone does', async () => {
    const { time, calls, lookup, answer } = setup();
    const first = new AbortController();
    const second = new AbortController();
    const a = lookup.get('1', { signal: first.signal });
    const b = lookup.get('2', { signal: second.signal });
    time.advance(50);
    const call = calls[0];
    assert.ok(call);
    first.abort();
    await assert.rejects(a, LookupCancelledError);
    assert.equal(call.signal.aborted, false, 'image 2 is still wanted');
    second.abort();
    await assert.rejects(b, LookupCancelledError);
    assert.equal(call.signal.aborted, true, 'the read is stopped');
    answer(call);
    await settle();
  });

  it('shares one read between two hovers of the same id', async () => {
    const { time, calls, lookup, answer } = setup();
    const a = lookup.get('1');
    time.advance(50);
    const b = lookup.get('1');
    time.advance(50);
    assert.equal(calls.length, 1);
    answer(calls[0]);
    assert.deepEqual(await Promise.all([a, b]), [
      { status: 'found', value: 'v1' },
      { status: 'found', value: 'v1' },
    ]);
  });

  it('passes a failed read on to its waiters and caches nothing', async () => {
    const { time, calls, lookup, answer } = setup();
    const failing = lookup.get('1');
    time.advance(50);
    calls[0]?.reject(new Error('network down'));
    await assert.rejects(failing, /network down/);
    assert.ok(!lookup.known('1'));
    const retry = lookup.get('1');
    time.advance(50);
    assert.equal(calls.length, 2);
    answer(calls[1]);
    assert.deepEqual(await retry, { status: 'found', value: 'v1' });
  });
});
