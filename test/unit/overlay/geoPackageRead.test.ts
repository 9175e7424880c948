// Reading GeoPackages for the map: the WKB and GeoPackage geometry readers against blobs built by
// hand (every simple-feature type, both byte orders, Z, EWKB, hostile counts), GeoPackages written
// by our writer and, where GDAL is installed, by ogr2ogr (an independent writer), and the refusals
// of files that are not GeoPackages or not in longitude/latitude.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeGeoPackage } from '../../../src/core/gis/geoPackageWriter';
import { loadSqlite } from '../../../src/core/gis/sqliteWasm';
import { readGeoPackageFeatures } from '../../../src/core/overlay/geoPackageFeatures';
import { readGeoPackageGeometry, readWkb, WkbError } from '../../../src/shared/gis/wkbReader';
import { toGeoPackageBlob, toWkb } from '../../../src/shared/gis/wkb';
import { decodeOverlay } from '../../../src/shared/overlay/overlayDecode';
import { OverlayError } from '../../../src/shared/overlay/overlayFeatures';
import { hasOgrinfo } from '../../support/gisReaders';
import { streamOf } from '../../support/gisSamples';

/** WKB built by hand: byte order, type, then the given uint32 counts and float64 coordinates. */
function wkb(little: boolean, type: number, parts: ({ u: number } | { f: number })[]): Uint8Array {
  const size = 5 + parts.reduce((n, p) => n + ('u' in p ? 4 : 8), 0);
  const view = new DataView(new ArrayBuffer(size));
  view.setUint8(0, little ? 1 : 0);
  view.setUint32(1, type, little);
  let at = 5;
  for (const p of parts) {
    if ('u' in p) {
      view.setUint32(at, p.u, little);
      at += 4;
    } else {
      view.setFloat64(at, p.f, little);
      at += 8;
    }
  }
  return new Uint8Array(view.buffer);
}
const f = (...values: number[]) => values.map((v) => ({ f: v }));
const u = (v: number) => ({ u: v });
const concat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));

describe('WKB and GeoPackage geometry reader', () => {
  it("reads our own writer's points and lines back", () => {
    const line = {
      type: 'LineString' as const,
      coordinates: [
        [13, 55.6],
        [13.1, 55.7],
      ] as [number, number][],
    };
    assert.deepEqual(readWkb(toWkb(line)), line);
    assert.deepEqual(readGeoPackageGeometry(toGeoPackageBlob(line)), {
      geometry: line,
      srsId: 4326,
    });
    const point = { type: 'Point' as const, coordinates: [13, 55.6] as [number, number] };
    assert.deepEqual(readGeoPackageGeometry(toGeoPackageBlob(point)).geometry, point);
  });

  it('reads polygons, multi-geometries and collections in either byte order', () => {
    for (const little of [true, false]) {
      const ring = [u(4), ...f(0, 0, 1, 0, 1, 1, 0, 0)];
      assert.deepEqual(readWkb(wkb(little, 3, [u(1), ...ring])), {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      });
      const multi = concat(
        wkb(little, 4, [u(2)]),
        wkb(little, 1, f(1, 2)),
        wkb(little, 1, f(3, 4)),
      );
      assert.deepEqual(readWkb(multi), {
        type: 'MultiPoint',
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      });
      const polygons = concat(wkb(little, 6, [u(1)]), wkb(little, 3, [u(1), ...ring]));
      assert.equal(readWkb(polygons)?.type, 'MultiPolygon');
      const collection = concat(
        wkb(little, 7, [u(2)]),
        wkb(little, 1, f(1, 2)),
        wkb(little, 2, [u(2), ...f(0, 0, 1, 1)]),
      );
      assert.deepEqual(readWkb(collection), {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Point', coordinates: [1, 2] },
          {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [1, 1],
            ],
          },
        ],
      });
    }
  });

  it('keeps x and y of ISO Z/M/ZM and EWKB geometries, and an empty point is none', () => {
    assert.deepEqual(readWkb(wkb(true, 1001, f(1, 2, 3))), { type: 'Point', coordinates: [1, 2] });
    assert.deepEqual(readWkb(wkb(true, 3002, [u(1), ...f(1, 2, 3, 4)])), {
      type: 'LineString',
      coordinates: [[1, 2]],
    });
    // EWKB: Z flag and an SRID after the type.
    assert.deepEqual(readWkb(wkb(true, 0xa0000001, [u(4326), ...f(5, 6, 7)])), {
      type: 'Point',
      coordinates: [5, 6],
    });
    assert.equal(readWkb(wkb(true, 1, f(NaN, NaN))), null);
  });

  it('refuses hostile counts before allocating, and unknown types and headers', () => {
    assert.throws(() => readWkb(wkb(true, 2, [u(0xffffffff), ...f(1, 2)])), WkbError);
    assert.throws(() => readWkb(wkb(true, 3, [u(0x7fffffff)])), /more than its bytes hold/);
    assert.throws(() => readWkb(wkb(true, 17, [])), /not a simple feature/);
    assert.throws(() => readWkb(wkb(true, 5001, [])), /unknown/);
    assert.throws(() => readWkb(new Uint8Array([1, 1, 0])), /truncated/);
    let nested = wkb(true, 1, f(1, 2));
    for (let i = 0; i < 8; i++) nested = concat(wkb(true, 7, [u(1)]), nested);
    assert.throws(() => readWkb(nested), /too deeply/);
    assert.throws(
      () => readGeoPackageGeometry(toWkb({ type: 'Point', coordinates: [1, 2] })),
      /no "GP" header/,
    );
  });
});

describe('GeoPackage layers as GeoJSON for the map', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-overlay-gpkg-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads every feature layer of our writer's file, with its columns and a layer name", async () => {
    const file = path.join(dir, 'ours.gpkg');
    const images = [0, 1, 2].map((i) => ({
      geometry: { type: 'Point' as const, coordinates: [13 + i / 100, 55.6] as [number, number] },
      values: { img_id: `10000000000000${i}`, captured_at: 1_600_000_000_000 + i },
    }));
    const lines = [
      {
        geometry: {
          type: 'LineString' as const,
          coordinates: [
            [13, 55.6],
            [13.1, 55.7],
          ] as [number, number][],
        },
        values: { seq: 'abc' },
      },
    ];
    await writeGeoPackage(file, [
      {
        name: 'images',
        geometryType: 'Point',
        columns: [
          { name: 'img_id', type: 'text' },
          { name: 'captured_at', type: 'integer' },
        ],
        features: streamOf(images),
      },
      {
        name: 'sequences',
        geometryType: 'LineString',
        columns: [{ name: 'seq', type: 'text' }],
        features: streamOf(lines),
      },
    ]);
    const read = await readGeoPackageFeatures(readFileSync(file), 'ours.gpkg');
    assert.deepEqual(read.layers, [
      { name: 'images', features: 3 },
      { name: 'sequences', features: 1 },
    ]);
    const decoded = decodeOverlay(new TextEncoder().encode(read.text), 'geojson');
    assert.deepEqual([decoded.points, decoded.lines], [3, 1]);
    assert.deepEqual(decoded.features[1]?.properties, {
      layer: 'images',
      img_id: '100000000000001',
      captured_at: 1_600_000_000_001,
    });
  });

  it('reads a GeoPackage written by GDAL (ogr2ogr), polygons with holes and all', async function () {
    if (!hasOgrinfo()) {
      console.warn(
        'SKIPPED the GDAL-written GeoPackage: ogr2ogr is not installed (apt-get install gdal-bin)',
      );
      this.skip();
    }
    const source = path.join(dir, 'parcels.geojson');
    writeFileSync(
      source,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { parcel: 'A-1', area_m2: 1250.5 },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [13, 55.6],
                  [13.01, 55.6],
                  [13.01, 55.61],
                  [13, 55.61],
                  [13, 55.6],
                ],
                [
                  [13.002, 55.602],
                  [13.004, 55.602],
                  [13.004, 55.604],
                  [13.002, 55.602],
                ],
              ],
            },
          },
        ],
      }),
    );
    const target = path.join(dir, 'parcels.gpkg');
    const run = spawnSync('ogr2ogr', ['-f', 'GPKG', target, source], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const read = await readGeoPackageFeatures(readFileSync(target), 'parcels.gpkg');
    assert.equal(read.layers.length, 1);
    const decoded = decodeOverlay(new TextEncoder().encode(read.text), 'geojson');
    assert.equal(decoded.polygons, 1);
    assert.equal(decoded.features[0]?.properties?.parcel, 'A-1');
    const geometry = decoded.features[0]?.geometry;
    assert.equal(geometry?.type, 'Polygon');
    assert.equal(geometry?.type === 'Polygon' ? geometry.coordinates.length : 0, 2);
  });

  it('refuses an SQLite file that is not a GeoPackage, and a projected layer', async () => {
    const { sqlite3 } = await loadSqlite();
    const db = new sqlite3.oo1.DB(':memory:', 'c');
    db.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hello');");
    const plain = sqlite3.capi.sqlite3_js_db_export(db);
    db.close();
    await assert.rejects(readGeoPackageFeatures(plain, 'notes.gpkg'), (error: unknown) => {
      assert.ok(error instanceof OverlayError);
      assert.match(error.message, /notes\.gpkg is not a GeoPackage/);
      return true;
    });
    const projected = path.join(dir, 'projected.gpkg');
    const source = path.join(dir, 'projected.geojson');
    writeFileSync(
      source,
      JSON.stringify({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Point', coordinates: [13, 55.6] },
      }),
    );
    if (!hasOgrinfo()) return;
    const run = spawnSync('ogr2ogr', ['-f', 'GPKG', '-t_srs', 'EPSG:3857', projected, source], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    await assert.rejects(
      readGeoPackageFeatures(readFileSync(projected), 'projected.gpkg'),
      /SRS id 3857.*EPSG:4326/,
    );
  });

  it('stops at the feature and text limits', async () => {
    const file = path.join(dir, 'many.gpkg');
    const points = Array.from({ length: 50 }, (_, i) => ({
      geometry: { type: 'Point' as const, coordinates: [13 + i / 1000, 55.6] as [number, number] },
      values: { note: 'x'.repeat(100) },
    }));
    await writeGeoPackage(file, [
      {
        name: 'assets',
        geometryType: 'Point',
        columns: [{ name: 'note', type: 'text' }],
        features: streamOf(points),
      },
    ]);
    const bytes = readFileSync(file);
    await assert.rejects(
      readGeoPackageFeatures(bytes, 'many.gpkg', { maxFeatures: 49 }),
      /more than 49 features/,
    );
    await assert.rejects(
      readGeoPackageFeatures(bytes, 'many.gpkg', { maxTextBytes: 4000 }),
      /more than 0 MB of GeoJSON.*ogr2ogr/,
    );
    assert.equal((await readGeoPackageFeatures(bytes, 'many.gpkg')).layers[0]?.features, 50);
  });
});
