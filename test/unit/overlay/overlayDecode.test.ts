// Reading the files shown over the map: GeoJSON of every geometry type, FlatGeobuf written by the
// `flatgeobuf` package's own writer and by ours, and every refusal a hostile or unusable file gets,
// each saying what to do.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FeatureCollection, Geometry } from 'geojson';
import { serialize } from 'flatgeobuf/lib/mjs/geojson.js';
import { writeFlatGeobuf } from '../../../src/core/gis/flatGeobufWriter';
import { decodeOverlay } from '../../../src/shared/overlay/overlayDecode';
import { OverlayError, overlayFeaturesOf } from '../../../src/shared/overlay/overlayFeatures';
import { MAX_OVERLAY_BYTES } from '../../../src/shared/overlay/overlayLimits';
import { streamOf } from '../../support/gisSamples';

const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

// The last feature has no geometry, which RFC 7946 allows and @types/geojson does not.
const MIXED: FeatureCollection<Geometry | null> = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: 'hydrant 1' },
      geometry: { type: 'Point', coordinates: [13.0, 55.6] },
    },
    {
      type: 'Feature',
      properties: { name: 'street' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [13.0, 55.6],
          [13.01, 55.61, 12.5],
        ],
      },
    },
    {
      type: 'Feature',
      properties: { name: 'park' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [13.0, 55.6],
            [13.02, 55.6],
            [13.02, 55.62],
            [13.0, 55.6],
          ],
        ],
      },
    },
    {
      type: 'Feature',
      properties: { name: 'both' },
      geometry: {
        type: 'GeometryCollection',
        geometries: [
          {
            type: 'MultiPoint',
            coordinates: [
              [12.9, 55.5],
              [12.95, 55.55],
            ],
          },
          {
            type: 'MultiLineString',
            coordinates: [
              [
                [12.9, 55.5],
                [12.91, 55.51],
              ],
            ],
          },
        ],
      },
    },
    { type: 'Feature', properties: { name: 'nowhere' }, geometry: null },
  ],
};

function refused(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof OverlayError, `an OverlayError, not ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('overlay files: GeoJSON', () => {
  it('reads every geometry type, splits a GeometryCollection and counts what has no geometry', () => {
    const read = decodeOverlay(bytes(MIXED), 'geojson');
    assert.equal(read.features.length, 5);
    assert.deepEqual([read.points, read.lines, read.polygons], [2, 2, 1]);
    assert.equal(read.withoutGeometry, 1);
    assert.equal(read.positions, 1 + 2 + 4 + 2 + 2);
    assert.deepEqual(read.bbox, [12.9, 55.5, 13.02, 55.62]);
    // The split members keep their feature's properties.
    assert.deepEqual(
      read.features.slice(3).map((f) => f.properties?.name),
      ['both', 'both'],
    );
  });

  it('reads a bare Feature, a bare geometry and a byte order mark', () => {
    const point = { type: 'Point', coordinates: [1, 2] };
    assert.equal(
      decodeOverlay(bytes({ type: 'Feature', properties: null, geometry: point }), 'geojson')
        .points,
      1,
    );
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(point)]);
    assert.equal(decodeOverlay(withBom, 'geojson').features.length, 1);
  });

  it('refuses a projected file, naming the position and how to reproject', () => {
    const projected = { type: 'Point', coordinates: [374_000, 6_163_000] };
    refused(
      () => decodeOverlay(bytes(projected), 'geojson'),
      /374000, 6163000.*projected.*EPSG:4326.*ogr2ogr/,
    );
    const named = { ...MIXED, crs: { type: 'name', properties: { name: 'EPSG:3006' } } };
    refused(() => decodeOverlay(bytes(named), 'geojson'), /"EPSG:3006".*EPSG:4326/);
    const wgs84 = {
      ...MIXED,
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
    };
    assert.equal(decodeOverlay(bytes(wgs84), 'geojson').features.length, 5);
  });

  it('names the feature at fault', () => {
    const bad = {
      type: 'FeatureCollection',
      features: [
        MIXED.features[0],
        { type: 'Feature', geometry: { type: 'Point', coordinates: ['a', 1] } },
      ],
    };
    refused(
      () => decodeOverlay(bytes(bad), 'geojson'),
      /^feature 2 has a position that is not a pair of numbers/,
    );
    const nested = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [1, 2] } };
    refused(() => overlayFeaturesOf(nested), /not nested as its type says/);
    const unknown = { type: 'Feature', geometry: { type: 'Circle', coordinates: [1, 2] } };
    refused(() => overlayFeaturesOf(unknown), /"Circle", which GeoJSON does not define/);
    const deep = {
      type: 'GeometryCollection',
      geometries: [{ type: 'GeometryCollection', geometries: [] }],
    };
    refused(() => overlayFeaturesOf(deep), /GeometryCollection.*does not define/);
  });

  it('refuses text that is not JSON, not UTF-8, or holds nothing to draw', () => {
    refused(
      () => decodeOverlay(new TextEncoder().encode('{"type": "Feat'), 'geojson'),
      /not valid JSON/,
    );
    refused(
      () => decodeOverlay(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'geojson'),
      /not UTF-8.*save it as UTF-8/,
    );
    refused(
      () => decodeOverlay(bytes({ type: 'FeatureCollection', features: [] }), 'geojson'),
      /no features: there is nothing to draw/,
    );
    refused(() => decodeOverlay(bytes([1, 2]), 'geojson'), /not a GeoJSON object/);
  });

  it('stops at the feature and position limits, saying what to do', () => {
    refused(
      () => overlayFeaturesOf(MIXED, { maxFeatures: 3 }),
      /more than 3 features: draw a part of it/,
    );
    refused(
      () => overlayFeaturesOf(MIXED, { maxPositions: 5 }),
      /more than 5 positions: simplify it first/,
    );
    assert.equal(overlayFeaturesOf(MIXED, { maxFeatures: 5, maxPositions: 11 }).features.length, 5);
  });

  it('refuses more bytes than may cross to the map, before reading them', () => {
    const huge = new Uint8Array(MAX_OVERLAY_BYTES + 1);
    refused(() => decodeOverlay(huge, 'geojson'), /64 MB.*FlatGeobuf/);
  });
});

describe('overlay files: FlatGeobuf', () => {
  const points: FeatureCollection = {
    type: 'FeatureCollection',
    features: [0, 1, 2].map((i) => ({
      type: 'Feature',
      properties: { name: `asset ${i}`, rank: i },
      geometry: { type: 'Point', coordinates: [13 + i / 100, 55.6] },
    })),
  };

  it("reads what the flatgeobuf package's own writer wrote, with its properties", () => {
    const read = decodeOverlay(serialize(points, 4326), 'fgb');
    assert.equal(read.points, 3);
    assert.deepEqual(
      read.features.map((f) => f.properties?.name),
      ['asset 0', 'asset 1', 'asset 2'],
    );
    assert.deepEqual(read.features[2]?.geometry, { type: 'Point', coordinates: [13.02, 55.6] });
  });

  it('reads what our writer wrote, past its spatial index', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mly-overlay-fgb-'));
    try {
      const file = path.join(dir, 'lines.fgb');
      const features = [0, 1, 2, 3, 4].map((i) => ({
        geometry: {
          type: 'LineString' as const,
          coordinates: [
            [13 + i / 100, 55.6],
            [13 + i / 100, 55.61],
          ] as [number, number][],
        },
        values: { seq: `s${i}` },
      }));
      await writeFlatGeobuf(file, {
        name: 'sequences',
        geometryType: 'LineString',
        columns: [{ name: 'seq', type: 'text' }],
        features: streamOf(features),
      });
      const read = decodeOverlay(readFileSync(file), 'fgb');
      assert.equal(read.lines, 5);
      assert.deepEqual(read.features.map((f) => String(f.properties?.seq)).sort(), [
        's0',
        's1',
        's2',
        's3',
        's4',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a truncated file, a file that is not FlatGeobuf, and a projected one', () => {
    const whole = serialize(points, 4326);
    refused(
      () => decodeOverlay(whole.subarray(0, whole.length - 7), 'fgb'),
      /runs past its end: the file is truncated/,
    );
    refused(() => decodeOverlay(bytes(points), 'fgb'), /not FlatGeobuf/);
    refused(() => decodeOverlay(serialize(points, 3857), 'fgb'), /EPSG:3857.*EPSG:4326/);
  });

  it('checks the declared feature count before reading a feature', () => {
    refused(
      () => decodeOverlay(serialize(points, 4326), 'fgb', { maxFeatures: 2 }),
      /3 features, more than the 2/,
    );
  });
});
