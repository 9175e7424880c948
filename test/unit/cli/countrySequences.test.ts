// `sequences` over a Cyprus-sized area against the emulator's country dataset: the cost is said
// first and a costly listing needs --yes; the listing finds every sequence of the organization by
// reading a small part of the z14 tiles; a GeoJSON area keeps only what lies inside the shape and
// outside its hole; a spent daily budget stops the listing, which goes on when run again.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { utcDay } from '../../../src/core/http/dailyBudget';
import { estimateDescent } from '../../../src/shared/explorer/descentPlan';
import { areaFromBbox, pointInArea } from '../../../src/shared/geo/area';
import { parseAreaGeoJson } from '../../../src/shared/geo/areaGeoJson';
import { CountryDataset } from '../../emulator/countryDataset';
import { useEmulator } from '../core/harness';
import { runCliAgainst } from '../../support/cliRun';

const CYPRUS = '32.2,34.5,34.7,35.8';
const SEED = 5;

/** A square ring around a point, `r` degrees from it. */
function square(lon: number, lat: number, r: number): number[][] {
  return [
    [lon - r, lat - r],
    [lon + r, lat - r],
    [lon + r, lat + r],
    [lon - r, lat + r],
    [lon - r, lat - r],
  ];
}

describe('sequences over a country (command line, emulator --size country)', function () {
  this.timeout(120_000);
  // Searches denser than 3,000 images answer the 500 (the built datasets' default is 5,000).
  const emulator = useEmulator({ size: 'country', seed: SEED, denseThreshold: 3000 });
  const country = new CountryDataset({ seed: SEED });
  // The smallest organization's listing keeps the tests quick: Pafos Heritage Walks.
  const org = country.organizations[4];
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-country-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const out = (name: string) => path.join(dir, name);

  const run = (args: string[]) => runCliAgainst(emulator(), args);

  /** Sequence id → images inside `inside`, for the organization. */
  function expected(inside: (lon: number, lat: number) => boolean): Map<string, number> {
    const found = new Map<string, number>();
    country.forEachImageIn(...country.bbox, (image) => {
      if (image.organizationId !== org?.id || !inside(image.lon, image.lat)) return;
      found.set(image.sequenceId, (found.get(image.sequenceId) ?? 0) + 1);
    });
    return found;
  }

  function listed(file: string): Map<string, number> {
    const rows = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1);
    return new Map(rows.map((row) => row.split(',')).map((c) => [c[1] ?? '', Number(c[3])]));
  }

  it('says what the listing may cost and reads nothing without --yes', async () => {
    assert.ok(org);
    emulator().resetLog();
    const result = await run(['sequences', '--org', org.id, '--bbox', CYPRUS, '-o', out('no.csv')]);
    assert.equal(result.code, 2);
    const plan = estimateDescent(areaFromBbox([32.2, 34.5, 34.7, 35.8]));
    const maxTiles = plan.maxTiles.toLocaleString('en-US');
    assert.match(result.stderr, new RegExp(`may read up to ${maxTiles} coverage tiles`));
    assert.match(result.stderr, /Pass --yes/);
    assert.equal(emulator().count('tiles:'), 0);
    assert.ok(!existsSync(out('no.csv')));
  });

  it('lists every sequence of the organization on the island, reading a few percent of the z14 tiles', async () => {
    assert.ok(org);
    emulator().resetLog();
    const result = await run([
      'sequences',
      '--org',
      org.id,
      '--bbox',
      CYPRUS,
      '--yes',
      '-o',
      out('island.csv'),
    ]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const want = expected(() => true);
    assert.ok(want.size > 20);
    assert.deepEqual(listed(out('island.csv')), want);
    const read = emulator().count('tiles:');
    const z14 = estimateDescent(areaFromBbox([32.2, 34.5, 34.7, 35.8])).z14BboxTiles;
    assert.ok(read > 0 && read < z14 / 20, `${read} tiles of ${z14}`);
  });

  it('keeps only what lies in a GeoJSON shape, outside its hole', async () => {
    assert.ok(org);
    // Around Paphos, with a hole in its middle.
    const shape = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [square(32.4218, 34.7754, 0.04), square(32.4218, 34.7754, 0.01).reverse()],
      },
    };
    writeFileSync(out('paphos.geojson'), JSON.stringify(shape));
    const area = parseAreaGeoJson(JSON.stringify(shape));
    const result = await run([
      'sequences',
      '--org',
      org.id,
      '--area',
      out('paphos.geojson'),
      '-o',
      out('paphos.csv'),
    ]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const want = expected((lon, lat) => pointInArea(area, lon, lat));
    // Sequences with every image well inside the hole (the sequences, not their images).
    const deep = (lon: number, lat: number) =>
      Math.abs(lon - 32.4218) < 0.008 && Math.abs(lat - 34.7754) < 0.008;
    const inHole = expected(deep);
    const elsewhere = expected((lon, lat) => !deep(lon, lat));
    const onlyInHole = [...inHole.keys()].filter((id) => !elsewhere.has(id));
    assert.ok(want.size > 0 && onlyInHole.length > 0);
    const got = listed(out('paphos.csv'));
    // A sequence whose line crosses the shape between two images is listed with no image in it.
    assert.deepEqual(new Map([...got].filter(([, images]) => images > 0)), want);
    for (const id of onlyInHole) assert.ok(!got.has(id), `${id} lies in the hole`);
  });

  it('searches a dense part of the capital, split until the service answers it whole', async () => {
    const capital = country.organizations[0];
    assert.ok(capital);
    const box = [33.35, 35.16, 33.38, 35.18] as const;
    const want: string[] = [];
    country.forEachImageIn(...box, (image) => {
      if (image.organizationId === capital.id) want.push(image.id);
    });
    assert.ok(want.length > 3000, `${want.length} images: more than the service answers at once`);
    emulator().resetLog();
    const result = await run([
      'search',
      '--bbox',
      box.join(','),
      '--org',
      capital.id,
      '--fields',
      'img_id',
      '-o',
      out('capital.csv'),
    ]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const rows = readFileSync(out('capital.csv'), 'utf8').trimEnd().split('\n').slice(1);
    assert.deepEqual(rows.sort(), want.sort());
    const refused = emulator()
      .requests()
      .filter((r) => r.endpoint === 'graph:images' && r.status === 500).length;
    assert.ok(refused > 0, 'the whole box was too dense at first');
  });

  it('refuses an area crossing the antimeridian and an invalid shape, saying what to fix', async () => {
    assert.ok(org);
    const crossing = {
      type: 'Polygon',
      coordinates: [
        [
          [179, 0],
          [-179, 0],
          [-179, 1],
          [179, 1],
          [179, 0],
        ],
      ],
    };
    writeFileSync(out('dateline.geojson'), JSON.stringify(crossing));
    const a = await run(['sequences', '--org', org.id, '--area', out('dateline.geojson')]);
    assert.equal(a.code, 1);
    assert.match(a.stderr, /crosses the antimeridian.*split the shape/);
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [33, 35],
          [33.2, 35.1],
          [33.2, 35],
          [33, 35.05],
          [33, 35],
        ],
      ],
    };
    writeFileSync(out('bowtie.geojson'), JSON.stringify(bowtie));
    const b = await run(['sequences', '--org', org.id, '--area', out('bowtie.geojson')]);
    assert.equal(b.code, 1);
    assert.match(b.stderr, /not a valid polygon: its outer ring crosses itself/);
    const both = await run(['sequences', '--org', org.id, '--bbox', CYPRUS, '--area', 'x']);
    assert.equal(both.code, 2);
  });

  it('stops when the day’s tile budget is spent, and goes on from there when run again', async () => {
    assert.ok(org);
    const state = out('state');
    const budget = path.join(state, 'tile-budget.json');
    const spend = (count: number) => {
      mkdirSync(state, { recursive: true });
      writeFileSync(budget, JSON.stringify({ day: utcDay(Date.now()), count }));
    };
    const args = ['sequences', '--org', org.id, '--bbox', CYPRUS, '--yes', '--concurrency', '1'];
    spend(50_000 - 20);
    emulator().resetLog();
    const stopped = await run(['--state-dir', state, ...args, '-o', out('budget.csv')]);
    assert.equal(stopped.code, 1, stopped.stderr + stopped.stdout);
    assert.match(stopped.stderr, /20 of today's tile requests remain/);
    assert.match(stopped.stderr + stopped.stdout, /tile budget is spent/);
    assert.equal(emulator().count('tiles:'), 20);
    assert.ok(!existsSync(out('budget.csv')));
    assert.ok(existsSync(out('budget.csv.partial')), 'the listing keeps its state');
    spend(0);
    emulator().resetLog();
    const again = await run(['--state-dir', state, ...args, '-o', out('budget.csv')]);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.match(again.stdout, /taken from an earlier run/);
    const rest = emulator().count('tiles:');
    await run([...args, '-o', out('whole.csv')]);
    const whole = emulator().count('tiles:') - rest;
    assert.equal(rest + 20, whole, 'the tiles of the first run are not read again');
    assert.equal(readFileSync(out('budget.csv'), 'utf8'), readFileSync(out('whole.csv'), 'utf8'));
  });
});
