// The Graph client's waits over the emulator: Retry-After in seconds or as a date, its cap,
// backoff with jitter, and cancellation during a wait or an attempt.
import { strict as assert } from 'node:assert';
import { GraphClient } from '../../../src/core/http/graphClient';
import { systemClock } from '../../../src/core/http/clock';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { GraphError } from '../../../src/shared/api/graphError';
import { FakeClock, firstImageId, makeClient, rejection, useEmulator } from './harness';

describe('Graph client over HTTP (emulator): waits and cancellation', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  const imageId = firstImageId(emulator);

  it('honours Retry-After in seconds', async () => {
    const { client, clock } = makeClient(emulator());
    emulator().addFault({ kind: 'rateLimit', count: 1, retryAfterSeconds: 7 });
    await new MapillaryApi(client).getImage(imageId());
    assert.ok(clock.sleeps.includes(7000), `sleeps: ${clock.sleeps.join(',')}`);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const dateFetch: typeof fetch = () => {
      calls++;
      if (calls === 1) {
        const at = new Date(clock.now() + 30_000).toUTCString();
        return Promise.resolve(
          new Response('{"error":{"code":4,"is_transient":true}}', {
            status: 429,
            headers: { 'retry-after': at },
          }),
        );
      }
      return Promise.resolve(new Response('{"id":"1"}', { status: 200 }));
    };
    const client = new GraphClient({
      baseUrl: 'http://127.0.0.1:9',
      getToken: () => Promise.resolve('t'),
      fetch: dateFetch,
      clock,
    });
    assert.deepEqual(await client.getJson('1'), { id: '1' });
    const waited = clock.sleeps[0] ?? 0;
    assert.ok(waited > 28_000 && waited <= 30_000, `waited ${waited}`);
  });

  it('fails at once when Retry-After is longer than the cap', async () => {
    const { client, clock } = makeClient(emulator(), { maxRetryAfterMs: 5000 });
    emulator().addFault({ kind: 'rateLimit', count: 1, retryAfterSeconds: 3600 });
    const error = await rejection(new MapillaryApi(client).getImage(imageId()));
    assert.ok(error instanceof GraphError && error.kind === 'rate-limit');
    assert.equal(error.retryAfterMs, 3_600_000);
    assert.deepEqual(clock.sleeps, []);
  });

  it('uses full-jitter backoff when the server gives no Retry-After', async () => {
    const { client, clock } = makeClient(emulator(), {
      backoff: { baseMs: 1000, maxMs: 60_000 },
      random: () => 0.75,
    });
    emulator().addFault({ kind: 'serverError', count: 3, match: `/${imageId()}` });
    await new MapillaryApi(client).getImage(imageId());
    assert.deepEqual(clock.sleeps, [750, 1500, 3000]);
  });

  it('stops immediately when cancelled during a retry wait', async () => {
    const controller = new AbortController();
    const waits: number[] = [];
    // A wait that only the cancellation ends: a client that kept waiting would never finish.
    const clock = {
      now: () => systemClock.now(),
      sleep: (ms: number, signal?: AbortSignal) =>
        new Promise<void>((_resolve, reject) => {
          waits.push(ms);
          signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
          controller.abort();
        }),
    };
    const { client } = makeClient(emulator(), { clock });
    emulator().addFault({ kind: 'rateLimit', count: 5, retryAfterSeconds: 2 });
    const error = await rejection(
      new MapillaryApi(client).getImage(imageId(), undefined, { signal: controller.signal }),
    );
    assert.ok(error instanceof GraphError && error.kind === 'cancelled');
    assert.deepEqual(waits, [2000], 'cancelled while waiting for Retry-After');
    assert.equal(emulator().requests().length, 1, 'no retry after cancellation');
  });

  it('stops an attempt in flight when cancelled', async () => {
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    // An answer that never comes: only the attempt giving up ends it. The test cancels as soon as
    // the attempt is in flight.
    const heldFetch: typeof fetch = (_input, init) =>
      new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        if (!signal) return;
        signals.push(signal);
        signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        controller.abort();
      });
    const { client } = makeClient(emulator(), { fetch: heldFetch });
    const error = await rejection(
      new MapillaryApi(client).getImage(imageId(), undefined, { signal: controller.signal }),
    );
    assert.ok(error instanceof GraphError && error.kind === 'cancelled');
    assert.equal(signals.length, 1, 'one attempt, not retried');
    assert.ok(signals[0]?.aborted, 'the attempt in flight was aborted');
  });
});
