// Which area one Graph image search should cover, when the viewer needs images whose positions the
// map cells already gave. One search (`/images?bbox=`, up to 2,000 images) returns every image in a
// box with the same fields as a read by id, so one call can bring the images that follow in a
// sequence together with every image of other sequences near them, where reads by id need one call
// per 100. The box starts around the images asked for and grows along the sequences they belong
// to, as far as the map cells say it holds no more than a set number of images (which bounds the
// answer's size). Pure: it only plans; imageRecords.ts searches.
import { bboxAround } from '../../shared/geo/pointQueries';
import { type LonLat, NEAR_METRES, type ReadAheadState } from './readAhead';

/** `[west, south, east, north]`. */
export type Box = [number, number, number, number];

/** An area to search. */
export interface AreaPlan {
  bbox: Box;
  /**
   * The unread images the search is expected to bring: the ones asked for, then the ones that
   * follow along their sequences as far as the box reaches.
   */
  expected: string[];
  /** How many images the map cells put in the box (read or not): what the search should return. */
  cellImages: number;
  /**
   * Where each walk along a sequence stopped: the map cells around these places are looked up
   * after the read, so that the next box can reach further.
   */
  frontier: LonLat[];
}

/** Bounds of one area read. */
export interface AreaLimits {
  /** The most images the map cells may put in the box. */
  maxImages: number;
  /** The most images walked along sequences. */
  maxStretch: number;
}

/** An image walked along a sequence: its id, its place and which walk took it. */
type Step = { id: string; at: LonLat; walk: number };

/**
 * The unread images along the sequences of `from` (each forward, then back), with their positions,
 * each direction ending at the first image whose position is not known.
 */
function stretch(from: readonly string[], state: ReadAheadState, max: number): Step[] {
  const out = new Map<string, Step>();
  let walks = 0;
  const walk = (order: readonly string[], start: number, step: 1 | -1): void => {
    walks += 1;
    for (let k = start; k >= 0 && k < order.length && out.size < max; k += step) {
      const id = order[k] as string;
      const at = state.position(id);
      if (!at) return;
      if (state.unread(id) && !out.has(id)) out.set(id, { id, at, walk: walks });
    }
  };
  for (const id of from) {
    const order = state.sequenceHolding(id);
    const at = order ? order.indexOf(id) : -1;
    if (!order || at < 0) continue;
    walk(order, at + 1, 1);
    walk(order, at - 1, -1);
  }
  return [...out.values()];
}

/** The box holding `places`, widened by {@link NEAR_METRES} on each side. */
function paddedBox(places: readonly LonLat[]): Box {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of places) {
    west = Math.min(west, lon);
    south = Math.min(south, lat);
    east = Math.max(east, lon);
    north = Math.max(north, lat);
  }
  const low = bboxAround(west, south, NEAR_METRES);
  const high = bboxAround(east, north, NEAR_METRES);
  return [low[0], low[1], high[2], high[3]];
}

/**
 * The area one search should cover for `missing` (see the file comment), or undefined when a
 * position of `missing` is not known or the box around them alone holds too many images.
 */
export function planArea(
  missing: readonly string[],
  state: ReadAheadState,
  limits: AreaLimits,
): AreaPlan | undefined {
  const seeds: LonLat[] = [];
  for (const id of missing) {
    const at = state.position(id);
    if (!at) return undefined;
    seeds.push(at);
  }
  if (seeds.length === 0) return undefined;
  const focus = state.focus();
  const from = focus === undefined ? missing : [...missing, focus];
  const along = stretch(from, state, limits.maxStretch).filter((s) => !missing.includes(s.id));
  const cells = [...state.neighbours()].map(([, at]) => at);
  const boxOf = (k: number): Box => paddedBox([...seeds, ...along.slice(0, k).map((s) => s.at)]);
  const count = ([west, south, east, north]: Box): number =>
    cells.filter(([lon, lat]) => lon >= west && lon <= east && lat >= south && lat <= north).length;
  if (count(boxOf(0)) > limits.maxImages) return undefined;
  // The box only grows with k, and so does its count: the largest k within the bound.
  let [fits, tooMany] = [0, along.length + 1];
  while (tooMany - fits > 1) {
    const k = (fits + tooMany) >> 1;
    if (count(boxOf(k)) <= limits.maxImages) fits = k;
    else tooMany = k;
  }
  const bbox = boxOf(fits);
  const taken = along.slice(0, fits);
  const last = new Map<number, LonLat>();
  for (const s of taken) last.set(s.walk, s.at);
  return {
    bbox,
    expected: [...missing, ...taken.map((s) => s.id)],
    cellImages: count(bbox),
    frontier: [...last.values()],
  };
}
