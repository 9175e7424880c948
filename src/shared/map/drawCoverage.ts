// Draws the coverage layers of a render tile: sequence lines and image or overview points (with
// compass directions at high zoom), batched by colour into one path each, so a dense tile costs a
// few fills and strokes rather than one per feature. Filters are applied here, so changing them
// only redraws.
import { BUCKET_COLORS, HIDDEN, bucketsFor, visibleItems } from './coverageBuckets';
import {
  screenX,
  screenY,
  tileProjection,
  type Canvas2DLike,
  type DrawCounts,
  type DrawState,
  type TileView,
} from './drawView';
import { COMPASS_MIN_ZOOM, OVERVIEW_RADIUS, imageRadius, lineWidth } from './mapStyle';
import { featureOfVertex } from './picking';
import {
  fillSquare,
  packColor,
  packColorAlpha,
  strokeSegment,
  type PointRaster,
} from './pointRaster';
import type { PointSet, RenderTile } from './renderTile';
import { COVERAGE_ZOOM } from '../tiles/tileMath';

const PACKED_COLORS = BUCKET_COLORS.map(packColor);
/** Line colours at the coverage zoom and above, where lines are drawn see-through. */
const PACKED_LINE_COLORS = BUCKET_COLORS.map((c) => packColorAlpha(c, 0.7));

// A whole tile's lines written as pixels: its tens of thousands of vertices cost a canvas path
// ten times more. Returns the sequences drawn.
function rasterLines(
  raster: PointRaster,
  lines: NonNullable<RenderTile['lines']>,
  view: TileView,
  buckets: Uint8Array,
): number {
  const p = tileProjection(view);
  const xy = lines.xy;
  const pen = Math.max(1, Math.round(lineWidth(view.zoom) * raster.scale));
  const colors = view.zoom >= COVERAGE_ZOOM ? PACKED_LINE_COLORS : PACKED_COLORS;
  let drawn = 0;
  // Bucket by bucket, so that highlighted and selected sequences are written over the others.
  for (let bucket = 0; bucket < BUCKET_COLORS.length; bucket++) {
    const color = colors[bucket] ?? 0;
    for (let f = 0; f < lines.count; f++) {
      if (buckets[f] !== bucket) continue;
      drawn++;
      const partEnd = lines.featureParts[f + 1] ?? 0;
      for (let part = lines.featureParts[f] ?? 0; part < partEnd; part++) {
        const end = lines.partStarts[part + 1] ?? 0;
        let v = lines.partStarts[part] ?? 0;
        let lx = screenX(p, xy, v);
        let ly = screenY(p, xy, v);
        for (v++; v < end; v++) {
          const px = screenX(p, xy, v);
          const py = screenY(p, xy, v);
          if (v < end - 1 && Math.abs(px - lx) + Math.abs(py - ly) < 0.5) continue;
          strokeSegment(raster, lx, ly, px, py, pen, color);
          lx = px;
          ly = py;
        }
      }
    }
  }
  return drawn;
}

/**
 * Draws the tile's sequence lines and adds them to `counts`. With `raster`, a whole tile's lines
 * are written there as pixels (before its points, which are written over them).
 */
export function drawLines(
  ctx: Canvas2DLike,
  tile: RenderTile,
  view: TileView,
  state: DrawState,
  counts: DrawCounts,
  raster?: PointRaster,
): void {
  const lines = tile.lines;
  if (!lines) return;
  const p = tileProjection(view);
  const xy = lines.xy;
  const buckets = bucketsFor(lines, tile, state, undefined);
  if (raster && view.size >= tile.extent) {
    counts.sequence += rasterLines(raster, lines, view, buckets);
    return;
  }
  // Overzoomed: only the segments in the window, found through the grid.
  const segments = visibleItems(lines.grid, view, 8 / p.scale, tile.extent, xy.length / 2);
  const segmentBuckets = segments
    ? Uint8Array.from(segments, (v) => buckets[featureOfVertex(lines, v)] ?? HIDDEN)
    : undefined;
  ctx.lineWidth = lineWidth(view.zoom);
  ctx.globalAlpha = view.zoom >= COVERAGE_ZOOM ? 0.7 : 1;
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
        ctx.moveTo(screenX(p, xy, v), screenY(p, xy, v));
        ctx.lineTo(screenX(p, xy, v + 1), screenY(p, xy, v + 1));
      }
    } else {
      for (let f = 0; f < lines.count; f++) {
        if (buckets[f] !== bucket) continue;
        if (!any) {
          ctx.beginPath();
          any = true;
        }
        const partEnd = lines.featureParts[f + 1] ?? 0;
        for (let part = lines.featureParts[f] ?? 0; part < partEnd; part++) {
          const end = lines.partStarts[part + 1] ?? 0;
          let v = lines.partStarts[part] ?? 0;
          let lx = screenX(p, xy, v);
          let ly = screenY(p, xy, v);
          ctx.moveTo(lx, ly);
          for (v++; v < end; v++) {
            const px = screenX(p, xy, v);
            const py = screenY(p, xy, v);
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

/**
 * Draws image or overview points (with compass lines from COMPASS_MIN_ZOOM) and adds them to
 * `counts`. With `raster`, points too small for a path are written there as pixels instead.
 */
export function drawCoveragePoints(
  ctx: Canvas2DLike,
  tile: RenderTile,
  set: PointSet,
  view: TileView,
  state: DrawState,
  counts: DrawCounts,
  raster: PointRaster | undefined,
): void {
  const p = tileProjection(view);
  const r = set.kind === 'overview' ? OVERVIEW_RADIUS : imageRadius(view.zoom);
  const compass = set.kind === 'image' && view.zoom >= COMPASS_MIN_ZOOM;
  const items = visibleItems(set.grid, view, (3 * r) / p.scale, tile.extent, set.count);
  const n = items ? items.length : set.count;
  const buckets = bucketsFor(set, tile, state, items);
  const small = r < 2.5;
  if (small && raster) {
    // Pixels do not need batching by colour: one pass, in feature order.
    for (let k = 0; k < n; k++) {
      const bucket = buckets[k] ?? HIDDEN;
      if (bucket === HIDDEN) continue;
      const i = items ? (items[k] ?? 0) : k;
      counts[set.kind]++;
      fillSquare(
        raster,
        screenX(p, set.xy, i),
        screenY(p, set.xy, i),
        r,
        PACKED_COLORS[bucket] ?? 0,
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
      const x = screenX(p, set.xy, i);
      const y = screenY(p, set.xy, i);
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
      const x = screenX(p, set.xy, i);
      const y = screenY(p, set.xy, i);
      const rad = (angle * Math.PI) / 180;
      ctx.moveTo(x, y);
      ctx.lineTo(x + Math.sin(rad) * r * 3, y - Math.cos(rad) * r * 3);
    }
    ctx.strokeStyle = BUCKET_COLORS[bucket];
    ctx.lineWidth = 2;
    ctx.stroke();
  }
}
