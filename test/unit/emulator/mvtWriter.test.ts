import { strict as assert } from 'node:assert';
import { VectorTile } from '@mapbox/vector-tile';
import fc from 'fast-check';
import { PbfReader } from 'pbf';
import { type MvtPoint, encodeMvt, orientRing, ringArea } from '../../support/mvtWriter';

function decode(bytes: Uint8Array): VectorTile {
  return new VectorTile(new PbfReader(bytes));
}

describe('mvtWriter', () => {
  it('writes layers, version, extent, ids and typed properties that @mapbox/vector-tile reads back', () => {
    const tile = decode(
      encodeMvt([
        {
          name: 'image',
          version: 2,
          extent: 4096,
          features: [
            {
              id: 42,
              type: 'Point',
              properties: { s: 'abc', i: 7, neg: -3, f: 1.5, b: true, skip: undefined },
              geometry: [[[10, 20]]],
            },
          ],
        },
        {
          name: 'old',
          version: 1,
          extent: 512,
          features: [{ type: 'Point', geometry: [[[1, 2]]] }],
        },
      ]),
    );
    const image = tile.layers.image;
    assert.ok(image);
    assert.equal(image.version, 2);
    assert.equal(image.extent, 4096);
    const f = image.feature(0);
    assert.equal(f.id, 42);
    assert.equal(f.type, 1);
    assert.deepEqual({ ...f.properties }, { s: 'abc', i: 7, neg: -3, f: 1.5, b: true });
    assert.deepEqual(
      f.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y])),
      [[[10, 20]]],
    );
    assert.equal(tile.layers.old?.version, 1);
    assert.equal(tile.layers.old?.extent, 512);
  });

  it('writes bigint values as exact int64 varints', () => {
    const big = 12345678901234567n; // above 2^53
    const bytes = encodeMvt([
      {
        name: 'l',
        features: [{ id: big, type: 'Point', properties: { id: big }, geometry: [[[0, 0]]] }],
      },
    ]);
    // Read the value's varint back exactly: find the Value message (field 4, varint) by hand.
    const reader = new PbfReader(bytes);
    let exact: bigint | undefined;
    reader.readFields((tag, _r, pbf) => {
      if (tag !== 3) return;
      pbf.readMessage((ltag, _l, lp) => {
        if (ltag !== 4) return;
        lp.readMessage((vtag, _v, vp) => {
          if (vtag !== 4) return;
          let result = 0n;
          let shift = 0n;
          for (;;) {
            const byte = vp.buf[vp.pos++] ?? 0;
            result |= BigInt(byte & 0x7f) << shift;
            shift += 7n;
            if ((byte & 0x80) === 0) break;
          }
          exact = result;
        }, {});
      }, {});
    }, {});
    assert.equal(exact, big);
  });

  it('round-trips lines, multi-lines, multi-points and polygons with holes', () => {
    const outer = orientRing(
      [
        [0, 0],
        [100, 0],
        [100, 100],
        [0, 100],
      ],
      true,
    );
    const hole = orientRing(
      [
        [40, 40],
        [60, 40],
        [60, 60],
        [40, 60],
      ],
      false,
    );
    const second = orientRing(
      [
        [200, 200],
        [300, 200],
        [300, 300],
      ],
      true,
    );
    const tile = decode(
      encodeMvt([
        {
          name: 'x',
          features: [
            {
              type: 'LineString',
              geometry: [
                [
                  [0, 0],
                  [5, 5],
                  [9, 1],
                ],
                [
                  [50, 50],
                  [60, 60],
                ],
              ],
            },
            {
              type: 'Point',
              geometry: [
                [
                  [1, 1],
                  [2, 2],
                  [3, 3],
                ],
              ],
            },
            { type: 'Polygon', geometry: [outer, hole, second] },
          ],
        },
      ]),
    );
    const layer = tile.layers.x;
    assert.ok(layer);
    const line = layer.feature(0).toGeoJSON(0, 0, 0);
    assert.equal(line.geometry.type, 'MultiLineString');
    const pts = layer.feature(1).toGeoJSON(0, 0, 0);
    assert.equal(pts.geometry.type, 'MultiPoint');
    const poly = layer.feature(2).toGeoJSON(0, 0, 0);
    assert.equal(poly.geometry.type, 'MultiPolygon');
    if (poly.geometry.type === 'MultiPolygon') {
      assert.equal(poly.geometry.coordinates.length, 2);
      assert.equal(poly.geometry.coordinates[0]?.length, 2, 'first polygon keeps its hole');
      assert.equal(poly.geometry.coordinates[1]?.length, 1);
    }
  });

  it('orients rings by the spec: exterior positive area, holes negative', () => {
    const ring: MvtPoint[] = [
      [0, 0],
      [0, 10],
      [10, 10],
      [10, 0],
    ];
    assert.ok(ringArea(orientRing(ring, true)) > 0);
    assert.ok(ringArea(orientRing(ring, false)) < 0);
  });

  it('keeps every vertex of any line (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: -4096, max: 8192 }), fc.integer({ min: -4096, max: 8192 })),
          {
            minLength: 2,
            maxLength: 50,
          },
        ),
        (points) => {
          const tile = decode(
            encodeMvt([{ name: 'l', features: [{ type: 'LineString', geometry: [points] }] }]),
          );
          const got = tile.layers.l?.feature(0).loadGeometry()[0] ?? [];
          assert.deepEqual(
            got.map((p) => [p.x, p.y]),
            points,
          );
        },
      ),
    );
  });
});
