// Batched reads of many ids over the emulator: batches of at most 50 in input order, bisection of a
// refused batch, a bad field list, empty answers, concurrency, and the /?ids= fallback.
import { strict as assert } from 'node:assert';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { GraphClient } from '../../../src/core/http/graphClient';
import { GraphError } from '../../../src/shared/api/graphError';
import { FakeClock, makeClient, rejection, useEmulator } from './harness';

describe('collections over HTTP (emulator): batched reads', function () {
  this.timeout(60_000);
  const emulator = useEmulator();

  it('reads images with /images?image_ids=: 120 ids make 3 requests of at most 50, in input order', async () => {
    const { client, sent } = makeClient(emulator());
    const ids = emulator()
      .dataset.images.slice(0, 120)
      .map((r) => r.id)
      .reverse();
    const api = new MapillaryApi(client);
    const result = await api.getMany(ids);
    assert.equal(emulator().count('graph:images_batch'), 3);
    assert.equal(emulator().count('graph:ids'), 0);
    for (const request of sent) {
      const url = new URL(request.url);
      assert.equal(url.pathname, '/images');
      const batch = url.searchParams.get('image_ids')?.split(',') ?? [];
      assert.ok(batch.length >= 1 && batch.length <= 50);
      assert.equal(request.headers.authorization, `OAuth ${emulator().clientToken}`);
    }
    assert.deepEqual(
      result.items.map((i) => i?.id),
      ids,
    );
    assert.deepEqual(result.missing, []);
    assert.equal(api.batchForm, 'image_ids');
  });

  it('bisects a batch the service refuses for an unknown id, and still returns the rest', async () => {
    const { client } = makeClient(emulator());
    const known = emulator()
      .dataset.images.slice(0, 60)
      .map((r) => r.id);
    const ids = [...known.slice(0, 30), '999999999999999', ...known.slice(30), 'bad id!'];
    const api = new MapillaryApi(client);
    const result = await api.getMany(ids);
    assert.deepEqual(result.missing.sort(), ['999999999999999', 'bad id!'].sort());
    assert.equal(result.items.length, ids.length);
    assert.equal(result.items[30], undefined);
    assert.equal(result.items[31]?.id, known[30]);
    assert.equal(result.found.size, 60);
    assert.ok(emulator().count('graph:images_batch') > 2, 'the refused batch was halved');
    assert.equal(emulator().count('graph:ids'), 0, 'an unknown id is no reason to change form');
  });

  it('surfaces a bad field list instead of reporting every id missing', async () => {
    const { client } = makeClient(emulator());
    const ids = emulator()
      .dataset.images.slice(0, 10)
      .map((r) => r.id);
    const error = await rejection(new MapillaryApi(client).getMany(ids, ['id', 'no_such_field']));
    assert.ok(error instanceof GraphError && error.kind === 'bad-request');
    // Both forms were asked once each (the first refusal could have been the form's), no halving.
    assert.equal(emulator().count('graph:images_batch'), 1);
    assert.equal(emulator().count('graph:ids'), 1);
  });

  it('reads an empty 204 from the Graph API as an empty answer, without retrying', async () => {
    let calls = 0;
    const client = new GraphClient({
      baseUrl: 'http://127.0.0.1:9',
      getToken: () => Promise.resolve('t'),
      clock: new FakeClock(),
      fetch: () => {
        calls++;
        return Promise.resolve(new Response(null, { status: 204 }));
      },
    });
    const api = new MapillaryApi(client);
    const many = await api.getMany(['111111111111111', '222222222222222']);
    assert.deepEqual(many.missing, ['111111111111111', '222222222222222']);
    assert.equal(calls, 1, 'one request: the empty answer is an answer');
    assert.deepEqual(await api.getImageIds('abcdefghijklmnopqrstuv'), []);
    assert.equal(calls, 2);
    const image = await api.getImage('111111111111111');
    assert.deepEqual(image, { id: '111111111111111' });
  });

  it('keeps at most `concurrency` batches in flight', async () => {
    emulator().setLatency(60);
    const { client, events } = makeClient(emulator());
    const ids = emulator()
      .dataset.images.slice(0, 600)
      .map((r) => r.id);
    const result = await new MapillaryApi(client).getMany(ids, undefined, undefined, {
      concurrency: 3,
    });
    // The events come in the order things happened: replayed, they give the most in flight.
    let inFlight = 0;
    let peak = 0;
    for (const e of events) {
      if (e.type === 'start') inFlight += 1;
      if (e.type === 'success' || e.type === 'failure') inFlight -= 1;
      peak = Math.max(peak, inFlight);
    }
    assert.equal(result.found.size, 600);
    assert.equal(emulator().count('graph:images_batch'), 12);
    assert.ok(peak <= 3, `peak ${peak}`);
    assert.ok(peak >= 2, `peak ${peak}: the batches ran in parallel`);
  });
});

describe('batched reads against a service without /images?image_ids=', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ imageIdsForm: false });

  it('falls back to /?ids=, remembers it for the session, and bisects the same way', async () => {
    const { client } = makeClient(emulator());
    const api = new MapillaryApi(client);
    const ids = emulator()
      .dataset.images.slice(0, 150)
      .map((r) => r.id);
    const first = await api.getMany(ids, undefined, undefined, { concurrency: 1 });
    assert.equal(first.found.size, 150);
    assert.equal(api.batchForm, 'ids');
    // One refused try of the first form, then the documented form for every batch.
    assert.equal(emulator().count('graph:images_batch'), 1);
    assert.equal(emulator().count('graph:ids'), 3);
    emulator().resetLog();
    const withUnknown = [...ids.slice(0, 20), '999999999999999'];
    const second = await api.getMany(withUnknown);
    assert.deepEqual(second.missing, ['999999999999999']);
    assert.equal(second.found.size, 20);
    assert.equal(emulator().count('graph:images_batch'), 0, 'remembered: no second try');
    assert.ok(emulator().count('graph:ids') > 1, 'the refused batch was halved');
    // A new session starts again from the first form.
    const fresh = new MapillaryApi(makeClient(emulator()).client);
    emulator().resetLog();
    await fresh.getMany(ids.slice(0, 5));
    assert.equal(emulator().count('graph:images_batch'), 1);
    assert.equal(fresh.batchForm, 'ids');
  });
});
