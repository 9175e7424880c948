import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { buildDataset } from '../../emulator/dataset';
import { detectionGeometry } from '../../emulator/detectionGeometry';
import { describeWithRealFixtures } from '../../support/fixtures';

function decode(base64: string): VectorTile {
  return new VectorTile(new PbfReader(Buffer.from(base64, 'base64')));
}

describe('emulator detection geometry', () => {
  it('encodes traffic-sign rectangles as MVT v1 with type polygon', () => {
    const tile = decode(
      detectionGeometry({ kind: 'rectangle', x0: 2440, y0: 856, x1: 2852, y1: 1050 }),
    );
    const layer = tile.layers['mpy-or'];
    assert.ok(layer);
    assert.equal(layer.version, 1);
    assert.equal(layer.extent, 4096);
    assert.equal(layer.length, 1);
    const f = layer.feature(0);
    assert.equal(f.type, 3);
    assert.deepEqual({ ...f.properties }, { type: 'polygon' });
    const ring = f.loadGeometry()[0]?.map((p) => [p.x, p.y]);
    // y points down: the rectangle keeps its top-left origin coordinates.
    assert.deepEqual(ring?.slice(0, 4).sort(), [
      [2440, 1050],
      [2440, 856],
      [2852, 1050],
      [2852, 856],
    ]);
  });

  it('encodes segmentations as MVT v2 with a multi-polygon, a hole, and several features', () => {
    const multi = decode(detectionGeometry({ kind: 'polygons', seed: 5, parts: 3, hole: true }));
    const layer = multi.layers['mpy-or'];
    assert.ok(layer);
    assert.equal(layer.version, 2);
    assert.equal(layer.length, 2, 'a third part travels as a second feature');
    const first = layer.feature(0).toGeoJSON(0, 0, 0);
    assert.equal(first.geometry.type, 'MultiPolygon');
    if (first.geometry.type === 'MultiPolygon') {
      assert.equal(first.geometry.coordinates.length, 2);
      assert.equal(first.geometry.coordinates[0]?.length, 2, 'outer ring and hole');
    }
    const single = decode(detectionGeometry({ kind: 'polygons', seed: 9, parts: 1, hole: false }));
    const g = single.layers['mpy-or']?.feature(0).toGeoJSON(0, 0, 0);
    assert.equal(g?.geometry.type, 'Polygon');
    for (const ring of single.layers['mpy-or']?.feature(0).loadGeometry() ?? []) {
      for (const p of ring) assert.ok(p.x >= 0 && p.x <= 4096 && p.y >= 0 && p.y <= 4096);
    }
  });

  it('gives the dataset both encodings, multi-polygons and holes', () => {
    const d = buildDataset(1, 'small');
    const kinds = new Set(d.detections.map((x) => x.shape.kind));
    assert.deepEqual([...kinds].sort(), ['polygons', 'rectangle']);
    assert.ok(d.detections.some((x) => x.shape.kind === 'polygons' && x.shape.parts > 1));
    assert.ok(d.detections.some((x) => x.shape.kind === 'polygons' && x.shape.hole));
  });
});

describeWithRealFixtures('emulator detections against the real recordings', (dir) => {
  const files = readdirSync(path.join(dir, 'graph', 'detections')).filter((f) =>
    f.endsWith('.json'),
  );
  const real = files.flatMap((f) => {
    const body = JSON.parse(readFileSync(path.join(dir, 'graph', 'detections', f), 'utf8')) as {
      data?: { geometry?: string }[];
    };
    return (body.data ?? []).flatMap((d) => (d.geometry ? [decode(d.geometry)] : []));
  });

  it('uses the same layer name, extent and versions as the service', () => {
    assert.ok(real.length > 0);
    const realVersions = new Set(real.map((t) => t.layers['mpy-or']?.version));
    const ours = [
      decode(detectionGeometry({ kind: 'rectangle', x0: 1, y0: 1, x1: 50, y1: 50 })),
      decode(detectionGeometry({ kind: 'polygons', seed: 1, parts: 1, hole: false })),
    ];
    for (const t of [...real, ...ours]) {
      assert.deepEqual(Object.keys(t.layers), ['mpy-or']);
      assert.equal(t.layers['mpy-or']?.extent, 4096);
    }
    assert.ok(realVersions.has(1) && realVersions.has(2));
    assert.deepEqual(new Set(ours.map((t) => t.layers['mpy-or']?.version)), realVersions);
    // The real v1 rectangles carry exactly the property the emulator writes.
    const realV1 = real
      .find((t) => t.layers['mpy-or']?.version === 1)
      ?.layers['mpy-or']?.feature(0);
    assert.deepEqual(
      { ...realV1?.properties },
      { ...ours[0]?.layers['mpy-or']?.feature(0).properties },
    );
  });
});
