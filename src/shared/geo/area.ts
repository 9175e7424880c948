// An area of any shape: one or more polygons with holes, in WGS 84 longitude/latitude. A bbox is
// the special case of one rectangle, so every consumer (sequences, searches, exports) takes this one
// type. Edges are straight in longitude/latitude, as RFC 7946 defines them, which is also how tiles
// are bounded, so a tile can be classified against the area exactly.
//
// Point-in-polygon is point-in-polygon-hao (the algorithm Turf uses, on robust predicates): it
// handles holes and points on edges reliably, which a hand-written ray cast gets wrong at vertices.
import pointInPolygon from 'point-in-polygon-hao';
import { type Bbox, bboxProblem } from '../api/bbox';

/** A position `[lon, lat]`. */
export type Position = [number, number];

/** A polygon: `rings[0]` is the outer ring, the others are holes. Rings are closed (last = first). */
export interface AreaPolygon {
  readonly rings: readonly Position[][];
  /** The outer ring's extent. */
  readonly bbox: Bbox;
}

/** An area: the union of its polygons. */
export interface Area {
  /** `bbox` when the area is exactly its bounding box (no point test is needed inside it). */
  readonly kind: 'bbox' | 'shape';
  readonly polygons: readonly AreaPolygon[];
  /** Extent of the whole area. */
  readonly bbox: Bbox;
  /** Vertices over every ring (closing vertices included). */
  readonly vertexCount: number;
  /** How the area was given (the bbox's text, the file's name), for messages. */
  readonly label?: string;
}

/** How a box (a tile) lies against an area. */
export type BoxPlacement = 'inside' | 'partial' | 'outside';

/** Why an area is refused; the message says what to change. */
export class AreaError extends Error {
  override readonly name = 'AreaError';
}

/** The area of exactly `bbox`. Throws an {@link AreaError} for an unusable bbox. */
export function areaFromBbox(bbox: Bbox): Area {
  const problem = bboxProblem(bbox);
  if (problem) throw new AreaError(`The area is not usable: ${problem}.`);
  const [w, s, e, n] = bbox;
  const ring: Position[] = [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
  const box: Bbox = [w, s, e, n];
  return { kind: 'bbox', polygons: [{ rings: [ring], bbox: box }], bbox: box, vertexCount: 5 };
}

/** Whether two areas are the same shape (labels aside). */
export function sameArea(a: Area | undefined, b: Area | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.kind !== b.kind || a.vertexCount !== b.vertexCount) return false;
  if (!a.bbox.every((v, i) => v === b.bbox[i])) return false;
  return a.kind === 'bbox' || JSON.stringify(a.polygons) === JSON.stringify(b.polygons);
}

/** The extent of a ring. */
export function ringBbox(ring: readonly Position[]): Bbox {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const [lon, lat] of ring) {
    if (lon < w) w = lon;
    if (lon > e) e = lon;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
  }
  return [w, s, e, n];
}

/** Builds an area from polygons already checked by the parser. */
export function areaFromPolygons(polygons: readonly AreaPolygon[]): Area {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  let vertexCount = 0;
  for (const polygon of polygons) {
    w = Math.min(w, polygon.bbox[0]);
    s = Math.min(s, polygon.bbox[1]);
    e = Math.max(e, polygon.bbox[2]);
    n = Math.max(n, polygon.bbox[3]);
    for (const ring of polygon.rings) vertexCount += ring.length;
  }
  return { kind: 'shape', polygons, bbox: [w, s, e, n], vertexCount };
}

function inBox(box: Bbox, lon: number, lat: number): boolean {
  return lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
}

/** Whether a polygon holds the point; its edges count as inside, its holes' interiors do not. */
export function pointInAreaPolygon(polygon: AreaPolygon, lon: number, lat: number): boolean {
  if (!inBox(polygon.bbox, lon, lat)) return false;
  // The library's type asks for mutable arrays; it only reads them.
  return pointInPolygon([lon, lat], polygon.rings as Position[][]) !== false;
}

/** Whether the area holds the point (edges included, holes excluded). */
export function pointInArea(area: Area, lon: number, lat: number): boolean {
  if (!inBox(area.bbox, lon, lat)) return false;
  if (area.kind === 'bbox') return true;
  for (const polygon of area.polygons) {
    if (pointInAreaPolygon(polygon, lon, lat)) return true;
  }
  return false;
}

/**
 * Whether segment a-b passes through the open interior of `box` (touching an edge or a corner does
 * not count). The segment is clipped to the closed box (Liang-Barsky); a chord of a rectangle either
 * lies along one side or has its midpoint strictly inside, so the midpoint decides.
 */
export function segmentCrossesBox(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  box: Bbox,
): boolean {
  const [w, s, e, n] = box;
  if (Math.max(ax, bx) <= w || Math.min(ax, bx) >= e) return false;
  if (Math.max(ay, by) <= s || Math.min(ay, by) >= n) return false;
  const dx = bx - ax;
  const dy = by - ay;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, ax - w],
    [dx, e - ax],
    [-dy, ay - s],
    [dy, n - ay],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
  }
  if (t0 >= t1) return false;
  const t = (t0 + t1) / 2;
  const mx = ax + dx * t;
  const my = ay + dy * t;
  return mx > w && mx < e && my > s && my < n;
}

function boxesOverlap(a: Bbox, b: Bbox): boolean {
  return a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];
}

/**
 * How `box` lies against the area: wholly inside (every point in the box is in the area, so no
 * point test is needed), partly, or outside (only boundaries touch, at most). Costs one pass over
 * the edges of the polygons whose extent meets the box.
 */
export function classifyBox(area: Area, box: Bbox): BoxPlacement {
  if (!boxesOverlap(area.bbox, box)) return 'outside';
  if (area.kind === 'bbox') {
    const a = area.bbox;
    return box[0] >= a[0] && box[2] <= a[2] && box[1] >= a[1] && box[3] <= a[3]
      ? 'inside'
      : 'partial';
  }
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  for (const polygon of area.polygons) {
    if (!boxesOverlap(polygon.bbox, box)) continue;
    for (const ring of polygon.rings) {
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1] as Position;
        const b = ring[i] as Position;
        if (segmentCrossesBox(a[0], a[1], b[0], b[1], box)) return 'partial';
      }
    }
    // No edge enters the box, so the box lies wholly on one side of this polygon's boundary.
    if (pointInAreaPolygon(polygon, cx, cy)) return 'inside';
  }
  return 'outside';
}
