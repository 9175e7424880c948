// Detection geometry decoded from base64 vector tiles: rectangles and segmentations with holes,
// in normalised and pixel coordinates, and typed errors for anything else.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { DETECTION_LAYER } from '../../../src/shared/detections/detectionGeometry';
import { command, pathGeometry, tileBytes } from '../tiles/tileBytes';
import { decode } from './detectionDecode';

// A traffic sign from image 135511895288847 (MVT v1, one rectangle, property type=polygon).
const SIGN = 'GjgKBm1weS1vchIYEgIAABgDIhAJkCawDRq4BgAAhAO3BgAPGgR0eXBlIgkKB3BvbHlnb24ogCB4AQ==';

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

describe('decodeDetectionGeometry', () => {
  it('decodes a traffic-sign rectangle to one polygon of one ring, y down, as decoded by hand', () => {
    // Hand decode of the geometry bytes 09 90 26 b0 0d 1a b8 06 00 00 84 03 b7 06 00 0f:
    // MoveTo (2440, 856), LineTo +412,0 / 0,+194 / -412,0, ClosePath.
    const result = decode(SIGN, { width: 4160, height: 3120 });
    assert.ok(result.ok);
    const { layer, version, extent, features } = result.value;
    assert.equal(layer, DETECTION_LAYER);
    assert.equal(version, 1);
    assert.equal(extent, 4096);
    assert.equal(features.length, 1);
    const [feature] = features;
    assert.ok(feature);
    assert.deepEqual({ ...feature.properties }, { type: 'polygon' });
    assert.equal(feature.type, 3);
    const square = [
      [2440, 856],
      [2852, 856],
      [2852, 1050],
      [2440, 1050],
      [2440, 856],
    ];
    assert.deepEqual(feature.polygons, [[square.map(([x, y]) => [x! / 4096, y! / 4096])]]);
    // Not flipped: the top edge (856) is nearer the image's top than the bottom edge (1050).
    assert.deepEqual(feature.pixelPolygons, [
      [square.map(([x, y]) => [(x! / 4096) * 4160, (y! / 4096) * 3120])],
    ]);
  });

  it('leaves pixel coordinates out without an image size and refuses half a size', () => {
    const result = decode(SIGN);
    assert.ok(result.ok);
    assert.equal(result.value.features[0]?.pixelPolygons, undefined);
    for (const options of [{ width: 100 }, { width: 0, height: 10 }, { width: 10, height: NaN }]) {
      const bad = decode(SIGN, options);
      assert.ok(!bad.ok);
      assert.equal(bad.error.reason, 'invalid-image-size');
    }
  });

  it('keeps every feature, polygon and hole of a segmentation', () => {
    const outer: [number, number][] = [
      [100, 100],
      [900, 100],
      [900, 900],
      [100, 900],
    ];
    const hole: [number, number][] = [
      [300, 300],
      [300, 500],
      [500, 500],
      [500, 300],
    ];
    const second = outer.map(([x, y]): [number, number] => [x + 2000, y]);
    const geometry = [
      ...pathGeometry(outer, true),
      ...relative(pathGeometry(hole, true), outer),
      ...relative(pathGeometry(second, true), hole),
    ];
    const bytes = tileBytes([
      {
        name: 'mpy-or',
        features: [
          { id: 1n, type: 3, geometry },
          { id: 2n, type: 3, geometry: pathGeometry(second, true) },
        ],
      },
    ]);
    const result = decode(toBase64(bytes), { width: 2048, height: 1024 });
    assert.ok(result.ok);
    const [first, other] = result.value.features;
    assert.ok(first && other);
    assert.equal(first.id, '1');
    assert.deepEqual(
      first.polygons.map((p) => p.length),
      [2, 1],
    );
    assert.deepEqual(first.polygons[0]?.[1]?.[0], [300 / 4096, 300 / 4096]);
    assert.deepEqual(other.polygons.length, 1);
    assert.deepEqual(first.pixelPolygons?.[1]?.[0]?.[0], [
      (2100 / 4096) * 2048,
      (100 / 4096) * 1024,
    ]);
  });

  it('reads the extent from the layer', () => {
    const bytes = tileBytes([
      {
        name: 'mpy-or',
        extent: 512,
        features: [
          {
            type: 3,
            geometry: pathGeometry(
              [
                [0, 0],
                [256, 0],
                [256, 512],
              ],
              true,
            ),
          },
        ],
      },
    ]);
    const result = decode(toBase64(bytes));
    assert.ok(result.ok);
    assert.equal(result.value.extent, 512);
    assert.deepEqual(result.value.features[0]?.polygons[0]?.[0]?.[2], [0.5, 1]);
  });

  it('gives typed errors for bad base64, non-tiles and hostile geometry', () => {
    const cases: [string, string][] = [
      ['not base64!', 'invalid-base64'],
      [Buffer.from('{"error":1}').toString('base64'), 'not-a-tile'],
      [SIGN.slice(0, 40), 'truncated'],
      [
        toBase64(
          tileBytes([
            { name: 'mpy-or', features: [{ type: 3, geometry: [9, 0, 0, command(7, 2 ** 28)] }] },
          ]),
        ),
        'too-many-vertices',
      ],
      [
        toBase64(
          tileBytes([{ name: 'mpy-or', features: [{ type: 3, geometry: [command(4, 1), 0, 0] }] }]),
        ),
        'corrupt',
      ],
    ];
    for (const [text, reason] of cases) {
      const result = decode(text);
      assert.ok(!result.ok, reason);
      assert.equal(result.error.reason, reason, result.error.message);
    }
  });

  it('returns no features for an empty geometry', () => {
    const result = decode('');
    assert.ok(result.ok);
    assert.equal(result.value.layer, undefined);
    assert.deepEqual(result.value.features, []);
  });

  it('returns a result or a typed error for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        decode(text);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        decode(toBase64(bytes), { width: 640, height: 480 });
      }),
      { numRuns: 1000 },
    );
  });

  it('returns a result or a typed error for any mutation of a real geometry', () => {
    const original = Buffer.from(SIGN, 'base64');
    fc.assert(
      fc.property(
        fc.nat(original.length - 1),
        fc.nat(255),
        fc.nat(original.length),
        (at, value, cut) => {
          const copy = Uint8Array.from(original);
          copy[at] = value;
          decode(toBase64(copy.subarray(0, cut)));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

// Re-bases a standalone path's first MoveTo onto the cursor left by the previous path, whose last
// point (before closing) is `previous`'s last vertex.
function relative(geometry: number[], previous: [number, number][]): number[] {
  const [lastX, lastY] = previous[previous.length - 1] ?? [0, 0];
  const unzig = (n: number) => (n % 2 ? -(n + 1) / 2 : n / 2);
  const zig = (n: number) => (n < 0 ? -2 * n - 1 : 2 * n);
  const out = geometry.slice();
  out[1] = zig(unzig(out[1] ?? 0) - lastX);
  out[2] = zig(unzig(out[2] ?? 0) - lastY);
  return out;
}
