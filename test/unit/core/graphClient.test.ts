import { strict as assert } from 'node:assert';
import { GraphClient } from '../../../src/core/http/graphClient';
import { systemClock } from '../../../src/core/http/clock';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { GraphError } from '../../../src/shared/api/graphError';
import { RetryBudget } from '../../../src/shared/api/retryBudget';
import { imageSchema } from '../../../src/shared/api/entities';
import { type FaultSpec } from '../../emulator/emulator';
import { waitFor } from '../../support/waitFor';
import { FakeClock, makeClient, recordingFetch, rejection, useEmulator } from './harness';

describe('Graph client over HTTP (emulator)', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  const imageId = () => emulator().dataset.images[0]?.id as string;

  it('sends the token in the Authorization header and never in the URL', async () => {
    const { client, sent } = makeClient(emulator());
    const api = new MapillaryApi(client);
    const image = await api.getImage(imageId());
    assert.equal(image.id, imageId());
    assert.ok(image.geometry);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.headers.authorization, `OAuth ${emulator().clientToken}`);
    assert.ok(!sent[0]?.url.includes('access_token'));
    assert.ok(!sent[0]?.url.includes(emulator().clientToken));
  });

  const retryable: [string, FaultSpec][] = [
    ['429 rate limit', { kind: 'rateLimit', count: 1, retryAfterSeconds: 1 }],
    ['403 rate limit', { kind: 'rateLimit', status: 403, count: 1, retryAfterSeconds: 1 }],
    ['500 code 2', { kind: 'serverError', count: 2 }],
    ['200 holding an error body', { kind: 'serverError', status: 200, count: 1 }],
    ['connection reset', { kind: 'reset', count: 1 }],
    ['truncated body', { kind: 'truncate', count: 1 }],
    ['502 HTML page', { kind: 'html', count: 1 }],
  ];
  for (const [name, fault] of retryable) {
    it(`retries after a ${name} and succeeds`, async () => {
      const { client, events } = makeClient(emulator());
      emulator().addFault({ ...fault, match: `/${imageId()}` });
      const image = await new MapillaryApi(client).getImage(imageId());
      assert.equal(image.id, imageId());
      const failures = fault.count ?? 1;
      assert.equal(emulator().count('graph:image'), failures + 1);
      assert.equal(events.filter((e) => e.type === 'retry').length, failures);
    });
  }

  // The slow answers come after the per-attempt timeout however loaded the machine is: the client's
  // timer and the emulator's delay run in this one process, and the client's is set first and ends
  // first. Each test waits for the abandoned answers to reach the emulator's log, so that no later
  // test counts them.
  it('retries a slow answer after the per-attempt timeout', async () => {
    const { client, events } = makeClient(emulator(), { timeoutMs: 1000 });
    emulator().addFault({ kind: 'slow', delayMs: 1500, count: 1, match: `/${imageId()}` });
    const image = await new MapillaryApi(client).getImage(imageId());
    assert.equal(image.id, imageId());
    assert.deepEqual(
      events.filter((e) => e.type !== 'start').map((e) => `${e.type} ${e.attempt} ${e.error}`),
      ['failure 1 timeout', 'retry 1 timeout', 'success 2 undefined'],
      'the slow attempt was abandoned',
    );
    await waitFor('the abandoned answer', () => emulator().count('graph:image') === 2);
  });

  it('fails with timeout when every attempt is too slow', async () => {
    const { client, events } = makeClient(emulator(), { timeoutMs: 300, maxAttempts: 2 });
    emulator().addFault({ kind: 'slow', delayMs: 800, match: `/${imageId()}` });
    const error = await rejection(new MapillaryApi(client).getImage(imageId()));
    assert.ok(error instanceof GraphError);
    assert.equal(error.kind, 'timeout');
    assert.equal(events.filter((e) => e.type === 'start').length, 2);
    await waitFor('the abandoned answers', () => emulator().count('graph:image') === 2);
  });

  it('gives up after maxAttempts on a persistent 500', async () => {
    const { client } = makeClient(emulator(), { maxAttempts: 3 });
    emulator().addFault({ kind: 'serverError', match: `/${imageId()}` });
    const error = await rejection(new MapillaryApi(client).getImage(imageId()));
    assert.ok(error instanceof GraphError && error.kind === 'transient');
    assert.equal(emulator().count('graph:image'), 3);
  });

  it('does not retry code 100 (unknown id) or code 190 without a refresh hook', async () => {
    const { client } = makeClient(emulator());
    const api = new MapillaryApi(client);
    const notFound = await rejection(api.getImage('1234567'));
    assert.ok(notFound instanceof GraphError && notFound.kind === 'not-found');
    assert.equal(notFound.code, 100);
    assert.equal(emulator().requests().length, 1);
    emulator().resetLog();
    const bad = await rejection(api.getImage(imageId(), ['id', 'no_such_field']));
    assert.ok(bad instanceof GraphError && bad.kind === 'bad-request');
    assert.equal(emulator().requests().length, 1);
    emulator().resetLog();
    emulator().addFault({ kind: 'invalidToken', count: 1 });
    const invalid = await rejection(api.getImage(imageId()));
    assert.ok(invalid instanceof GraphError && invalid.kind === 'invalid-token');
    assert.equal(invalid.message, 'The access token is invalid or expired: sign in again.');
    assert.equal(emulator().requests().length, 1);
  });

  it('does not retry code 368 (blocked)', async () => {
    let calls = 0;
    const blockedFetch: typeof fetch = () => {
      calls++;
      return Promise.resolve(
        new Response(
          JSON.stringify({ error: { code: 368, message: 'blocked', fbtrace_id: 'x' } }),
          {
            status: 400,
          },
        ),
      );
    };
    const client = new GraphClient({
      baseUrl: emulator().graphUrl,
      getToken: () => Promise.resolve('t'),
      fetch: blockedFetch,
      clock: new FakeClock(),
    });
    const error = await rejection(client.getJson('1'));
    assert.ok(error instanceof GraphError && error.kind === 'blocked');
    assert.equal(calls, 1);
  });

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

  it('refreshes the token once on 190 and retries with the new one', async () => {
    const old = emulator().issueUserToken();
    emulator().revokeToken(old);
    let token = old;
    let hookCalls = 0;
    const { client, sent } = makeClient(emulator(), {
      getToken: () => Promise.resolve(token),
      onInvalidToken: () => {
        hookCalls++;
        token = emulator().issueUserToken();
        return Promise.resolve(true);
      },
    });
    const me = await new MapillaryApi(client).getMe();
    assert.ok(me.id);
    assert.equal(hookCalls, 1);
    assert.equal(sent.length, 2);
    assert.equal(sent[1]?.headers.authorization, `OAuth ${token}`);
  });

  it('shares one refresh among concurrent requests that hit 190', async () => {
    const old = emulator().issueUserToken();
    emulator().revokeToken(old);
    let token = old;
    let hookCalls = 0;
    const { client } = makeClient(emulator(), {
      getToken: () => Promise.resolve(token),
      onInvalidToken: async () => {
        hookCalls++;
        // The refresh ends only once every request has met the revoked token.
        await waitFor('five refusals', () => emulator().count('graph:') >= 5);
        token = emulator().issueUserToken();
        return token;
      },
    });
    const api = new MapillaryApi(client);
    const results = await Promise.all(
      emulator()
        .dataset.images.slice(0, 5)
        .map((image) => api.getImage(image.id)),
    );
    assert.equal(results.length, 5);
    assert.equal(hookCalls, 1);
  });

  it('fails with invalid-token when the refresh fails, calling the hook once', async () => {
    const old = emulator().issueUserToken();
    emulator().revokeToken(old);
    let hookCalls = 0;
    const { client } = makeClient(emulator(), {
      getToken: () => Promise.resolve(old),
      onInvalidToken: () => {
        hookCalls++;
        return Promise.reject(new Error('refresh_token=abc rejected'));
      },
    });
    const error = await rejection(new MapillaryApi(client).getMe());
    assert.ok(error instanceof GraphError && error.kind === 'invalid-token');
    assert.equal(hookCalls, 1);
    assert.equal(emulator().requests().length, 1);
  });

  it('fails with invalid-token when the refreshed token is rejected too', async () => {
    let hookCalls = 0;
    let token = emulator().issueUserToken();
    const { client } = makeClient(emulator(), {
      getToken: () => Promise.resolve(token),
      onInvalidToken: () => {
        hookCalls++;
        token = emulator().issueUserToken();
        return Promise.resolve(true);
      },
    });
    emulator().addFault({ kind: 'invalidToken', count: 2 });
    const error = await rejection(new MapillaryApi(client).getMe());
    assert.ok(error instanceof GraphError && error.kind === 'invalid-token');
    assert.equal(hookCalls, 1);
    assert.equal(emulator().requests().length, 2);
  });

  it('shares a retry budget so a storm does not multiply load', async () => {
    const clock = new FakeClock();
    const { client } = makeClient(emulator(), {
      clock,
      retryBudget: new RetryBudget({ capacity: 2, refillPerSecond: 0, perSuccess: 0 }, () =>
        clock.now(),
      ),
    });
    emulator().addFault({ kind: 'serverError' });
    const api = new MapillaryApi(client);
    for (let i = 0; i < 3; i++) await rejection(api.getImage(imageId()));
    // 3 first attempts + only 2 retries in total, not 3 × 4.
    assert.equal(emulator().requests().length, 5);
    assert.equal(client.http.retriesAvailable(), 0);
  });

  it('slows down when x-app-usage nears 100 %', async () => {
    const { client, clock, events } = makeClient(emulator(), {
      usageThrottle: { startPct: 80, maxDelayMs: 4000 },
    });
    // The rate-limit answer carries x-app-usage with call_count 100.
    emulator().addFault({ kind: 'rateLimit', count: 1, retryAfterSeconds: 1 });
    await new MapillaryApi(client).getImage(imageId());
    // The successful answer after it reports low usage again, and the client follows it.
    assert.ok((client.http.appUsagePct ?? 100) < 80);
    assert.ok(events.some((e) => e.type === 'throttle' && e.delayMs === 4000));
    assert.ok(clock.sleeps.includes(4000));
  });

  it('applies the client-side per-minute limit', async () => {
    const { client, clock } = makeClient(emulator(), { graphRatePerMinute: 60 });
    const api = new MapillaryApi(client);
    // The burst is a tenth of the limit (6); the 7th and 8th wait one and two seconds.
    for (const image of emulator().dataset.images.slice(0, 8)) await api.getImage(image.id);
    assert.equal(emulator().requests().length, 8);
    const waits = clock.sleeps.filter((ms) => ms > 0);
    // The clock moves only by what the client waited: one second each.
    assert.deepEqual(waits, [1000, 1000]);
  });

  it('fails with no-token and sends nothing when signed out', async () => {
    const { client, sent } = makeClient(emulator(), { getToken: () => Promise.resolve(undefined) });
    const error = await rejection(new MapillaryApi(client).getImage(imageId()));
    assert.ok(error instanceof GraphError && error.kind === 'no-token');
    assert.equal(sent.length, 0);
  });

  it('reports a network error for an unreachable host', async () => {
    const client = new GraphClient({
      baseUrl: 'http://127.0.0.1:1',
      getToken: () => Promise.resolve('t'),
      clock: new FakeClock(),
      maxAttempts: 2,
    });
    const error = await rejection(client.getJson('1'));
    assert.ok(error instanceof GraphError && error.kind === 'network');
  });

  it('emits redacted events and rejects a bad shape as invalid-response', async () => {
    const sent: { url: string; headers: Record<string, string> }[] = [];
    const { client, events } = makeClient(emulator(), { fetch: recordingFetch(sent) });
    const error = await rejection(
      client.get('me', { fields: 'id', access_token: 'MLY|1|leak' }, imageSchema.array()),
    );
    assert.ok(error instanceof GraphError);
    for (const event of events) assert.ok(!JSON.stringify(event).includes('leak'));
    assert.ok(events.some((e) => e.type === 'start'));
  });
});
