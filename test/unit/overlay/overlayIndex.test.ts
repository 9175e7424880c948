// The overlay index: points clustered only above the threshold, shapes simplified at low zoom and
// whole at high zoom, picks that find the point, line or polygon at a place, the point list with
// labels, and the painter drawing each kind as one path.
import { strict as assert } from 'node:assert';
import type { Feature } from 'geojson';
import {
  clusterText,
  drawOverlayTile,
  FEATURES_PER_PATH,
  type OverlayCanvas,
} from '../../../src/shared/overlay/drawOverlayTile';
import { overlayFeaturesOf } from '../../../src/shared/overlay/overlayFeatures';
import {
  CLUSTER_ABOVE_POINTS,
  lonLatToTile,
  OverlayIndex,
  tileToLonLat,
} from '../../../src/shared/overlay/overlayIndex';
import { pointLabel, propertyRows } from '../../../src/shared/overlay/overlayPoints';

function points(n: number): Feature[] {
  return Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    properties: { name: `asset ${i}` },
    geometry: {
      type: 'Point',
      coordinates: [13 + (i % 100) / 1000, 55.6 + Math.floor(i / 100) / 1000],
    },
  }));
}

const index = (features: Feature[], clusterAbove?: number) =>
  new OverlayIndex(overlayFeaturesOf({ type: 'FeatureCollection', features }), clusterAbove);

function tileAt(idx: OverlayIndex, z: number, lon: number, lat: number) {
  const t = lonLatToTile(z, lon, lat);
  return idx.tile(z, t.x, t.y);
}

class RecordingCanvas implements OverlayCanvas {
  fillStyle: unknown = '';
  strokeStyle: unknown = '';
  lineWidth = 1;
  globalAlpha = 1;
  font = '';
  textAlign = '';
  textBaseline = '';
  calls: Record<string, number> = {};
  texts: string[] = [];
  private count(name: string) {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
  }
  beginPath() {
    this.count('beginPath');
  }
  moveTo() {
    this.count('moveTo');
  }
  lineTo() {
    this.count('lineTo');
  }
  arc() {
    this.count('arc');
  }
  closePath() {
    this.count('closePath');
  }
  fill() {
    this.count('fill');
  }
  stroke() {
    this.count('stroke');
  }
  fillText(text: string) {
    this.texts.push(text);
  }
}

describe('overlay index', () => {
  it('converts between places and tile coordinates', () => {
    const t = lonLatToTile(14, 13.0038, 55.605);
    const [lon, lat] = tileToLonLat(14, t.x, t.y, t.tx, t.ty);
    assert.ok(Math.abs(lon - 13.0038) < 1e-9 && Math.abs(lat - 55.605) < 1e-9);
  });

  it('draws every point while there are few, and clusters them above the threshold', () => {
    const few = index(points(CLUSTER_ABOVE_POINTS));
    assert.equal(few.summary.clustered, false);
    const fewTile = tileAt(few, 2, 13, 55.6);
    assert.equal(fewTile?.shapes.length, CLUSTER_ABOVE_POINTS);
    assert.equal(fewTile?.clusters.length, 0);

    const many = index(points(CLUSTER_ABOVE_POINTS + 1));
    assert.equal(many.summary.clustered, true);
    const low = tileAt(many, 2, 13, 55.6);
    assert.ok(low && low.clusters.length < 10, 'a few clusters at a low zoom');
    assert.equal(
      low.clusters.reduce((n, c) => n + c.count, 0),
      CLUSTER_ABOVE_POINTS + 1,
    );
    // Deep enough, every point stands alone.
    const deep = tileAt(many, 18, 13.001, 55.601);
    assert.ok(deep && deep.clusters.length >= 1 && deep.clusters.every((c) => c.count === 1));
  });

  it('simplifies a long line at a low zoom and keeps it whole when zoomed in', () => {
    const coordinates = Array.from({ length: 2000 }, (_, i) => [
      13 + i / 100_000,
      // A zigzag: every vertex is a corner worth keeping once it spans pixels.
      55.6 + (i % 2) * 0.00005,
    ]);
    const idx = index([
      { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } },
    ]);
    const vertices = (z: number) => {
      const t = tileAt(idx, z, 13.001, 55.6);
      const line = t?.shapes[0];
      return line && line.type === 2
        ? line.geometry.reduce((n, part) => n + part.length / 2, 0)
        : 0;
    };
    assert.ok(vertices(4) < 10, `a handful of vertices at z4, not ${vertices(4)}`);
    // At z16 the zigzag's corners are metres apart, many pixels: they are kept.
    assert.ok(vertices(16) > 200, `hundreds at z16, not ${vertices(16)}`);
  });

  it('picks the point near a place, the line under it, the polygon around it', () => {
    const idx = index([
      ...points(3),
      {
        type: 'Feature',
        properties: { kind: 'road' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [13.01, 55.59],
            [13.01, 55.61],
          ],
        },
      },
      {
        type: 'Feature',
        properties: { kind: 'park' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [13.02, 55.59],
              [13.03, 55.59],
              [13.03, 55.61],
              [13.02, 55.61],
              [13.02, 55.59],
            ],
          ],
        },
      },
    ]);
    const point = idx.pick(13.001 + 0.00001, 55.6, 16, 8);
    assert.equal(point?.kind, 'point');
    assert.deepEqual(point?.kind === 'point' ? point.properties : undefined, { name: 'asset 1' });
    assert.ok(point && Math.abs(point.lon - 13.001) < 1e-6, "the point's own position");
    assert.equal(idx.pick(13.01002, 55.6, 16, 8)?.kind, 'line');
    const park = idx.pick(13.025, 55.6, 16, 8);
    assert.deepEqual(park?.kind === 'polygon' ? park.properties : undefined, { kind: 'park' });
    assert.equal(idx.pick(13.05, 55.6, 16, 8), undefined);
  });

  it('picks a cluster with its count and the zoom where it splits', () => {
    const idx = index(points(200), 100);
    const pick = idx.pick(13.05, 55.6, 3, 30);
    assert.equal(pick?.kind, 'cluster');
    assert.ok(pick?.kind === 'cluster' && pick.count > 1 && pick.expansionZoom > 3);
  });

  it('lists points with labels, the first of them only', () => {
    const idx = index(points(7));
    assert.equal(idx.summary.pointCount, 7);
    assert.deepEqual(idx.summary.listedPoints[2], { label: 'asset 2', lon: 13.002, lat: 55.6 });
    assert.equal(pointLabel({ Name: 'Hydrant\n12' }, 0), 'Hydrant 12');
    assert.equal(pointLabel({ code: 7, other: 'x' }, 0), '7');
    assert.equal(pointLabel({ nested: { a: 1 } }, 4), 'Point 5');
    assert.equal(pointLabel({ name: 'x'.repeat(500) }, 0).length, 120);
    const rows = propertyRows({ a: 1, b: null, c: { d: [1] }, 'e\u0000': 'f\u0007g' });
    assert.deepEqual(rows, [
      ['a', '1'],
      ['c', '{"d":[1]}'],
      ['e ', 'f g'],
    ]);
  });
});

describe('overlay painter', () => {
  it('draws each kind in paths of a few features, each filled and stroked once, with cluster counts', () => {
    const idx = index(points(30), 10);
    const content = tileAt(idx, 2, 13, 55.6);
    assert.ok(content);
    const canvas = new RecordingCanvas();
    const counts = drawOverlayTile(canvas, content, '#d6336c', 256);
    assert.ok(counts.clusters >= 1);
    assert.equal(
      canvas.texts.reduce((n, t) => n + Number(t), 0),
      30,
    );

    const shapes = index([
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [13, 55],
              [14, 55],
              [14, 56],
              [13, 55],
            ],
          ],
        },
      },
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [13.2, 55.1],
              [13.8, 55.1],
              [13.8, 55.8],
              [13.2, 55.1],
            ],
          ],
        },
      },
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'LineString',
          coordinates: [
            [13, 55],
            [14, 56],
          ],
        },
      },
      ...points(5),
    ]);
    const tile = tileAt(shapes, 5, 13.5, 55.5);
    assert.ok(tile);
    const recorded = new RecordingCanvas();
    assert.deepEqual(drawOverlayTile(recorded, tile, '#000', 256), {
      polygons: 2,
      lines: 1,
      points: 5,
      clusters: 0,
    });
    // Polygons: one fill and one stroke; lines: one stroke; points: one fill and one stroke.
    assert.equal(recorded.calls.fill, 2);
    assert.equal(recorded.calls.stroke, 3);
    assert.equal(recorded.calls.arc, 5);
  });

  it('splits many features into several paths, and draws polygons too small to see as dots', () => {
    const many = index(points(120));
    const tile = tileAt(many, 8, 13.05, 55.6);
    assert.ok(tile);
    const canvas = new RecordingCanvas();
    assert.equal(drawOverlayTile(canvas, tile, '#000', 256).points, 120);
    assert.equal(canvas.calls.fill, Math.ceil(120 / FEATURES_PER_PATH));
    const speck = index([
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [13, 55.6],
              [13.00005, 55.6],
              [13.00005, 55.60005],
              [13, 55.6],
            ],
          ],
        },
      },
    ]);
    const far = new RecordingCanvas();
    // Under a pixel wide and about one high at z14.
    const low = tileAt(speck, 14, 13.00002, 55.60002);
    assert.ok(low);
    assert.equal(drawOverlayTile(far, low, '#000', 256).polygons, 1);
    // One dot: four corners, one fill, no outline.
    assert.deepEqual([far.calls.lineTo, far.calls.fill, far.calls.stroke], [3, 1, undefined]);
  });

  it('shortens large counts', () => {
    assert.deepEqual([950, 1234, 56_789].map(clusterText), ['950', '1.2k', '57k']);
  });
});
