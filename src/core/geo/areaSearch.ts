// Searches over an area of any shape. The service searches bboxes only, so a shape is cut into the
// tiles of one zoom that it touches (at most a few dozen), each tile's part of the shape's extent is
// searched with the client's bbox search (which splits dense parts by itself), and only what lies
// in the shape (holes left out) is kept. Items inside a tile wholly inside the shape need no test;
// an item on the edge between two parts comes once. A bbox area is searched as it is, in one part.
import { type Bbox } from '../../shared/api/bbox';
import { type Area, pointInArea } from '../../shared/geo/area';
import { areaTileCounts, areaTilesAtZoom } from '../../shared/geo/areaTiles';
import { COVERAGE_ZOOM, tileToBbox } from '../../shared/tiles/tileMath';

/** One bbox searched for an area, and whether everything in it lies in the area. */
export interface SearchPart {
  bbox: Bbox;
  /** True when the whole bbox is inside the area (no item needs a test). */
  inside: boolean;
}

/** Most parts a shape is cut into. */
export const MAX_SEARCH_PARTS = 64;

/** The parts to search for `area`, north-west first. */
export function searchParts(area: Area, maxParts = MAX_SEARCH_PARTS): SearchPart[] {
  if (area.kind === 'bbox') return [{ bbox: area.bbox, inside: true }];
  const counts = areaTileCounts(area, COVERAGE_ZOOM);
  let zoom = 0;
  for (let z = 0; z <= COVERAGE_ZOOM; z++) {
    if ((counts[z] ?? 0) <= maxParts) zoom = z;
    else break;
  }
  const [w, s, e, n] = area.bbox;
  return areaTilesAtZoom(area, zoom, maxParts).map(({ tile, placement }) => {
    const t = tileToBbox(tile);
    // The tile cut to the area's extent: no part asks for more than the area spans.
    const bbox: Bbox = [Math.max(t[0], w), Math.max(t[1], s), Math.min(t[2], e), Math.min(t[3], n)];
    return { bbox, inside: placement === 'inside' };
  });
}

/** An item's position `[lon, lat]` as a search returns it (a GeoJSON point), if any. */
export function pointOf(item: {
  geometry?: { coordinates?: readonly number[] };
}): [number, number] | undefined {
  const [lon, lat] = item.geometry?.coordinates ?? [];
  return typeof lon === 'number' && typeof lat === 'number' ? [lon, lat] : undefined;
}

/**
 * Whether `part` keeps an item at `position`: every item of a part wholly inside the area (the
 * service put it in the bbox), else the items the area holds.
 */
export function partKeeps(
  area: Area,
  part: SearchPart,
  position: [number, number] | undefined,
): boolean {
  if (part.inside) return true;
  return position !== undefined && pointInArea(area, position[0], position[1]);
}

/**
 * Every item a bbox search finds in `area`, each once, part after part. `search` runs the bbox
 * search of one part; items without a position are left out.
 */
export async function* searchInArea<
  T extends { id: string; geometry?: { coordinates?: readonly number[] } },
>(area: Area, search: (bbox: Bbox) => AsyncIterable<T>): AsyncGenerator<T> {
  const seen = new Set<string>();
  for (const part of searchParts(area)) {
    for await (const item of search(part.bbox)) {
      if (seen.has(item.id) || !partKeeps(area, part, pointOf(item))) continue;
      seen.add(item.id);
      yield item;
    }
  }
}
