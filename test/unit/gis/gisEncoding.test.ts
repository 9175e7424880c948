// The pure pieces under the GIS writers: WKB and GeoPackage geometry bytes against the standards'
// layouts, the packed R-tree against a brute-force search, cell typing of hostile values, and the
// record adapters.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { calcTreeSize } from 'flatgeobuf/lib/mjs/packedrtree.js';
import { sequenceFeature } from '../../../src/core/gis/gisRecords';
import { imageColumns } from '../../../src/shared/gis/gisColumns';
import { cellValue, checkLayer } from '../../../src/shared/gis/gisTypes';
import { hilbertOrder, packedRTree } from '../../../src/shared/gis/packedRTree';
import { fromWkb, toGeoPackageBlob, toWkb } from '../../../src/shared/gis/wkb';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('WKB and GeoPackage geometry', () => {
  it('encodes POINT(1 2) as the ISO little-endian bytes', () => {
    assert.equal(
      hex(toWkb({ type: 'Point', coordinates: [1, 2] })),
      '0101000000000000000000f03f0000000000000040',
    );
  });

  it('encodes a LineString with its point count', () => {
    assert.equal(
      hex(
        toWkb({
          type: 'LineString',
          coordinates: [
            [1, 2],
            [3, 4],
          ],
        }),
      ),
      '010200000002000000' +
        '000000000000f03f0000000000000040' +
        '00000000000008400000000000001040',
    );
  });

  it('prefixes GeoPackage blobs with GP, version 0, flags, SRS id and (for lines) the envelope', () => {
    const point = toGeoPackageBlob({ type: 'Point', coordinates: [1, 2] });
    assert.equal(hex(point.subarray(0, 8)), '47500001e6100000');
    assert.equal(hex(point.subarray(8)), hex(toWkb({ type: 'Point', coordinates: [1, 2] })));
    const line = toGeoPackageBlob({
      type: 'LineString',
      coordinates: [
        [3, 4],
        [1, 2],
      ],
    });
    assert.equal(line[3], 0b011);
    const envelope = new Float64Array(line.slice(8, 40).buffer);
    assert.deepEqual([...envelope], [1, 3, 2, 4]);
  });

  it('reads back what it writes', () => {
    const coordinate = fc.tuple(
      fc.double({ min: -180, max: 180, noNaN: true }),
      fc.double({ min: -90, max: 90, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(coordinate, { minLength: 2, maxLength: 50 }), (coordinates) => {
        const line = { type: 'LineString' as const, coordinates };
        assert.deepEqual(fromWkb(toWkb(line)), line);
        const point = { type: 'Point' as const, coordinates: coordinates[0]! };
        assert.deepEqual(fromWkb(toWkb(point)), point);
      }),
    );
  });
});

/** Searches a packed R-tree as a reader does, from the root down. */
function search(tree: Uint8Array, count: number, box: number[], nodeSize = 16): number[] {
  const view = new DataView(tree.buffer, tree.byteOffset, tree.byteLength);
  const nodes = tree.byteLength / 40;
  const leafStart = nodes - count;
  const found: number[] = [];
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const at = node * 40;
    const [minX, minY, maxX, maxY] = [0, 8, 16, 24].map((o) => view.getFloat64(at + o, true));
    if (maxX! < box[0]! || minX! > box[2]! || maxY! < box[1]! || minY! > box[3]!) continue;
    const pointer = Number(view.getBigUint64(at + 32, true));
    if (node >= leafStart) found.push(pointer);
    else for (let c = pointer; c < Math.min(pointer + nodeSize, nodes); c++) stack.push(c);
  }
  return found.sort((a, b) => a - b);
}

describe('packed Hilbert R-tree', () => {
  it('has the size readers expect and finds exactly what a scan finds', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 600,
          },
        ),
        fc.tuple(
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
        ),
        (points, [x, y]) => {
          const boxes = new Float64Array(points.flatMap(([px, py]) => [px, py, px, py]));
          const extent: [number, number, number, number] = [
            Math.min(...points.map((p) => p[0])),
            Math.min(...points.map((p) => p[1])),
            Math.max(...points.map((p) => p[0])),
            Math.max(...points.map((p) => p[1])),
          ];
          const order = hilbertOrder(boxes, points.length, extent);
          assert.deepEqual(
            [...order].sort((a, b) => a - b),
            points.map((_, i) => i),
          );
          // Offsets stand for features: feature i at "offset" i * 10.
          const offsets = new Float64Array(points.map((_, i) => i * 10));
          const tree = packedRTree(boxes, offsets, order);
          assert.equal(tree.byteLength, calcTreeSize(points.length, 16));
          const box = [x, y, x + 0.2, y + 0.2];
          const expected = points
            .map((p, i) =>
              p[0] >= box[0]! && p[0] <= box[2]! && p[1] >= box[1]! && p[1] <= box[3]!
                ? i * 10
                : -1,
            )
            .filter((o) => o >= 0);
          assert.deepEqual(search(tree, points.length, box), expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('GIS cells, columns and records', () => {
  it('stores a value only in a column of its type', () => {
    assert.equal(cellValue('integer', 12), 12);
    assert.equal(cellValue('integer', '12'), null);
    assert.equal(cellValue('integer', 1.5), null);
    assert.equal(cellValue('integer', 2 ** 60), null);
    assert.equal(cellValue('real', Number.NaN), null);
    assert.equal(cellValue('real', Infinity), null);
    assert.equal(cellValue('boolean', 'true'), null);
    assert.equal(cellValue('text', '=HYPERLINK("x")'), '=HYPERLINK("x")');
    assert.equal(cellValue('text', { a: 1 }), null);
    assert.equal(cellValue('json', { a: [1, 'b'] }), '{"a":[1,"b"]}');
    assert.equal(cellValue('json', undefined), null);
  });

  it('types image columns and leaves the positions to the geometry', () => {
    assert.deepEqual(imageColumns(['img_id', 'captured_at', 'geometry', 'is_pano', 'creator']), [
      { name: 'img_id', type: 'text' },
      { name: 'captured_at', type: 'integer' },
      { name: 'is_pano', type: 'boolean' },
      { name: 'creator', type: 'json' },
    ]);
  });

  it('refuses layer names that are not plain identifiers', () => {
    assert.throws(() => checkLayer({ name: 'Images', columns: [] }, []), /not usable/);
    assert.throws(
      () => checkLayer({ name: 'a', columns: [{ name: '', type: 'text' }] }, []),
      /not usable/,
    );
    assert.doesNotThrow(() => checkLayer({ name: 'map_features', columns: [] }, []));
  });

  it('draws a sequence through its images in capture order, whatever order they come in', () => {
    const image = (id: string, t: number, x: number) => ({
      id,
      captured_at: t,
      geometry: { type: 'Point', coordinates: [x, 55] },
    });
    const feature = sequenceFeature({
      id: 's',
      images: [
        image('c', 3000, 3),
        image('a', 1000, 1),
        { id: 'nowhere', captured_at: 1500 },
        image('b', 2000, 2),
      ],
    });
    assert.deepEqual(feature.geometry, {
      type: 'LineString',
      coordinates: [
        [1, 55],
        [2, 55],
        [3, 55],
      ],
    });
    assert.deepEqual(feature.values, {
      seq_id: 's',
      image_count: 4,
      first_captured_at: 1000,
      last_captured_at: 3000,
    });
    assert.equal(sequenceFeature({ id: 't', images: [image('a', 1, 1)] }).geometry, null);
  });
});
