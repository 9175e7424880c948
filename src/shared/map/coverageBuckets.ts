// Which colour each coverage feature is drawn in, after the filters, the highlighted sequences and
// the selection: a bucket per feature, so the drawing makes one path per colour. And which items
// of a grid an overzoomed window shows. Each call returns its own arrays: nothing is shared between
// calls, so one layer's answer cannot be overwritten by the next.
import type { DrawState, TileView } from './drawView';
import { compileFilter } from './mapFilters';
import { COVERAGE_COLORS } from './mapStyle';
import { FLAG_PANO, type FeatureColumns, type RenderTile } from './renderTile';
import { forEachInBox, type TileGrid } from './tileGrid';

/** Buckets of coverage colour, in drawing order; index into {@link BUCKET_COLORS}. */
export const PERSPECTIVE = 0;
export const PANO = 1;
export const HIGHLIGHTED = 2;
export const SELECTED = 3;
/** The sequence of the image shown, over the organization's highlight, under the selection. */
export const CURRENT = 4;
/** Filtered out: not drawn. */
export const HIDDEN = 255;
/** The colour of each bucket. */
export const BUCKET_COLORS = [
  COVERAGE_COLORS.perspective,
  COVERAGE_COLORS.pano,
  COVERAGE_COLORS.highlighted,
  COVERAGE_COLORS.selected,
  COVERAGE_COLORS.current,
];

/** The colour bucket of each listed feature (`indices[k]`, or `k` when there is no list). */
export function bucketsFor(
  columns: FeatureColumns,
  tile: RenderTile,
  state: DrawState,
  indices: Uint32Array | undefined,
): Uint8Array {
  const n = indices ? indices.length : columns.count;
  const buckets = new Uint8Array(n);
  const filter = compileFilter(state.settings.filters, tile);
  let highlightedIndices: Uint8Array | undefined;
  if (state.highlighted.size > 0) {
    const marks = new Uint8Array(tile.strings.length);
    tile.strings.forEach((s, i) => {
      if (state.highlighted.has(s)) marks[i] = 1;
    });
    highlightedIndices = marks;
  }
  const selecting = state.selected.size > 0;
  const current = state.current ? tile.strings.indexOf(state.current) : -1;
  if (filter.all && !highlightedIndices && !selecting && current < 0) {
    const flags = columns.flags;
    for (let k = 0; k < n; k++) {
      const i = indices ? (indices[k] ?? 0) : k;
      buckets[k] = (flags[i] ?? 0) & FLAG_PANO ? PANO : PERSPECTIVE;
    }
    return buckets;
  }
  for (let k = 0; k < n; k++) {
    const i = indices ? (indices[k] ?? 0) : k;
    if (!filter.all && !filter.test(columns, i)) {
      buckets[k] = HIDDEN;
      continue;
    }
    let bucket = (columns.flags[i] ?? 0) & FLAG_PANO ? PANO : PERSPECTIVE;
    if (highlightedIndices) {
      const s = columns.sequence[i] ?? -1;
      if (s >= 0 && highlightedIndices[s]) bucket = HIGHLIGHTED;
    }
    if (current >= 0 && columns.sequence[i] === current) bucket = CURRENT;
    if (selecting && state.selected.has(columns.ids[i] ?? '')) bucket = SELECTED;
    buckets[k] = bucket;
  }
  return buckets;
}

/**
 * The items of `grid` in the window of an overzoomed view (plus a margin in tile units), each
 * once, in the order the grid lists them; undefined when the view shows the whole tile, where
 * every item is drawn.
 */
export function visibleItems(
  grid: TileGrid,
  view: TileView,
  margin: number,
  extent: number,
  itemCount: number,
): Uint32Array | undefined {
  if (view.size >= extent) return undefined;
  // An item that spans several cells is listed in each: keep its first.
  const seen = new Uint8Array(itemCount);
  const out: number[] = [];
  forEachInBox(
    grid,
    view.x0 - margin,
    view.y0 - margin,
    view.x0 + view.size + margin,
    view.y0 + view.size + margin,
    (item) => {
      if (seen[item]) return;
      seen[item] = 1;
      out.push(item);
    },
  );
  return Uint32Array.from(out);
}
