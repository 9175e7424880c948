// The Graph client's limits over the emulator: a shared retry budget, x-app-usage throttling, the
// per-minute limit, an unreachable host, and redacted events.
import { strict as assert } from 'node:assert';
import { GraphClient } from '../../../src/core/http/graphClient';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { GraphError } from '../../../src/shared/api/graphError';
import { RetryBudget } from '../../../src/shared/api/retryBudget';
import { imageSchema } from '../../../src/shared/api/entities';
import {
  FakeClock,
  firstImageId,
  makeClient,
  recordingFetch,
  rejection,
  useEmulator,
} from './harness';

describe('Graph client over HTTP (emulator): limits and failures', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  const imageId = firstImageId(emulator);

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
