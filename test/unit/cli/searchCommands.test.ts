// `search`, `close-to`, `looking-at` and `map-features --area` against the emulator: what they write
// is what the dataset holds in the area (or around the point) with the filters, in the order and
// formats promised; shapes keep only what lies inside them, holes left out.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pointInArea } from '../../../src/shared/geo/area';
import { parseAreaGeoJson } from '../../../src/shared/geo/areaGeoJson';
import {
  bearingDegrees,
  distanceMetres,
  rankLookingAt,
} from '../../../src/shared/geo/pointQueries';
import { type ImageRecord } from '../../emulator/dataset';
import { useEmulator } from '../core/harness';
import { busyOrganization } from '../export/exportHarness';
import { runCliAgainst } from '../../support/cliRun';

/** A closed square ring around a point. */
function square(lon: number, lat: number, r: number): number[][] {
  return [
    [lon - r, lat - r],
    [lon + r, lat - r],
    [lon + r, lat + r],
    [lon - r, lat + r],
    [lon - r, lat - r],
  ];
}

function csv(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
}

describe('search, close-to, looking-at and map-features --area (command line)', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-search-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const out = (name: string) => path.join(dir, name);

  const run = (args: string[]) => runCliAgainst(emulator(), args);

  const images = (): ImageRecord[] => emulator().dataset.images;

  it('searches a bbox with an organization filter and writes CSV in the search columns', async () => {
    const org = busyOrganization(emulator());
    const result = await run([
      'search',
      '--bbox',
      org.bbox.join(','),
      '--org',
      org.id,
      '-o',
      out('org.csv'),
    ]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const [header, ...rows] = csv(out('org.csv'));
    assert.deepEqual(header, [
      'img_id',
      'seq_id',
      'captured_at',
      'compass_angle',
      'lon',
      'lat',
      'is_pano',
      'creator.username',
    ]);
    const [w, s, e, n] = org.bbox;
    const want = images()
      .filter((i) => i.organizationId === org.id)
      .filter((i) => i.lon >= w && i.lon <= e && i.lat >= s && i.lat <= n)
      .map((i) => i.id);
    assert.deepEqual(rows.map((r) => r[0]).sort(), want.sort());
    assert.match(result.stdout, new RegExp(`^search: ${want.length} images written to `));
  });

  it('keeps only what lies in a shape, outside its hole, with the pano and date filters, as GeoJSON', async () => {
    const [lon, lat] = emulator().dataset.center;
    const shape = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'Polygon',
            coordinates: [square(lon, lat, 0.006), square(lon, lat, 0.002).reverse()],
          },
        },
      ],
    };
    writeFileSync(out('ring.geojson'), JSON.stringify(shape));
    const area = parseAreaGeoJson(JSON.stringify(shape));
    const from = Date.UTC(2018, 0, 1);
    const result = await run([
      'search',
      '--area',
      out('ring.geojson'),
      '--flat',
      '--start',
      '2018-01-01',
      '--format',
      'geojson',
      '-o',
      out('ring.geojson.out'),
    ]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const collection = JSON.parse(readFileSync(out('ring.geojson.out'), 'utf8')) as {
      type: string;
      features: { id: string; geometry: { coordinates: number[] } }[];
    };
    assert.equal(collection.type, 'FeatureCollection');
    const want = images().filter(
      (i) => !i.isPano && i.capturedAt >= from && pointInArea(area, i.lon, i.lat),
    );
    const inHole = images().filter(
      (i) => Math.abs(i.lon - lon) < 0.0019 && Math.abs(i.lat - lat) < 0.0019,
    );
    assert.ok(want.length > 10 && inHole.length > 0);
    const got = collection.features.map((f) => f.id);
    assert.deepEqual([...got].sort(), want.map((i) => i.id).sort());
    for (const image of inHole) assert.ok(!got.includes(image.id), `${image.id} is in the hole`);
  });

  it('writes JSON lines with the chosen columns, and refuses bad filters before any request', async () => {
    const org = busyOrganization(emulator());
    const result = await run([
      'search',
      '--bbox',
      org.bbox.join(','),
      '--fields',
      'img_id,lon,lat',
      '--format',
      'jsonl',
      '-o',
      out('s.jsonl'),
    ]);
    assert.equal(result.code, 0, result.stderr);
    const lines = readFileSync(out('s.jsonl'), 'utf8').trimEnd().split('\n');
    const first = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(first), ['img_id', 'lon', 'lat']);
    assert.equal(typeof first.img_id, 'string');
    emulator().resetLog();
    const dates = await run(['search', '--bbox', org.bbox.join(','), '--start', '2020-13-01']);
    assert.equal(dates.code, 2);
    assert.match(dates.stderr, /not a date/);
    const both = await run(['search', '--bbox', org.bbox.join(','), '--pano', '--flat']);
    assert.equal(both.code, 2);
    const none = await run(['search']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /needs --bbox or --area/);
    assert.equal(emulator().requests().length, 0);
  });

  it('lists the images close to a point, nearest first, with their distance', async () => {
    const image = images()[40];
    assert.ok(image);
    const result = await run([
      'close-to',
      `${image.lon},${image.lat}`,
      '--radius',
      '30',
      '-o',
      out('near.csv'),
    ]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const [header, ...rows] = csv(out('near.csv'));
    assert.equal(header?.at(-1), 'distance_m');
    const want = images().filter((i) => distanceMetres(image.lon, image.lat, i.lon, i.lat) <= 30);
    assert.deepEqual(rows.map((r) => r[0]).sort(), want.map((i) => i.id).sort());
    assert.equal(rows[0]?.[0], image.id, 'the image on the point comes first');
    const distances = rows.map((r) => Number(r.at(-1)));
    assert.deepEqual(
      distances,
      [...distances].sort((a, b) => a - b),
    );
  });

  it('lists the images looking at a point, the most squarely facing first', async () => {
    // A point 20 m ahead of an image, along its compass angle.
    const image = images().find((i) => !i.isPano && i.capturedAt > 0);
    assert.ok(image);
    const rad = (image.compassAngle * Math.PI) / 180;
    const lon =
      image.lon + (20 * Math.sin(rad)) / (111_320 * Math.cos((image.lat * Math.PI) / 180));
    const lat = image.lat + (20 * Math.cos(rad)) / 110_540;
    const result = await run([
      'looking-at',
      `${lon},${lat}`,
      '--radius',
      '60',
      '--angle',
      '30',
      '--format',
      'jsonl',
      '-o',
      out('looking.jsonl'),
    ]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const rows = readFileSync(out('looking.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { img_id: string; off_axis_deg: number });
    const ranked = rankLookingAt(
      images().map((i) => ({ id: i.id, lon: i.lon, lat: i.lat, compassAngle: i.compassAngle })),
      lon,
      lat,
      60,
      30,
    );
    assert.deepEqual(
      rows.map((r) => r.img_id),
      ranked.map((r) => r.image.id),
    );
    assert.ok(rows.some((r) => r.img_id === image.id));
    for (const row of rows) assert.ok(row.off_axis_deg <= 30);
    const offAxis = rows.map((r) => r.off_axis_deg);
    assert.deepEqual(
      offAxis,
      [...offAxis].sort((a, b) => a - b),
    );
    const facing = bearingDegrees(image.lon, image.lat, lon, lat);
    assert.ok(
      Math.abs(facing - image.compassAngle) < 1 || Math.abs(facing - image.compassAngle) > 359,
    );
  });

  it('refuses a point or radius it cannot use', async () => {
    const bad = await run(['close-to', '200,10']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /longitude -180\.\.180/);
    const radius = await run(['close-to', '13,55', '--radius', '9000']);
    assert.equal(radius.code, 2);
    assert.match(radius.stderr, /--radius must be/);
    const angle = await run(['close-to', '13,55', '--angle', '10']);
    assert.equal(angle.code, 2);
    assert.match(angle.stderr, /does not take --angle/);
  });

  it('keeps only the map features inside a shape', async () => {
    const [lon, lat] = emulator().dataset.center;
    const shape = {
      type: 'Polygon',
      coordinates: [square(lon, lat, 0.005), square(lon, lat, 0.0015).reverse()],
    };
    writeFileSync(out('features.geojson'), JSON.stringify(shape));
    const area = parseAreaGeoJson(JSON.stringify(shape));
    const result = await run([
      'map-features',
      '--area',
      out('features.geojson'),
      '-o',
      out('features.out.geojson'),
    ]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const written = JSON.parse(readFileSync(out('features.out.geojson'), 'utf8')) as {
      features: { id: string }[];
    };
    const want = emulator()
      .dataset.mapFeatures.filter((f) => pointInArea(area, f.lon, f.lat))
      .map((f) => f.id);
    assert.ok(want.length > 5);
    assert.deepEqual(written.features.map((f) => f.id).sort(), want.sort());
  });
});
