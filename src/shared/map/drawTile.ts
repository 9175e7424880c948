// Draws one map tile from a render tile onto a 2D canvas context: sequence lines, image and
// overview points (with compass directions at high zoom), and map features coloured by class.
// Features are batched by colour into one path each, so a dense tile costs a few fills and strokes
// rather than one per feature. Filters are applied here, so changing them only redraws.
import { compileFilter } from './mapFilters';
import type { MapSettings } from './mapSettings';
import {
  COMPASS_MIN_ZOOM,
  COVERAGE_COLORS,
  OVERVIEW_RADIUS,
  classColor,
  featureClass,
  featureRadius,
  imageRadius,
  lineWidth,
} from './mapStyle';
import { featureOfVertex } from './picking';
import { FLAG_PANO, type FeatureColumns, type PointSet, type RenderTile } from './renderTile';
import { forEachInBox, type TileGrid } from './tileGrid';

/**
 * The part of `CanvasRenderingContext2D` the drawing uses. Declared here so the drawing is plain
 * logic that tests and benchmarks can run against a recording context.
 */
export interface Canvas2DLike {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  globalAlpha: number;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  closePath(): void;
  fill(): void;
  stroke(): void;
}

/** Where a tile's canvas looks into its render tile. */
export interface TileView {
  /** West edge of the window in tile coordinates. */
  x0: number;
  /** North edge of the window in tile coordinates. */
  y0: number;
  /** Side of the window in tile coordinates (the extent, or less when overzoomed). */
  size: number;
  /** Side of the canvas in CSS pixels. */
  pixels: number;
  /** The map zoom the canvas is drawn for. */
  zoom: number;
}

/** What beyond the tile decides how features look. */
export interface DrawState {
  settings: MapSettings;
  /** Sequence keys drawn highlighted (the organization's sequences). */
  highlighted: ReadonlySet<string>;
  /** Image ids drawn as selected. */
  selected: ReadonlySet<string>;
}

/** How many features of each layer were drawn. */
export interface DrawCounts {
  overview: number;
  sequence: number;
  image: number;
  point: number;
  traffic_sign: number;
}

// Coverage colour buckets.
const PERSPECTIVE = 0;
const PANO = 1;
const HIGHLIGHTED = 2;
const SELECTED = 3;
const HIDDEN = 255;
const BUCKET_COLORS = [
  COVERAGE_COLORS.perspective,
  COVERAGE_COLORS.pano,
  COVERAGE_COLORS.highlighted,
  COVERAGE_COLORS.selected,
];

let scratch = new Uint8Array(1024);

// Colour bucket of each listed feature (`indices[k]`, or `k` when there is no list), or HIDDEN.
function bucketsFor(
  columns: FeatureColumns,
  tile: RenderTile,
  state: DrawState,
  indices: Uint32Array | undefined,
): Uint8Array {
  const n = indices ? indices.length : columns.count;
  if (scratch.length < n) scratch = new Uint8Array(n * 2);
  const buckets = scratch;
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
  if (filter.all && !highlightedIndices && !selecting) {
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
    if (selecting && state.selected.has(columns.ids[i] ?? '')) bucket = SELECTED;
    buckets[k] = bucket;
  }
  return buckets;
}

let marks = new Uint8Array(1024);

/**
 * The items of `grid` in the window of an overzoomed view (plus a margin in tile units), each
 * once; undefined when the view shows the whole tile, where every item is drawn.
 */
function visibleItems(
  grid: TileGrid,
  view: TileView,
  margin: number,
  extent: number,
  itemCount: number,
): Uint32Array | undefined {
  if (view.size >= extent) return undefined;
  if (marks.length < itemCount) marks = new Uint8Array(itemCount * 2);
  const out: number[] = [];
  forEachInBox(
    grid,
    view.x0 - margin,
    view.y0 - margin,
    view.x0 + view.size + margin,
    view.y0 + view.size + margin,
    (item) => {
      if (marks[item]) return;
      marks[item] = 1;
      out.push(item);
    },
  );
  for (const item of out) marks[item] = 0;
  return Uint32Array.from(out);
}

function drawLines(
  ctx: Canvas2DLike,
  tile: RenderTile,
  view: TileView,
  state: DrawState,
  counts: DrawCounts,
): void {
  const lines = tile.lines;
  if (!lines) return;
  const scale = view.pixels / view.size;
  const { x0, y0 } = view;
  const xy = lines.xy;
  const buckets = bucketsFor(lines, tile, state, undefined).slice(0, lines.count);
  // Overzoomed: only the segments in the window, found through the grid.
  const segments = visibleItems(lines.grid, view, 8 / scale, tile.extent, xy.length / 2);
  const segmentBuckets = segments
    ? Uint8Array.from(segments, (v) => buckets[featureOfVertex(lines, v)] ?? HIDDEN)
    : undefined;
  ctx.lineWidth = lineWidth(view.zoom);
  ctx.globalAlpha = view.zoom >= 14 ? 0.7 : 1;
  for (let bucket = 0; bucket < BUCKET_COLORS.length; bucket++) {
    let any = false;
    if (segments && segmentBuckets) {
      for (let k = 0; k < segments.length; k++) {
        if (segmentBuckets[k] !== bucket) continue;
        if (!any) {
          ctx.beginPath();
          any = true;
        }
        const v = segments[k] ?? 0;
        ctx.moveTo(((xy[2 * v] ?? 0) - x0) * scale, ((xy[2 * v + 1] ?? 0) - y0) * scale);
        ctx.lineTo(((xy[2 * v + 2] ?? 0) - x0) * scale, ((xy[2 * v + 3] ?? 0) - y0) * scale);
      }
    } else {
      for (let f = 0; f < lines.count; f++) {
        if (buckets[f] !== bucket) continue;
        if (!any) {
          ctx.beginPath();
          any = true;
        }
        const partEnd = lines.featureParts[f + 1] ?? 0;
        for (let p = lines.featureParts[f] ?? 0; p < partEnd; p++) {
          const end = lines.partStarts[p + 1] ?? 0;
          let v = lines.partStarts[p] ?? 0;
          let lx = ((xy[2 * v] ?? 0) - x0) * scale;
          let ly = ((xy[2 * v + 1] ?? 0) - y0) * scale;
          ctx.moveTo(lx, ly);
          for (v++; v < end; v++) {
            const px = ((xy[2 * v] ?? 0) - x0) * scale;
            const py = ((xy[2 * v + 1] ?? 0) - y0) * scale;
            // Vertices closer than half a pixel to the last one drawn add cost and no detail;
            // a part's last vertex is always drawn so lines still meet their neighbours.
            if (v < end - 1 && Math.abs(px - lx) + Math.abs(py - ly) < 0.5) continue;
            ctx.lineTo(px, py);
            lx = px;
            ly = py;
          }
        }
      }
    }
    if (any) {
      ctx.strokeStyle = BUCKET_COLORS[bucket];
      ctx.stroke();
    }
  }
  // Count sequences drawn: every shown feature of a whole tile, the distinct ones of a window.
  if (segments && segmentBuckets) {
    const seen = new Set<number>();
    segments.forEach((v, k) => {
      if (segmentBuckets[k] !== HIDDEN) seen.add(featureOfVertex(lines, v));
    });
    counts.sequence += seen.size;
  } else {
    for (let f = 0; f < lines.count; f++) if (buckets[f] !== HIDDEN) counts.sequence++;
  }
  ctx.globalAlpha = 1;
}

// Only overzoomed windows cull: a whole tile draws every feature and the canvas clips the rest.
function insideView(
  set: PointSet,
  view: TileView,
  margin: number,
  extent: number,
): (i: number) => boolean {
  if (view.size >= extent) return () => true;
  const minX = view.x0 - margin;
  const minY = view.y0 - margin;
  const maxX = view.x0 + view.size + margin;
  const maxY = view.y0 + view.size + margin;
  return (i) => {
    const x = set.xy[2 * i] ?? 0;
    const y = set.xy[2 * i + 1] ?? 0;
    return x >= minX && x <= maxX && y >= minY && y <= maxY;
  };
}

/**
 * A pixel buffer for small points, composited over the canvas by the caller after drawing. A
 * path of tens of thousands of tiny squares takes a software rasteriser longer than the rest of
 * the tile together; writing their pixels directly takes about a millisecond.
 */
export interface PointRaster {
  /** RGBA pixels as 32-bit words (little-endian: `0xAABBGGRR`), row by row. */
  data: Uint32Array;
  width: number;
  height: number;
  /** Device pixels per CSS pixel. */
  scale: number;
}

/** A `#rrggbb` colour as an opaque little-endian RGBA word. */
export function packColor(hex: string): number {
  const v = parseInt(hex.slice(1, 7), 16);
  return ((0xff << 24) | ((v & 0xff) << 16) | (v & 0xff00) | ((v >> 16) & 0xff)) >>> 0;
}

/** Fills the square of half-side `r` CSS pixels around `(x, y)`, clipped to the buffer. */
export function fillSquare(
  raster: PointRaster,
  x: number,
  y: number,
  r: number,
  packed: number,
): void {
  const s = raster.scale;
  const x0 = Math.max(0, Math.round((x - r) * s));
  const x1 = Math.min(raster.width, Math.round((x + r) * s));
  const y0 = Math.max(0, Math.round((y - r) * s));
  const y1 = Math.min(raster.height, Math.round((y + r) * s));
  const { data, width } = raster;
  for (let py = y0; py < y1; py++) {
    const row = py * width;
    for (let px = x0; px < x1; px++) data[row + px] = packed;
  }
}

function drawCoveragePoints(
  ctx: Canvas2DLike,
  tile: RenderTile,
  set: PointSet,
  view: TileView,
  state: DrawState,
  counts: DrawCounts,
  raster: PointRaster | undefined,
): void {
  const scale = view.pixels / view.size;
  const r = set.kind === 'overview' ? OVERVIEW_RADIUS : imageRadius(view.zoom);
  const compass = set.kind === 'image' && view.zoom >= COMPASS_MIN_ZOOM;
  const items = visibleItems(set.grid, view, (3 * r) / scale, tile.extent, set.count);
  const n = items ? items.length : set.count;
  const buckets = bucketsFor(set, tile, state, items);
  const { x0, y0 } = view;
  const small = r < 2.5;
  if (small && raster) {
    // Pixels do not need batching by colour: one pass, in feature order.
    const packed = BUCKET_COLORS.map(packColor);
    for (let k = 0; k < n; k++) {
      const bucket = buckets[k] ?? HIDDEN;
      if (bucket === HIDDEN) continue;
      const i = items ? (items[k] ?? 0) : k;
      counts[set.kind]++;
      fillSquare(
        raster,
        ((set.xy[2 * i] ?? 0) - x0) * scale,
        ((set.xy[2 * i + 1] ?? 0) - y0) * scale,
        r,
        packed[bucket] ?? 0,
      );
    }
    return;
  }
  for (let bucket = 0; bucket < BUCKET_COLORS.length; bucket++) {
    let any = false;
    for (let k = 0; k < n; k++) {
      if (buckets[k] !== bucket) continue;
      const i = items ? (items[k] ?? 0) : k;
      if (!any) {
        ctx.beginPath();
        any = true;
      }
      counts[set.kind]++;
      const x = ((set.xy[2 * i] ?? 0) - x0) * scale;
      const y = ((set.xy[2 * i + 1] ?? 0) - y0) * scale;
      if (small) ctx.rect(x - r, y - r, 2 * r, 2 * r);
      else {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
    }
    if (!any) continue;
    ctx.fillStyle = BUCKET_COLORS[bucket];
    ctx.fill();
    if (!compass) continue;
    ctx.beginPath();
    for (let k = 0; k < n; k++) {
      if (buckets[k] !== bucket) continue;
      const i = items ? (items[k] ?? 0) : k;
      const angle = set.compass[i] ?? NaN;
      if (!Number.isFinite(angle)) continue;
      const x = ((set.xy[2 * i] ?? 0) - x0) * scale;
      const y = ((set.xy[2 * i + 1] ?? 0) - y0) * scale;
      const rad = (angle * Math.PI) / 180;
      ctx.moveTo(x, y);
      ctx.lineTo(x + Math.sin(rad) * r * 3, y - Math.cos(rad) * r * 3);
    }
    ctx.strokeStyle = BUCKET_COLORS[bucket];
    ctx.lineWidth = 2;
    ctx.stroke();
  }
}

function drawFeaturePoints(
  ctx: Canvas2DLike,
  tile: RenderTile,
  set: PointSet,
  view: TileView,
  counts: DrawCounts,
): void {
  const scale = view.pixels / view.size;
  const r = featureRadius(view.zoom);
  const visible = insideView(set, view, (2 * r) / scale, tile.extent);
  // Group by colour: one path per class colour present in the tile.
  const byColor = new Map<string, number[]>();
  const colorOfString = new Map<number, string>();
  for (let i = 0; i < set.count; i++) {
    if (!visible(i)) continue;
    const v = set.value[i] ?? -1;
    let color = colorOfString.get(v);
    if (color === undefined) {
      color = classColor(featureClass(v >= 0 ? (tile.strings[v] ?? '') : ''));
      colorOfString.set(v, color);
    }
    let list = byColor.get(color);
    if (!list) byColor.set(color, (list = []));
    list.push(i);
  }
  const { x0, y0 } = view;
  for (const [color, list] of byColor) {
    ctx.beginPath();
    for (const i of list) {
      const x = ((set.xy[2 * i] ?? 0) - x0) * scale;
      const y = ((set.xy[2 * i + 1] ?? 0) - y0) * scale;
      if (set.kind === 'traffic_sign') {
        // Signs as diamonds, points as circles, so the two layers tell apart at a glance.
        ctx.moveTo(x, y - r);
        ctx.lineTo(x + r, y);
        ctx.lineTo(x, y + r);
        ctx.lineTo(x - r, y);
        ctx.closePath();
      } else {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
      counts[set.kind]++;
    }
    ctx.fillStyle = color;
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1;
    ctx.stroke();
  }
}

/** A fresh set of zero counts. */
export function zeroCounts(): DrawCounts {
  return { overview: 0, sequence: 0, image: 0, point: 0, traffic_sign: 0 };
}

/**
 * Draws a render tile's layers into a canvas of `view.pixels` CSS pixels (the caller scales the
 * context for the device pixel ratio). With `raster`, small points are written there instead, for
 * the caller to composite on top. Returns how many features of each layer were drawn.
 */
export function drawRenderTile(
  ctx: Canvas2DLike,
  tile: RenderTile,
  view: TileView,
  state: DrawState,
  raster?: PointRaster,
): DrawCounts {
  const counts = zeroCounts();
  drawLines(ctx, tile, view, state, counts);
  for (const set of tile.points) {
    if (set.kind === 'overview' || set.kind === 'image') {
      drawCoveragePoints(ctx, tile, set, view, state, counts, raster);
    } else drawFeaturePoints(ctx, tile, set, view, counts);
  }
  return counts;
}

/** The classes of the map features in a render tile, with how many features each has. */
export function featureClassesIn(tile: RenderTile, into: Map<string, number>): void {
  for (const set of tile.points) {
    if (set.kind !== 'point' && set.kind !== 'traffic_sign') continue;
    for (let i = 0; i < set.count; i++) {
      const v = set.value[i] ?? -1;
      const name = featureClass(v >= 0 ? (tile.strings[v] ?? '') : '');
      into.set(name, (into.get(name) ?? 0) + 1);
    }
  }
}
