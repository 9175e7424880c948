// Bbox searches over the emulator: areas split when an answer is cut off or refused as too much
// data, areas left at the depth cap, items on a shared edge, and a dense emulator.
import { strict as assert } from 'node:assert';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { type BboxSearchProgress, searchBbox } from '../../../src/core/api/bboxSearch';
import { GraphClient } from '../../../src/core/http/graphClient';
import { type Bbox } from '../../../src/shared/api/bbox';
import { imageSchema } from '../../../src/shared/api/entities';
import { type Emulator } from '../../emulator/emulator';
import { FakeClock, collect, inputUrl, makeClient, useEmulator } from './harness';

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

describe('collections over HTTP (emulator): bbox search', function () {
  this.timeout(60_000);
  const emulator = useEmulator();

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
