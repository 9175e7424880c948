// Which images one Graph read should carry. The viewer asks for a few images at a time (the one it
// moves to, then the ones in the 20 m box around it, which MapillaryJS needs for its spatial
// edges); a read carries up to a whole batch, so the read also takes what the viewer will ask for
// next: the images that follow in the same sequence, each with the images of other sequences near
// it (from the map cells the viewer loaded). Pure: it only plans; imageRecords.ts reads.
import { bboxAround } from '../../shared/geo/pointQueries';

/** A position, `[lon, lat]`. */
export type LonLat = readonly [number, number];

/** What the plan is made from. */
export interface ReadAheadState {
  /** Whether `id` still has to be read (not read, not being read). */
  unread(id: string): boolean;
  /** The capture order of the sequence holding `id`, when known. */
  sequenceHolding(id: string): readonly string[] | undefined;
  /** Where `id` is, when known. */
  position(id: string): LonLat | undefined;
  /** Images of the map cells the viewer loaded, with their positions. */
  neighbours(): Iterable<readonly [string, LonLat]>;
  /** The image the viewer shows, if any. */
  focus(): string | undefined;
}

/**
 * Images of other sequences within this many metres east-west and north-south of an image are read
 * along with it. MapillaryJS asks for the images in the box 20 m around the image it shows, and
 * around the images it caches along its edges; in the bench, 30 m took the fewest reads (25 m and
 * 21 m both took more: a neighbour missed costs a read of its own).
 */
export const NEAR_METRES = 30;

/** Where MapillaryJS puts an image: its computed position when it has one. */
export function placeOf(image: {
  lon: number;
  lat: number;
  computedLon?: number;
  computedLat?: number;
}): LonLat {
  return [image.computedLon ?? image.lon, image.computedLat ?? image.lat];
}

/** Grid buckets of about 100 m for the neighbour search. */
const BUCKET_DEGREES = 0.001;
const bucketKey = (i: number, j: number): string => `${i}/${j}`;

/** The neighbours by grid bucket, for finding the ones near a position quickly. */
function bucketed(cells: Iterable<readonly [string, LonLat]>): (at: LonLat) => string[] {
  const buckets = new Map<string, [string, LonLat][]>();
  for (const [id, where] of cells) {
    const key = bucketKey(
      Math.floor(where[0] / BUCKET_DEGREES),
      Math.floor(where[1] / BUCKET_DEGREES),
    );
    const list = buckets.get(key);
    if (list) list.push([id, where]);
    else buckets.set(key, [[id, where]]);
  }
  return (at) => {
    const i0 = Math.floor(at[0] / BUCKET_DEGREES);
    const j0 = Math.floor(at[1] / BUCKET_DEGREES);
    const [west, south, east, north] = bboxAround(at[0], at[1], NEAR_METRES);
    const near: string[] = [];
    for (let i = i0 - 1; i <= i0 + 1; i++) {
      for (let j = j0 - 1; j <= j0 + 1; j++) {
        for (const [id, [lon, lat]] of buckets.get(bucketKey(i, j)) ?? []) {
          if (lon >= west && lon <= east && lat >= south && lat <= north) near.push(id);
        }
      }
    }
    return near;
  };
}

/**
 * The ids one read should carry: `missing` first (all of them, even past `size`), then, up to a
 * multiple of `size`, what the viewer will ask for next: from each missing image, then from the
 * image shown, the images that follow in its sequence (then the ones before), each with the
 * images of other sequences near it.
 */
export function planRead(
  missing: readonly string[],
  state: ReadAheadState,
  size: number,
): string[] {
  const batch = new Set(missing);
  const room = (): boolean => batch.size % size !== 0;
  const take = (id: string | undefined): void => {
    if (id !== undefined && room() && !batch.has(id) && state.unread(id)) batch.add(id);
  };
  const near = bucketed(state.neighbours());
  const withNeighbours = (id: string | undefined): void => {
    if (id === undefined) return;
    take(id);
    const at = state.position(id);
    if (at) for (const other of near(at)) take(other);
  };
  const walkFrom = (id: string): void => {
    const order = state.sequenceHolding(id);
    const at = order ? order.indexOf(id) : -1;
    if (!order || at < 0) return withNeighbours(id);
    for (let k = at; k < order.length && room(); k++) withNeighbours(order[k]);
    for (let k = at - 1; k >= 0 && room(); k--) withNeighbours(order[k]);
  };
  for (const id of missing) if (room()) walkFrom(id);
  const focus = state.focus();
  if (focus !== undefined && room()) walkFrom(focus);
  return [...batch];
}
