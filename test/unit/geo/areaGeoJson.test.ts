// Areas read from GeoJSON: the objects accepted, the shapes refused (with where and how to fix
// them), and the bounds on text, vertices and polygons.
import { strict as assert } from 'node:assert';
import { AreaError, pointInArea } from '../../../src/shared/geo/area';
import { areaFromGeoJson, parseAreaGeoJson } from '../../../src/shared/geo/areaGeoJson';
import { type Ring, holed, polygon, square } from './areaShapes';

function refused(value: unknown, pattern: RegExp): void {
  assert.throws(
    () => areaFromGeoJson(value),
    (error: unknown) => error instanceof AreaError && pattern.test(error.message),
  );
}

describe('areas from GeoJSON', () => {
  it('reads a Polygon, a MultiPolygon, a Feature, a FeatureCollection and a GeometryCollection', () => {
    const p = areaFromGeoJson(holed);
    assert.equal(p.kind, 'shape');
    assert.equal(p.polygons.length, 1);
    assert.equal(p.polygons[0]?.rings.length, 2);
    assert.deepEqual(p.bbox, [10, 40, 20, 50]);
    assert.equal(p.vertexCount, 10);
    const multi = areaFromGeoJson({
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 1, 1)], [square(5, 5, 6, 7)]],
    });
    assert.equal(multi.polygons.length, 2);
    assert.deepEqual(multi.bbox, [0, 0, 6, 7]);
    const feature = { type: 'Feature', properties: { name: 'x' }, geometry: holed };
    assert.equal(areaFromGeoJson(feature).polygons.length, 1);
    const collection = {
      type: 'FeatureCollection',
      features: [
        feature,
        { type: 'Feature', properties: null, geometry: polygon(square(30, 0, 31, 1)) },
      ],
    };
    assert.equal(areaFromGeoJson(collection).polygons.length, 2);
    const geometries = {
      type: 'GeometryCollection',
      geometries: [holed, polygon(square(0, 0, 1, 1))],
    };
    assert.equal(areaFromGeoJson(geometries).polygons.length, 2);
    assert.equal(parseAreaGeoJson(`\uFEFF${JSON.stringify(holed)}`).polygons.length, 1);
  });

  it('refuses rings that are open, too short or flat, with where and how to fix it', () => {
    const open = square(0, 0, 1, 1).slice(0, 4);
    open.push([0, 0.5]);
    refused(polygon(open), /outer ring is not closed: its last position must repeat its first/);
    refused(
      polygon([
        [0, 0],
        [1, 0],
        [0, 0],
      ]),
      /has 3 positions; a ring needs at least 4/,
    );
    refused(
      polygon([
        [0, 0],
        [1, 1],
        [2, 2],
        [0, 0],
      ]),
      /has no area/,
    );
    refused(
      { type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(0, 0, 1, 1).slice(1)]] },
      /polygon 2, outer ring is not closed/,
    );
  });

  it('refuses positions that are not finite longitude/latitude pairs', () => {
    refused(
      polygon([
        [0, 0],
        [NaN, 0],
        [1, 1],
        [0, 0],
      ] as Ring),
      /position 2 is not a finite number/,
    );
    refused(
      polygon([
        [0, 0],
        [1, 0],
        [1, 91],
        [0, 0],
      ] as Ring),
      /outside longitude -180..180/,
    );
    refused(
      polygon([
        [500000, 4000000],
        [500100, 4000000],
        [500100, 4000100],
        [500000, 4000000],
      ]),
      /not projected metres/,
    );
    refused(
      { type: 'Polygon', coordinates: [[[0, 0], [1], [1, 1], [0, 0]]] },
      /position 2 is not a \[longitude, latitude\] pair/,
    );
    refused(
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            ['1', 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      /not a pair of numbers/,
    );
  });

  it('refuses shapes that cross themselves, holes that cross or leave their outer ring', () => {
    const bowTie: Ring = [
      [0, 0],
      [2, 2],
      [2, 0],
      [0, 4],
      [0, 0],
    ];
    refused(polygon(bowTie), /outer ring crosses itself near 1.333333,1.333333/);
    refused(polygon(square(0, 0, 10, 10), square(5, 5, 15, 8)), /the outer ring and hole 1 cross/);
    refused(
      polygon(square(0, 0, 10, 10), square(2, 2, 4, 4), square(3, 3, 5, 5)),
      /hole 1 and hole 2 cross/,
    );
    refused(
      polygon(square(0, 0, 10, 10), square(20, 20, 21, 21)),
      /hole 1 lies outside the outer ring/,
    );
    // A hole touching its outer ring at one corner is allowed.
    const touching: Ring = [
      [0, 0],
      [2, 1],
      [1, 2],
      [0, 0],
    ];
    assert.equal(areaFromGeoJson(polygon(square(0, 0, 10, 10), touching)).polygons.length, 1);
  });

  it('refuses a shape crossing the antimeridian and says to split it', () => {
    refused(
      polygon([
        [179, 0],
        [-179, 0],
        [-179, 1],
        [179, 1],
        [179, 0],
      ]),
      /crosses the antimeridian .* split the shape into one polygon on each side of 180°/,
    );
    // The same shape split at 180° is fine.
    const split = areaFromGeoJson({
      type: 'MultiPolygon',
      coordinates: [[square(179, 0, 180, 1)], [square(-180, 0, -179, 1)]],
    });
    assert.ok(pointInArea(split, 179.5, 0.5));
    assert.ok(pointInArea(split, -179.5, 0.5));
    assert.ok(!pointInArea(split, 0, 0.5));
  });

  it('refuses what is not a polygonal GeoJSON object', () => {
    refused([], /not a GeoJSON object/);
    refused('x', /not a GeoJSON object/);
    refused({ coordinates: [] }, /has no GeoJSON "type"/);
    refused({ type: 'Point', coordinates: [0, 0] }, /is a Point, which has no inside/);
    refused(
      {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [] } }],
      },
      /feature 1 is a LineString/,
    );
    refused({ type: 'Feature', geometry: null }, /has no geometry/);
    refused({ type: 'FeatureCollection', features: [] }, /holds no polygon/);
    refused({ type: 'FeatureCollection' }, /no "features" array/);
    refused({ type: 'Polygon', coordinates: [] }, /has no rings/);
    refused(
      { ...holed, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } },
      /EPSG::3857.*WGS 84/,
    );
    assert.equal(
      areaFromGeoJson({
        ...holed,
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
      }).polygons.length,
      1,
    );
  });

  it('bounds the text, the vertices and the polygons', () => {
    assert.throws(() => parseAreaGeoJson('{"type":"Polygon"}', { maxChars: 10 }), /larger than/);
    assert.throws(() => parseAreaGeoJson('{"type": Polygon}'), /not valid JSON/);
    const ring: Ring = [];
    for (let i = 0; i < 200; i++) {
      const a = (2 * Math.PI * i) / 200;
      ring.push([Math.cos(a), Math.sin(a)]);
    }
    ring.push(ring[0] as [number, number]);
    assert.equal(areaFromGeoJson(polygon(ring)).vertexCount, 201);
    assert.throws(
      () => areaFromGeoJson(polygon(ring), { maxVertices: 150 }),
      /more than 150 vertices/,
    );
    const many = {
      type: 'MultiPolygon',
      coordinates: [0, 1, 2].map((i) => [square(i, 0, i + 0.5, 1)]),
    };
    assert.throws(() => areaFromGeoJson(many, { maxPolygons: 2 }), /more than 2 polygons/);
  });
});
