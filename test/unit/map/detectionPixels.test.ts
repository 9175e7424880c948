import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeDetectionGeometry } from '../../../src/shared/detections/detectionGeometry';
import {
  detectionAt,
  interiorPoint,
  overlayPixelSize,
  pointInPolygon,
  polygonsToPixels,
  traceDetection,
  type DetectionShape,
} from '../../../src/shared/map/detectionPixels';
import type { Ring } from '../../../src/shared/detections/polygonRings';
import { describeWithRealFixtures } from '../../support/fixtures';

const square = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('detections to pixels', () => {
  it('sizes the overlay in device pixels for any panel size', () => {
    assert.deepEqual(overlayPixelSize(400, 300, 2), { width: 800, height: 600 });
    assert.deepEqual(overlayPixelSize(333.3, 249.9, 1.5), { width: 500, height: 375 });
    assert.deepEqual(overlayPixelSize(0, 0, 0), { width: 1, height: 1 });
  });

  it('scales normalised coordinates to the canvas, y down', () => {
    const px = polygonsToPixels([[square(0.25, 0.5, 0.75, 1)]], 800, 600);
    assert.deepEqual(px[0]?.[0]?.[0], [200, 300]);
    assert.deepEqual(px[0]?.[0]?.[2], [600, 600]);
  });

  it('treats holes as outside', () => {
    const withHole = [square(0, 0, 1, 1), square(0.4, 0.4, 0.6, 0.6)];
    assert.equal(pointInPolygon(withHole, 0.2, 0.2), true);
    assert.equal(pointInPolygon(withHole, 0.5, 0.5), false);
    assert.equal(pointInPolygon(withHole, 1.5, 0.5), false);
    const inner = interiorPoint(withHole);
    assert.ok(inner && pointInPolygon(withHole, inner[0], inner[1]));
  });

  it('finds the topmost shown detection under a point, skipping hidden classes', () => {
    const shapes: DetectionShape[] = [
      { id: '1', value: 'object--car', polygons: [[square(0, 0, 0.5, 0.5)]] },
      { id: '2', value: 'object--sign', polygons: [[square(0.25, 0.25, 0.75, 0.75)]] },
    ];
    assert.equal(detectionAt(shapes, 0.3, 0.3, new Set())?.id, '2');
    assert.equal(detectionAt(shapes, 0.3, 0.3, new Set(['object--sign']))?.id, '1');
    assert.equal(detectionAt(shapes, 0.9, 0.1, new Set()), undefined);
  });

  it('traces every ring of every polygon', () => {
    const calls: string[] = [];
    const path = {
      moveTo: (x: number, y: number) => calls.push(`M${x},${y}`),
      lineTo: () => calls.push('L'),
      closePath: () => calls.push('Z'),
    };
    const shape: DetectionShape = {
      id: '1',
      value: 'x',
      polygons: [[square(0, 0, 1, 1), square(0.4, 0.4, 0.6, 0.6)], [square(0, 0, 0.1, 0.1)]],
    };
    assert.equal(traceDetection(path, shape, 100, 50), 2);
    assert.equal(calls.filter((c) => c.startsWith('M')).length, 3);
    assert.equal(calls.filter((c) => c === 'Z').length, 3);
    assert.equal(calls[0], 'M0,0');
  });
});

describeWithRealFixtures('real detections draw every polygon', (dir) => {
  it('traces every feature and ring of the recorded detections', () => {
    const folder = path.join(dir, 'graph', 'detections');
    let polygons = 0;
    let rings = 0;
    let traced = 0;
    let moves = 0;
    for (const file of readdirSync(folder)) {
      const body = JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as {
        data: { id: string; value: string; geometry: string }[];
      };
      for (const d of body.data) {
        const decoded = decodeDetectionGeometry(d.geometry);
        assert.ok(decoded.ok, `${d.id} decodes`);
        const shape: DetectionShape = {
          id: d.id,
          value: d.value,
          polygons: decoded.value.features.flatMap((f) => f.polygons),
        };
        polygons += shape.polygons.length;
        rings += shape.polygons.reduce((sum, p) => sum + p.length, 0);
        const path2 = {
          moveTo: () => moves++,
          lineTo: () => undefined,
          closePath: () => undefined,
        };
        traced += traceDetection(path2, shape, 1024, 768);
        // Each polygon's interior is found inside it in pixels too.
        for (const rings2 of shape.polygons) {
          const p = interiorPoint(rings2);
          if (p) assert.ok(pointInPolygon(rings2, p[0], p[1]));
        }
      }
    }
    assert.ok(polygons > 0);
    assert.equal(traced, polygons, 'every polygon traced');
    assert.equal(moves, rings, 'every ring traced');
  });
});
