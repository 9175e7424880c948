// Draws render tiles onto a tile's canvas: paths through the 2D context, and small points written
// as pixels into a buffer that is composited on top (see PointRaster), which keeps a dense tile's
// rasterisation to a few milliseconds on a software renderer.
import {
  drawRenderTile,
  zeroCounts,
  type DrawCounts,
  type DrawState,
  type TileView,
} from '../shared/map/drawTile';
import type { RenderTile } from '../shared/map/renderTile';

let scratch: HTMLCanvasElement | undefined;

/**
 * Clears `canvas` and draws `tiles` into it for `view` (CSS pixels; the canvas may be larger by
 * the device pixel ratio). Returns the features drawn per layer.
 */
export function drawTilesOnCanvas(
  canvas: HTMLCanvasElement,
  tiles: readonly RenderTile[],
  view: TileView,
  state: DrawState,
): DrawCounts {
  const counts = zeroCounts();
  const ctx = canvas.getContext('2d');
  if (!ctx) return counts;
  const { width, height } = canvas;
  const dpr = width / view.pixels;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const image = ctx.createImageData(width, height);
  const raster = { data: new Uint32Array(image.data.buffer), width, height, scale: dpr };
  for (const tile of tiles) {
    const drawn = drawRenderTile(ctx, tile, view, state, raster);
    for (const k of Object.keys(counts) as (keyof DrawCounts)[]) counts[k] += drawn[k];
  }
  if (counts.image + counts.overview > 0) {
    scratch ??= document.createElement('canvas');
    if (scratch.width !== width) scratch.width = width;
    if (scratch.height !== height) scratch.height = height;
    scratch.getContext('2d')?.putImageData(image, 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(scratch, 0, 0);
  }
  return counts;
}
