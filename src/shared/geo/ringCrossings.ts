// Finds where the rings of one polygon cross each other or themselves (a "bow tie", a hole poking out
// of its outer ring). Segments are swept in order of their west end, so only pairs whose extents
// overlap are compared; the work is capped so that a pathological shape costs a bounded time.
import { type Position } from './area';

/** Where two edges of a polygon cross. */
export interface RingCrossing {
  /** Index of the ring of each edge, lower first (0 is the outer ring). */
  rings: [number, number];
  /** The crossing point `[lon, lat]`. */
  at: Position;
}

/** Pairs of segments compared at most before the check gives up (the shape is then accepted). */
export const DEFAULT_MAX_SEGMENT_PAIRS = 5_000_000;

interface Segment {
  ring: number;
  index: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

function adjacent(a: Segment, b: Segment, segmentsPerRing: number[]): boolean {
  if (a.ring !== b.ring) return false;
  const diff = Math.abs(a.index - b.index);
  const last = (segmentsPerRing[a.ring] ?? 0) - 1;
  return diff === 1 || diff === last;
}

// Proper crossings and overlaps of positive length; edges that merely touch at a point are allowed.
function crossing(p: Segment, q: Segment): Position | undefined {
  const o1 = orient(p.ax, p.ay, p.bx, p.by, q.ax, q.ay);
  const o2 = orient(p.ax, p.ay, p.bx, p.by, q.bx, q.by);
  const o3 = orient(q.ax, q.ay, q.bx, q.by, p.ax, p.ay);
  const o4 = orient(q.ax, q.ay, q.bx, q.by, p.bx, p.by);
  if (o1 * o2 < 0 && o3 * o4 < 0) {
    const d = (p.bx - p.ax) * (q.by - q.ay) - (p.by - p.ay) * (q.bx - q.ax);
    const t = ((q.ax - p.ax) * (q.by - q.ay) - (q.ay - p.ay) * (q.bx - q.ax)) / d;
    return [p.ax + t * (p.bx - p.ax), p.ay + t * (p.by - p.ay)];
  }
  if (o1 === 0 && o2 === 0 && o3 === 0 && o4 === 0) {
    // Collinear: compare along the longer axis.
    const useX = p.maxX - p.minX >= p.maxY - p.minY;
    const lo = useX ? Math.max(p.minX, q.minX) : Math.max(p.minY, q.minY);
    const hi = useX ? Math.min(p.maxX, q.maxX) : Math.min(p.maxY, q.maxY);
    if (hi > lo) {
      return useX ? [lo, p.ay + ((lo - p.ax) / (p.bx - p.ax)) * (p.by - p.ay)] : [p.ax, lo];
    }
  }
  return undefined;
}

/**
 * The first crossing found between edges of `rings` (closed rings of one polygon), `undefined` when
 * there is none, or `'too-complex'` when more than `maxPairs` pairs would have to be compared.
 */
export function findRingCrossing(
  rings: readonly (readonly Position[])[],
  maxPairs = DEFAULT_MAX_SEGMENT_PAIRS,
): RingCrossing | 'too-complex' | undefined {
  const segments: Segment[] = [];
  const segmentsPerRing: number[] = [];
  rings.forEach((ring, r) => {
    segmentsPerRing.push(ring.length - 1);
    for (let i = 1; i < ring.length; i++) {
      const [ax, ay] = ring[i - 1] as Position;
      const [bx, by] = ring[i] as Position;
      segments.push({
        ring: r,
        index: i - 1,
        ax,
        ay,
        bx,
        by,
        minX: Math.min(ax, bx),
        maxX: Math.max(ax, bx),
        minY: Math.min(ay, by),
        maxY: Math.max(ay, by),
      });
    }
  });
  segments.sort((a, b) => a.minX - b.minX);
  let pairs = 0;
  for (let i = 0; i < segments.length; i++) {
    const p = segments[i] as Segment;
    for (let j = i + 1; j < segments.length; j++) {
      const q = segments[j] as Segment;
      if (q.minX > p.maxX) break;
      if (++pairs > maxPairs) return 'too-complex';
      if (q.minY > p.maxY || q.maxY < p.minY || adjacent(p, q, segmentsPerRing)) continue;
      const at = crossing(p, q);
      if (at) return { rings: [Math.min(p.ring, q.ring), Math.max(p.ring, q.ring)], at };
    }
  }
  return undefined;
}
