// Detection outlines as the service ships them: a base64 MVT with one layer `mpy-or`.
import { type MvtFeature, type MvtPoint, encodeMvt, orientRing } from '../support/mvtWriter';
import { type DetectionShape } from './dataset';
import { Prng } from './prng';

/** The extent of detection tiles: coordinates are x/4096 and y/4096 of the image, y down. */
export const detectionExtent = 4096;

/** The base64 MVT for a detection's shape (deterministic for the shape). */
export function detectionGeometry(shape: DetectionShape): string {
  if (shape.kind === 'rectangle') {
    // The older encoding, still live for traffic signs: MVT v1, one rectangle, `type: polygon`.
    const ring: MvtPoint[] = [
      [shape.x0, shape.y0],
      [shape.x1, shape.y0],
      [shape.x1, shape.y1],
      [shape.x0, shape.y1],
    ];
    return toBase64(
      encodeMvt([
        {
          name: 'mpy-or',
          version: 1,
          extent: detectionExtent,
          features: [
            {
              type: 'Polygon',
              properties: { type: 'polygon' },
              geometry: [orientRing(ring, true)],
            },
          ],
        },
      ]),
    );
  }
  const rng = new Prng(shape.seed);
  const rings: MvtPoint[][][] = [];
  const width = detectionExtent / shape.parts;
  for (let p = 0; p < shape.parts; p++) {
    const cx = width * p + width / 2;
    const cy = rng.range(1200, 2900);
    const radius = Math.min(width / 2 - 40, rng.range(250, 900));
    const outer = blob(rng, cx, cy, radius, radius * 0.75);
    const polygon = [orientRing(outer, true)];
    if (shape.hole && p === 0) {
      polygon.push(orientRing(blob(rng, cx, cy, radius * 0.3, radius * 0.2), false));
    }
    rings.push(polygon);
  }
  // Two parts make one multi-polygon feature; a third part travels as a second feature.
  const features: MvtFeature[] = [{ id: 1, type: 'Polygon', geometry: rings.slice(0, 2).flat() }];
  if (rings.length > 2) {
    features.push({ id: 2, type: 'Polygon', geometry: rings.slice(2).flat() });
  }
  return toBase64(encodeMvt([{ name: 'mpy-or', version: 2, extent: detectionExtent, features }]));
}

function blob(rng: Prng, cx: number, cy: number, rMax: number, rMin: number): MvtPoint[] {
  const n = rng.int(8, 16);
  const ring: MvtPoint[] = [];
  for (let i = 0; i < n; i++) {
    const a = (i / n) * Math.PI * 2;
    const r = rng.range(rMin, rMax);
    ring.push([clamp(Math.round(cx + Math.cos(a) * r)), clamp(Math.round(cy + Math.sin(a) * r))]);
  }
  return ring;
}

function clamp(v: number): number {
  return Math.max(0, Math.min(detectionExtent, v));
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
