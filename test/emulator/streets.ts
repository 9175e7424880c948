// A street grid with two diagonal avenues, and walks along it: the paths that sequences follow.
import { type Prng } from './prng';

/** A position in metres east and north of the grid's centre. */
export interface LocalPoint {
  x: number;
  y: number;
}

/** The shape of the street grid. */
export interface StreetGrid {
  /** Intersections per side. */
  nodes: number;
  /** Block length in metres. */
  block: number;
}

const straight: readonly [number, number][] = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
];

/**
 * Walks the grid for at least `lengthMetres`, mostly straight on with turns at intersections, and
 * along the diagonal avenues where the walk meets them. Returns the corner points of the path.
 */
export function walkStreets(grid: StreetGrid, rng: Prng, lengthMetres: number): LocalPoint[] {
  const n = grid.nodes;
  let i = rng.int(0, n - 1);
  let j = rng.int(0, n - 1);
  let dir = rng.pick(straight);
  const nodes: [number, number][] = [[i, j]];
  let walked = 0;
  let guard = 0;
  while (walked < lengthMetres && guard++ < 100000) {
    const options = movesFrom(i, j, n);
    const keepOn = options.find(([di, dj]) => di === dir[0] && dj === dir[1]);
    const back: [number, number] = [-dir[0], -dir[1]];
    const turns = options.filter(([di, dj]) => !(di === back[0] && dj === back[1]));
    const next = keepOn && rng.chance(0.75) ? keepOn : rng.pick(turns.length > 0 ? turns : options);
    dir = next;
    i += next[0];
    j += next[1];
    nodes.push([i, j]);
    walked += grid.block * Math.hypot(next[0], next[1]);
  }
  const half = ((n - 1) * grid.block) / 2;
  return nodes.map(([a, b]) => ({ x: a * grid.block - half, y: b * grid.block - half }));
}

function movesFrom(i: number, j: number, n: number): [number, number][] {
  const moves: [number, number][] = straight.map(([a, b]) => [a, b]);
  // The two avenues run corner to corner; only nodes on them may move diagonally.
  if (i === j) {
    moves.push([1, 1], [-1, -1]);
  }
  if (i + j === n - 1) {
    moves.push([1, -1], [-1, 1]);
  }
  return moves.filter(([a, b]) => i + a >= 0 && i + a < n && j + b >= 0 && j + b < n);
}

/** A sample along a path: its position and the bearing of travel (degrees clockwise from north). */
export interface PathSample extends LocalPoint {
  bearing: number;
  /** Distance from the previous sample in metres (0 for the first). */
  step: number;
}

/**
 * Samples `count` positions along the path at irregular spacing between `minStep` and `maxStep`
 * metres; the path is walked back and forth when it is too short.
 */
export function samplePath(
  path: readonly LocalPoint[],
  count: number,
  rng: Prng,
  minStep: number,
  maxStep: number,
): PathSample[] {
  const out: PathSample[] = [];
  let seg = 0;
  let along = 0;
  let forward = true;
  const pts = path.slice();
  let step = 0;
  while (out.length < count && pts.length >= 2) {
    const a = pts[seg];
    const b = pts[seg + 1];
    if (!a || !b) {
      // Ran off the end: turn round and walk the path the other way.
      pts.reverse();
      seg = 0;
      forward = !forward;
      continue;
    }
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (along > len) {
      along -= len;
      seg++;
      continue;
    }
    const t = len === 0 ? 0 : along / len;
    const bearing = ((Math.atan2(b.x - a.x, b.y - a.y) * 180) / Math.PI + 360) % 360;
    out.push({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t, bearing, step });
    step = rng.range(minStep, maxStep);
    along += step;
  }
  return out;
}
