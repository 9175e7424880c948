// Places detection outlines over a picture shown at any size: normalised image coordinates
// (0..1, y down) to the pixels of an overlay canvas that covers the picture exactly, and the
// reverse question, which detection is under the pointer. Holes count: a point in a hole is not
// in the polygon.
import type { Ring } from '../detections/polygonRings';

/** One detection ready to draw: its class and every polygon (outer ring then holes). */
export interface DetectionShape {
  id: string;
  /** The detected class, e.g. `object--vehicle--car`. */
  value: string;
  /** Polygons in normalised image coordinates (0..1, y down), each outer ring then its holes. */
  polygons: Ring[][];
}

/** The size of an overlay in device pixels for a picture shown at a CSS size. */
export function overlayPixelSize(
  cssWidth: number,
  cssHeight: number,
  devicePixelRatio: number,
): { width: number; height: number } {
  const dpr = devicePixelRatio > 0 && Number.isFinite(devicePixelRatio) ? devicePixelRatio : 1;
  return {
    width: Math.max(1, Math.round(cssWidth * dpr)),
    height: Math.max(1, Math.round(cssHeight * dpr)),
  };
}

/** A normalised polygon set scaled to a canvas of `width` × `height` pixels. */
export function polygonsToPixels(polygons: Ring[][], width: number, height: number): Ring[][] {
  return polygons.map((rings) =>
    rings.map((ring) => ring.map(([x, y]): [number, number] => [x * width, y * height])),
  );
}

// Even-odd crossing test of one ring.
function crossings(ring: Ring, x: number, y: number): number {
  let inside = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] ?? [0, 0];
    const [xj, yj] = ring[j] ?? [0, 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside ^= 1;
  }
  return inside;
}

/** True when `(x, y)` is inside a polygon (its outer ring) and outside all its holes (even-odd). */
export function pointInPolygon(rings: Ring[], x: number, y: number): boolean {
  let inside = 0;
  for (const ring of rings) inside ^= crossings(ring, x, y);
  return inside === 1;
}

/**
 * The detection under a point given in normalised image coordinates, among those whose class is
 * shown; the last drawn (topmost) wins. Undefined when none.
 */
export function detectionAt(
  shapes: readonly DetectionShape[],
  x: number,
  y: number,
  hidden: ReadonlySet<string>,
): DetectionShape | undefined {
  for (let s = shapes.length - 1; s >= 0; s--) {
    const shape = shapes[s];
    if (!shape || hidden.has(shape.value)) continue;
    if (shape.polygons.some((rings) => pointInPolygon(rings, x, y))) return shape;
  }
  return undefined;
}

/** A point inside a polygon (away from its holes), found by scanning; for tests and probes. */
export function interiorPoint(rings: Ring[]): [number, number] | undefined {
  const outer = rings[0];
  if (!outer || outer.length < 3) return undefined;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of outer) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const steps = 24;
  let best: [number, number] | undefined;
  let bestScore = -1;
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) {
      const x = minX + ((maxX - minX) * i) / steps;
      const y = minY + ((maxY - minY) * j) / steps;
      if (!pointInPolygon(rings, x, y)) continue;
      // Prefer points whose neighbours are inside too, so a pixel probe is not on an edge.
      const d = (maxX - minX + (maxY - minY)) / (4 * steps);
      let score = 0;
      for (const [dx, dy] of [
        [d, 0],
        [-d, 0],
        [0, d],
        [0, -d],
      ] as const) {
        if (pointInPolygon(rings, x + dx, y + dy)) score++;
      }
      if (score > bestScore) {
        best = [x, y];
        bestScore = score;
      }
    }
  }
  return best;
}

/** The path operations tracing needs (`Path2D` and canvas contexts have them). */
export interface PathLike {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
}

/**
 * Traces every ring of every polygon of a detection into `path`, scaled to a canvas of `width` ×
 * `height` pixels. Fill the path with the even-odd rule so holes stay open. Returns how many
 * polygons were traced.
 */
export function traceDetection(
  path: PathLike,
  shape: DetectionShape,
  width: number,
  height: number,
): number {
  let polygons = 0;
  for (const rings of shape.polygons) {
    if (rings.length === 0) continue;
    polygons++;
    for (const ring of rings) {
      ring.forEach(([x, y], i) => {
        if (i === 0) path.moveTo(x * width, y * height);
        else path.lineTo(x * width, y * height);
      });
      path.closePath();
    }
  }
  return polygons;
}
