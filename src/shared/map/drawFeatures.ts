// Draws the map features of a render tile (traffic signs as diamonds, points as circles) coloured
// by class, one path per class colour present in the tile, and counts them by class for the legend.
import {
  screenX,
  screenY,
  tileProjection,
  type Canvas2DLike,
  type DrawCounts,
  type TileView,
} from './drawView';
import { classColor, featureClass, featureRadius } from './mapStyle';
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

function classOf(tile: RenderTile, set: PointSet, i: number): string {
  const v = set.value[i] ?? -1;
  return featureClass(v >= 0 ? (tile.strings[v] ?? '') : '');
}

/** Draws a map feature layer and adds its features to `counts`. */
export function drawFeaturePoints(
  ctx: Canvas2DLike,
  tile: RenderTile,
  set: PointSet,
  view: TileView,
  counts: DrawCounts,
): void {
  const p = tileProjection(view);
  const r = featureRadius(view.zoom);
  const visible = insideView(set, view, (2 * r) / p.scale, tile.extent);
  // Group by colour: one path per class colour present in the tile.
  const byColor = new Map<string, number[]>();
  const colorOfString = new Map<number, string>();
  for (let i = 0; i < set.count; i++) {
    if (!visible(i)) continue;
    const v = set.value[i] ?? -1;
    let color = colorOfString.get(v);
    if (color === undefined) {
      color = classColor(classOf(tile, set, i));
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
      counts[set.kind]++;
    }
    ctx.fillStyle = color;
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1;
    ctx.stroke();
  }
}

/** The classes of the map features in a render tile, with how many features each has. */
export function featureClassesIn(tile: RenderTile, into: Map<string, number>): void {
  for (const set of tile.points) {
    if (set.kind !== 'point' && set.kind !== 'traffic_sign') continue;
    for (let i = 0; i < set.count; i++) {
      const name = classOf(tile, set, i);
      into.set(name, (into.get(name) ?? 0) + 1);
    }
  }
}
