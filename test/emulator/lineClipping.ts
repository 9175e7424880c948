// Cutting polylines to a square: how the tile writers keep a sequence line to its tile and buffer.
import { type MvtPoint } from '../support/mvtWriter';

/**
 * Cuts a polyline to the square [lo, hi]²: the pieces inside, each of 2+ distinct points. A line
 * that leaves and re-enters becomes several pieces.
 */
export function clipLine(line: readonly MvtPoint[], lo: number, hi: number): MvtPoint[][] {
  const parts: MvtPoint[][] = [];
  let current: MvtPoint[] = [];
  const flush = (): void => {
    if (current.length >= 2) {
      parts.push(current);
    }
    current = [];
  };
  const push = (p: MvtPoint): void => {
    const q: MvtPoint = [Math.round(p[0]), Math.round(p[1])];
    const last = current[current.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) {
      current.push(q);
    }
  };
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i] as MvtPoint;
    const b = line[i + 1] as MvtPoint;
    const clipped = clipSegment(a, b, lo, hi);
    if (!clipped) {
      flush();
      continue;
    }
    const [t0, t1] = clipped;
    if (t0 > 0) {
      flush();
    }
    push(lerp(a, b, t0));
    push(lerp(a, b, t1));
    if (t1 < 1) {
      flush();
    }
  }
  flush();
  return parts;
}

function lerp(a: MvtPoint, b: MvtPoint, t: number): MvtPoint {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

// Liang-Barsky: the parameter range of segment a-b inside the square, or undefined.
function clipSegment(
  a: MvtPoint,
  b: MvtPoint,
  lo: number,
  hi: number,
): [number, number] | undefined {
  let t0 = 0;
  let t1 = 1;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const edges: [number, number][] = [
    [-dx, a[0] - lo],
    [dx, hi - a[0]],
    [-dy, a[1] - lo],
    [dy, hi - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) {
        return undefined;
      }
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return undefined;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return undefined;
      if (r < t1) t1 = r;
    }
  }
  return [t0, t1];
}
