import { strict as assert } from 'node:assert';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { type BboxSearchProgress, searchBbox } from '../../../src/core/api/bboxSearch';
import { pages } from '../../../src/core/api/paging';
import { GraphClient } from '../../../src/core/http/graphClient';
import { type Bbox } from '../../../src/shared/api/bbox';
import { imageSchema } from '../../../src/shared/api/entities';
import { GraphError } from '../../../src/shared/api/graphError';
import { type Emulator } from '../../emulator/emulator';
import { FakeClock, collect, inputUrl, makeClient, rejection, useEmulator } from './harness';

/** The dataset's images inside `bbox`, edges included (as the service counts them). */
function expectedImages(emulator: Emulator, bbox: Bbox): Set<string> {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  return new Set(
    emulator.dataset.images
      .filter((r) => r.lon >= minLon && r.lon <= maxLon && r.lat >= minLat && r.lat <= maxLat)
      .map((r) => r.id),
  );
}

function datasetBbox(emulator: Emulator): Bbox {
  const lons = emulator.dataset.images.map((r) => r.lon);
  const lats = emulator.dataset.images.map((r) => r.lat);
  return [
    Math.min(...lons) - 0.001,
    Math.min(...lats) - 0.001,
    Math.max(...lons) + 0.001,
    Math.max(...lats) + 0.001,
  ];
}

describe('collections over HTTP (emulator)', function () {
  this.timeout(60_000);
  const emulator = useEmulator();

  it('follows paging.next to the end, with the token in the header only', async () => {
    const creator = emulator().dataset.users.find(
      (u) => emulator().dataset.images.filter((r) => r.creatorId === u.id).length > 120,
    );
    assert.ok(creator, 'a creator with more than one page of images');
    const { client, sent } = makeClient(emulator());
    const api = new MapillaryApi(client);
    const images = await collect(api.listImages({ creatorUsername: creator.username, limit: 50 }));
    const expected = emulator().dataset.images.filter((r) => r.creatorId === creator.id);
    assert.equal(images.length, expected.length);
    assert.deepEqual(new Set(images.map((i) => i.id)), new Set(expected.map((r) => r.id)));
    assert.equal(sent.length, Math.ceil(expected.length / 50));
    for (const request of sent) {
      assert.ok(!request.url.includes('access_token'), 'the token in next was dropped');
      assert.equal(request.headers.authorization, `OAuth ${emulator().clientToken}`);
    }
  });

  it('refuses a paging.next that points at another origin', async () => {
    const client = new GraphClient({
      baseUrl: 'http://127.0.0.1:9',
      getToken: () => Promise.resolve('t'),
      clock: new FakeClock(),
      fetch: () =>
        Promise.resolve(
          new Response(
            JSON.stringify({
              data: [{ id: '1' }],
              paging: { next: 'http://evil.example/x?access_token=t' },
            }),
          ),
        ),
    });
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const page of pages(client, 'images', {}, imageSchema)) {
          seen.push(...page.data.map((d) => d.id ?? ''));
        }
      })(),
    );
    assert.deepEqual(seen, ['1']);
    assert.ok(error instanceof GraphError && error.kind === 'invalid-response');
  });

  it('splits a bbox whose answer is cut off at the limit: nothing missing, no duplicates', async () => {
    const { client, sent } = makeClient(emulator());
    const bbox = datasetBbox(emulator());
    const progress: BboxSearchProgress[] = [];
    const images = await collect(
      new MapillaryApi(client).searchImages(
        bbox,
        {},
        { limit: 250, onProgress: (p) => progress.push(p) },
      ),
    );
    const ids = images.map((i) => i.id);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    assert.deepEqual(new Set(ids), expectedImages(emulator(), bbox));
    const last = progress.at(-1);
    assert.ok(last && last.splits > 0, 'the bbox was split');
    assert.equal(last.incompleteAreas.length, 0);
    assert.equal(last.requests, sent.length);
  });

  it('splits on "reduce the amount of data" (HTTP 500) without retrying it', async () => {
    const { client, events } = makeClient(emulator());
    const bbox = datasetBbox(emulator());
    emulator().addFault({ kind: 'tooMuchData', match: '/images', count: 1 });
    const images = await collect(new MapillaryApi(client).searchImages(bbox));
    assert.deepEqual(new Set(images.map((i) => i.id)), expectedImages(emulator(), bbox));
    assert.equal(events.filter((e) => e.type === 'retry').length, 0);
    assert.equal(emulator().requests()[0]?.status, 500);
    assert.equal(emulator().count('graph:images'), 5, 'one refusal, then four quadrants');
  });

  it('reports areas still cut off at the depth cap', async () => {
    const { client } = makeClient(emulator());
    let last: BboxSearchProgress | undefined;
    const images = await collect(
      new MapillaryApi(client).searchImages(
        datasetBbox(emulator()),
        {},
        {
          limit: 10,
          maxDepth: 1,
          onProgress: (p) => (last = p),
        },
      ),
    );
    assert.ok(images.length <= 50);
    assert.equal(last?.incompleteAreas.length, 4);
  });

  it('de-duplicates an item that lies on the edge shared by two quadrants', async () => {
    let calls = 0;
    const client = new GraphClient({
      baseUrl: 'http://127.0.0.1:9',
      getToken: () => Promise.resolve('t'),
      clock: new FakeClock(),
      fetch: (input) => {
        calls++;
        const bbox = new URL(inputUrl(input)).searchParams.get('bbox') ?? '';
        // The whole area is "full"; each quadrant returns the shared edge item and its own.
        const body =
          bbox === '0,0,2,2'
            ? { data: [{ id: 'edge' }, { id: 'a' }, { id: 'b' }] }
            : { data: [{ id: 'edge' }, { id: `q${bbox}` }] };
        return Promise.resolve(new Response(JSON.stringify(body)));
      },
    });
    const items = await collect(
      searchBbox(client, 'images', {}, [0, 0, 2, 2], imageSchema, { limit: 3 }),
    );
    const ids = items.map((i) => i.id);
    assert.equal(calls, 5);
    assert.equal(ids.filter((id) => id === 'edge').length, 1);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.length, 7);
  });

  it('searches map features and detections in an area', async () => {
    const { client } = makeClient(emulator());
    const api = new MapillaryApi(client);
    const bbox = datasetBbox(emulator());
    const features = await collect(api.searchMapFeatures(bbox, {}, { limit: 100 }));
    const [minLon, minLat, maxLon, maxLat] = bbox;
    const expected = emulator().dataset.mapFeatures.filter(
      (f) => f.lon >= minLon && f.lon <= maxLon && f.lat >= minLat && f.lat <= maxLat,
    );
    assert.ok(expected.length > 0);
    assert.deepEqual(new Set(features.map((f) => f.id)), new Set(expected.map((f) => f.id)));
    const detections = await collect(api.searchDetections(bbox, {}, { limit: 500 }));
    assert.ok(detections.length > 0);
    assert.equal(new Set(detections.map((d) => d.id)).size, detections.length);
  });

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

  it('reads entities of every kind', async () => {
    const em = emulator();
    const { client } = makeClient(em);
    const api = new MapillaryApi(client);
    const sequence = em.dataset.sequences[0];
    assert.ok(sequence);
    assert.deepEqual(await api.getImageIds(sequence.id), sequence.imageIds);
    assert.deepEqual(await api.getImageIds('nosuchsequence0000000a'), []);
    const feature = em.dataset.mapFeatures[0];
    assert.ok(feature);
    const got = await api.getMapFeature(feature.id);
    assert.equal(got.id, feature.id);
    assert.equal(got.object_type, feature.objectType);
    const withDetections = em.dataset.images.find((r) => r.detectionIds.length > 0);
    assert.ok(withDetections);
    const detections = await api.getDetections(withDetections.id);
    assert.deepEqual(new Set(detections.map((d) => d.id)), new Set(withDetections.detectionIds));
    const org = em.dataset.organizations[0];
    assert.ok(org);
    assert.equal((await api.getOrganization(org.id)).slug, org.slug);
    const user = em.dataset.users[0];
    assert.ok(user);
    assert.equal((await api.getUser(user.id)).username, user.username);
    const userClient = makeClient(em, { getToken: () => Promise.resolve(em.issueUserToken()) });
    const me = await new MapillaryApi(userClient.client).getMe();
    assert.equal(me.id, user.id);
    const withClientToken = await rejection(api.getMe());
    assert.ok(withClientToken instanceof GraphError && withClientToken.kind === 'permission');
  });
});

describe('bbox search against a dense emulator (HTTP 500 on > 300 matches)', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ denseThreshold: 300 });

  it('splits recursively until every area answers, nothing missing', async () => {
    const { client } = makeClient(emulator());
    const bbox = datasetBbox(emulator());
    let last: BboxSearchProgress | undefined;
    const images = await collect(
      new MapillaryApi(client).searchImages(bbox, {}, { onProgress: (p) => (last = p) }),
    );
    assert.deepEqual(new Set(images.map((i) => i.id)), expectedImages(emulator(), bbox));
    assert.equal(images.length, new Set(images.map((i) => i.id)).size);
    assert.ok((last?.splits ?? 0) >= 2);
    assert.ok(
      emulator()
        .requests()
        .some((r) => r.status === 500),
    );
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
