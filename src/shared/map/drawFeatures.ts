// Draws the map features of a render tile: each with its value's icon from the sprite atlas where
// the drawing side has one, else with the fallback glyph (a diamond for a sign, a circle for a
// point, in its class's colour, batched into one path per colour). The filters that apply to map
// features (seen dates, values) are applied here, so changing them only redraws. Also counts the
// features of a tile by value, for the legend.
import { compileFeatureFilter } from './featureFilter';
import {
  screenX,
  screenY,
  tileProjection,
  type Canvas2DLike,
  type DrawCounts,
  type DrawState,
  type FeatureIcons,
  type TileView,
} from './drawView';
import { classColor, featureClass, featureIconSize, featureRadius } from './mapStyle';
import type { PointSet, RenderTile } from './renderTile';

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

/** The value of feature `i` of a map feature layer ('' when the tile does not say). */
export function valueOf(tile: RenderTile, set: PointSet, i: number): string {
  const v = set.value[i] ?? -1;
  return v >= 0 ? (tile.strings[v] ?? '') : '';
}

// Snaps a CSS coordinate to the device pixel grid, so an icon drawn at its own size is copied
// pixel for pixel instead of resampled.
function snap(value: number, dpr: number): number {
  return Math.round(value * dpr) / dpr;
}

/**
 * Draws a map feature layer and adds its features to `counts`. With `icons`, features whose value
 * has an icon are drawn with it; `dpr` is the canvas's device pixels per CSS pixel.
 */
export function drawFeaturePoints(
  ctx: Canvas2DLike,
  tile: RenderTile,
  set: PointSet,
  view: TileView,
  state: DrawState,
  counts: DrawCounts,
  icons?: FeatureIcons,
  dpr = 1,
): void {
  const p = tileProjection(view);
  const r = featureRadius(view.zoom);
  const size = featureIconSize(view.zoom);
  const visible = insideView(set, view, size / p.scale, tile.extent);
  const filter = compileFeatureFilter(state.settings.filters, tile);
  // Fallback glyphs grouped by colour: one path per class colour present in the tile.
  const byColor = new Map<string, number[]>();
  const colorOfString = new Map<number, string>();
  for (let i = 0; i < set.count; i++) {
    if (!visible(i)) continue;
    if (!filter.all && !filter.test(set, i)) continue;
    counts[set.kind]++;
    const value = valueOf(tile, set, i);
    const rect = icons?.rect(value);
    if (rect && icons) {
      const x = snap(screenX(p, set.xy, i) - size / 2, dpr);
      const y = snap(screenY(p, set.xy, i) - size / 2, dpr);
      icons.draw(rect, x, y, size);
      continue;
    }
    const v = set.value[i] ?? -1;
    let color = colorOfString.get(v);
    if (color === undefined) {
      color = classColor(featureClass(value));
      colorOfString.set(v, color);
    }
    let list = byColor.get(color);
    if (!list) byColor.set(color, (list = []));
    list.push(i);
  }
  for (const [color, list] of byColor) {
    ctx.beginPath();
    for (const i of list) {
      const x = screenX(p, set.xy, i);
      const y = screenY(p, set.xy, i);
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
    }
    ctx.fillStyle = color;
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1;
    ctx.stroke();
  }
}

/** The values of the map features in a render tile, with how many features each has. */
export function featureValuesIn(tile: RenderTile, into: Map<string, number>): void {
  for (const set of tile.points) {
    if (set.kind !== 'point' && set.kind !== 'traffic_sign') continue;
    for (let i = 0; i < set.count; i++) {
      const value = valueOf(tile, set, i);
      into.set(value, (into.get(value) ?? 0) + 1);
    }
  }
}

/** The classes of the map features in a render tile, with how many features each has. */
export function featureClassesIn(tile: RenderTile, into: Map<string, number>): void {
  const values = new Map<string, number>();
  featureValuesIn(tile, values);
  for (const [value, count] of values) {
    const name = featureClass(value);
    into.set(name, (into.get(name) ?? 0) + count);
  }
}
