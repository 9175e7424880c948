import { strict as assert } from 'node:assert';
import { findAreaSequences } from '../../../src/core/explorer/orgSequences';
import {
  type DescentOptions,
  type FetchTile,
  runDescent,
} from '../../../src/core/explorer/sequenceDescent';
import {
  type DescentState,
  estimateDescent,
  initialDescentState,
  parseDescentState,
} from '../../../src/shared/explorer/descentPlan';
import {
  type AreaSequence,
  type SequenceOwner,
} from '../../../src/shared/explorer/sequenceCollector';
import { type Area, areaFromBbox, pointInArea } from '../../../src/shared/geo/area';
import { areaFromGeoJson } from '../../../src/shared/geo/areaGeoJson';
import {
  latToTileY,
  lonLatToTile,
  lonToTileX,
  tileLocalToLonLat,
} from '../../../src/shared/tiles/tileMath';
import { CountryDataset } from '../../emulator/countryDataset';
import { sampleImages } from '../../emulator/countryCells';

const dataset = new CountryDataset({ seed: 1 });
const island = areaFromBbox(dataset.bbox);
const org = (name: string): SequenceOwner => {
  const found = dataset.organizations.find((o) => o.name === name);
  assert.ok(found, name);
  return { organizationId: found.id };
};

// Tiles already rendered, shared by the tests (rendering is the slow part).
const rendered = new Map<string, Uint8Array | undefined>();

/** Reads tiles from the dataset, counting reads per tile. */
function reader(counts?: Map<string, number>): FetchTile {
  return (set, z, x, y) => {
    const key = `${z}/${x}/${y}`;
    counts?.set(key, (counts.get(key) ?? 0) + 1);
    if (!rendered.has(`${set}/${key}`)) rendered.set(`${set}/${key}`, dataset.tile(set, z, x, y));
    const bytes = rendered.get(`${set}/${key}`);
    return Promise.resolve(bytes && bytes.length > 0 ? bytes : undefined);
  };
}

/** A position as a z14 tile stores it: rounded to the tile's 4,096 units. */
function asInTile(lon: number, lat: number): [number, number] {
  const tile = lonLatToTile(lon, lat, 14);
  const units = (v: number): number => Math.round(v * 4096);
  return tileLocalToLonLat(
    tile,
    units(lonToTileX(lon, 14) - tile.x),
    units(latToTileY(lat, 14) - tile.y),
  );
}

/** The owner's sequences with images in the area, and how many, from the dataset itself. */
function truth(owner: SequenceOwner, area: Area): Map<string, number> {
  const out = new Map<string, number>();
  const [w, s, e, n] = area.bbox;
  for (const seq of dataset.sequencesNear(w, s, e, n)) {
    if (seq.organizationId !== owner.organizationId) continue;
    const inside = sampleImages(seq).filter((i) =>
      pointInArea(area, ...asInTile(i.lon, i.lat)),
    ).length;
    if (inside > 0) out.set(seq.id, inside);
  }
  return out;
}

function summary(sequences: AreaSequence[]): Map<string, number> {
  return new Map(sequences.map((s) => [s.id, s.imagesInArea]));
}

async function complete(area: Area, owner: SequenceOwner, options: DescentOptions = {}) {
  const state = initialDescentState(area, owner);
  const result = await runDescent(area, state, reader(), options);
  assert.ok(result.complete);
  return result;
}

describe('sequence descent over the country dataset', function () {
  this.timeout(120_000);

  it('plans from the deepest zoom with a few tiles and bounds the cost', () => {
    const plan = estimateDescent(island);
    assert.ok(plan.startZoom >= 6 && plan.startZoom < 10, `start z${plan.startZoom}`);
    assert.ok((plan.areaTiles[plan.startZoom] ?? 0) <= 4);
    assert.ok((plan.areaTiles[plan.startZoom + 1] ?? 0) > 4);
    const sum = plan.areaTiles.slice(plan.startZoom).reduce((a, b) => a + b, 0);
    assert.equal(plan.maxTiles, sum);
    assert.equal(plan.z14Tiles, plan.z14BboxTiles);
    assert.ok(plan.z14Tiles > 5000, `${plan.z14Tiles} z14 tiles`);
    const tiny = estimateDescent(areaFromBbox([33.36, 35.17, 33.361, 35.171]));
    assert.equal(tiny.startZoom, 14);
    assert.equal(tiny.maxTiles, 1);
  });

  it('finds exactly the sequences of sparse and dense organizations, reading a fraction of the z14 tiles', async () => {
    const plan = estimateDescent(island);
    for (const name of ['Troodos Trails', 'Pafos Heritage Walks', 'Lefkosia Street Survey']) {
      const owner = org(name);
      const counts = new Map<string, number>();
      const state = initialDescentState(island, owner);
      const result = await runDescent(island, state, reader(counts));
      assert.ok(result.complete);
      assert.deepEqual(summary(result.sequences), truth(owner, island), name);
      assert.ok(result.sequences.length > 0);
      assert.ok(
        [...counts.values()].every((c) => c === 1),
        'each tile is read once',
      );
      const z14 = state.tilesRead[14] ?? 0;
      assert.ok(z14 < plan.z14Tiles / 10, `${name}: ${z14} of ${plan.z14Tiles} z14 tiles`);
      const total = state.tilesRead.reduce((a, b) => a + b, 0);
      assert.equal(total, counts.size);
      assert.ok(total <= plan.maxTiles);
      for (const s of result.sequences) assert.equal(s.organizationId, owner.organizationId);
    }
  });

  it('keeps only what lies inside a shape, holes excluded', async () => {
    const area = areaFromGeoJson({
      type: 'Polygon',
      coordinates: [
        [
          [33.3, 35.12],
          [33.42, 35.14],
          [33.38, 35.22],
          [33.3, 35.12],
        ],
        [
          [33.36, 35.16],
          [33.38, 35.16],
          [33.37, 35.18],
          [33.36, 35.16],
        ],
      ],
    });
    const owner = org('Lefkosia Street Survey');
    const result = await complete(area, owner);
    const expected = truth(owner, area);
    assert.ok(expected.size > 5);
    assert.deepEqual(summary(result.sequences), expected);
  });

  it('agrees with the z14 listing on an area both can read', async () => {
    const bbox = [33.33, 35.15, 33.4, 35.19] as const;
    const owner = org('Lefkosia Street Survey');
    const source = {
      getTile: (set: string, z: number, x: number, y: number) => {
        const bytes = dataset.tile(set, z, x, y) ?? new Uint8Array(0);
        return Promise.resolve({ bytes, empty: bytes.length === 0, source: 'network' as const });
      },
    };
    const flat = await findAreaSequences(source, owner, bbox);
    const descent = await complete(areaFromBbox(bbox), owner);
    assert.deepEqual(descent.sequences, flat.sequences);
  });

  it('pauses when the budget is spent and resumes from the stored JSON to the same answer', async () => {
    const owner = org('Pafos Heritage Walks');
    const whole = await complete(island, owner);
    let left = 25;
    const budget = {
      remaining: () => left,
      take: (n: number) => (left >= n ? ((left -= n), true) : false),
    };
    const state = initialDescentState(island, owner);
    const paused = await runDescent(island, state, reader(), { budget, concurrency: 3 });
    assert.equal(paused.complete, false);
    assert.equal(paused.stoppedBy, 'budget');
    assert.equal(
      state.tilesRead.reduce((a, b) => a + b, 0),
      25,
    );
    assert.ok(state.frontier.length > 0);
    const stored = parseDescentState(JSON.parse(JSON.stringify(state)) as unknown);
    const resumed = await runDescent(island, stored, reader());
    assert.ok(resumed.complete);
    assert.deepEqual(resumed.sequences, whole.sequences);
    assert.deepEqual(stored.tilesRead, whole.state.tilesRead);
  });

  it('keeps a failed tile in the frontier, saves its state, and resumes after the failure', async () => {
    const owner = org('Coastal Mapping Collective');
    const whole = await complete(island, owner);
    let calls = 0;
    let failedTile = '';
    const flaky: FetchTile = (set, z, x, y, signal) => {
      if (++calls === 40) {
        failedTile = `${z}/${x}/${y}`;
        return Promise.reject(new Error('connection reset'));
      }
      return reader()(set, z, x, y, signal);
    };
    const saved: string[] = [];
    const state = initialDescentState(island, owner);
    await assert.rejects(
      runDescent(island, state, flaky, {
        checkpointEvery: 10,
        onCheckpoint: (s) => {
          saved.push(JSON.stringify(s));
        },
      }),
      /connection reset/,
    );
    const last = parseDescentState(JSON.parse(saved[saved.length - 1] ?? 'null') as unknown);
    assert.ok(
      last.frontier.some((t) => t.join('/') === failedTile),
      'the failed tile is still to read',
    );
    const resumed = await runDescent(island, last, reader());
    assert.deepEqual(resumed.sequences, whole.sequences);
    // A crash after an earlier checkpoint resumes from that one just as well.
    const early = parseDescentState(JSON.parse(saved[1] ?? 'null') as unknown);
    const fromEarly = await runDescent(island, early, reader());
    assert.deepEqual(fromEarly.sequences, whole.sequences);
  });

  it('stops on cancel with a resumable state', async () => {
    const owner = org('Lefkosia Street Survey');
    const whole = await complete(island, owner);
    const controller = new AbortController();
    const state = initialDescentState(island, owner);
    const result = await runDescent(island, state, reader(), {
      onProgress: (p) => {
        if (p.tilesRead === 30) controller.abort();
      },
      signal: controller.signal,
    });
    assert.equal(result.stoppedBy, 'aborted');
    const resumed = await runDescent(
      island,
      parseDescentState(JSON.parse(JSON.stringify(state)) as unknown),
      reader(),
    );
    assert.deepEqual(resumed.sequences, whole.sequences);
  });

  it('reads every child of a tile it cannot decode, and reports it', async () => {
    const owner = org('Troodos Trails');
    const whole = await complete(island, owner);
    const state: DescentState = initialDescentState(island, owner);
    const start = state.frontier[state.frontier.length - 1];
    assert.ok(start);
    const broken: FetchTile = (set, z, x, y, signal) =>
      z === start[0] && x === start[1] && y === start[2]
        ? Promise.resolve(new TextEncoder().encode('{"error":"nope"}'))
        : reader()(set, z, x, y, signal);
    const result = await runDescent(island, state, broken);
    assert.deepEqual(result.sequences, whole.sequences);
    assert.equal(state.skippedTiles.length, 1);
    assert.deepEqual(state.skippedTiles[0]?.tile, start);
    assert.ok(
      state.tilesRead.reduce((a, b) => a + b, 0) >=
        whole.state.tilesRead.reduce((a, b) => a + b, 0),
    );
  });

  it('refuses a damaged stored state with a message that says how to recover', () => {
    assert.throws(
      () => parseDescentState({ version: 2 }),
      /cannot be resumed .*delete it to start again/,
    );
    const good = initialDescentState(island, org('Troodos Trails'));
    const bad = { ...good, frontier: [[3, 9, 0]] };
    assert.throws(() => parseDescentState(bad), /frontier/);
    assert.deepEqual(parseDescentState(JSON.parse(JSON.stringify(good)) as unknown), good);
  });
});
