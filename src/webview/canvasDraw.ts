// Draws render tiles onto a tile's canvas: paths through the 2D context, and small points written
// as pixels into a buffer that is composited on top (see PointRaster), which keeps a dense tile's
// rasterisation to a few milliseconds on a software renderer.
import { drawRenderTile } from '../shared/map/drawTile';
import { zeroCounts, type DrawCounts, type DrawState, type TileView } from '../shared/map/drawView';
import { FAILED_TILE_COLOR } from '../shared/map/mapStyle';
import type { RenderTile } from '../shared/map/renderTile';

/** Paints tiles on canvases; holds the off-screen canvas that the point pixels pass through. */
export class TilePainter {
  private offscreen: HTMLCanvasElement | undefined;

  /**
   * Clears `canvas` and draws `tiles` into it for `view` (CSS pixels; the canvas may be larger by
   * the device pixel ratio). Returns the features drawn per layer.
   */
  paint(
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
      // putImageData replaces pixels; drawing the buffer from a canvas composites it instead.
      const offscreen = (this.offscreen ??= document.createElement('canvas'));
      if (offscreen.width !== width) offscreen.width = width;
      if (offscreen.height !== height) offscreen.height = height;
      offscreen.getContext('2d')?.putImageData(image, 0, 0);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(offscreen, 0, 0);
    }
    return counts;
  }

  /** Marks a tile that failed: a dashed red frame, a cross and the reason in its title. */
  paintFailed(canvas: HTMLCanvasElement, size: number, message: string): void {
    // Leaflet keeps a tile that reported an error invisible; the mark must show.
    canvas.classList.add('mly-tile-failed', 'leaflet-tile-loaded');
    canvas.dataset.error = message.slice(0, 200);
    canvas.title = `This tile could not be shown: ${message}`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const dpr = canvas.width / size;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size, size);
    ctx.strokeStyle = FAILED_TILE_COLOR;
    ctx.fillStyle = FAILED_TILE_COLOR;
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 4]);
    ctx.strokeRect(4, 4, size - 8, size - 8);
    ctx.setLineDash([]);
    const c = size / 2;
    ctx.beginPath();
    ctx.moveTo(c - 10, c - 10);
    ctx.lineTo(c + 10, c + 10);
    ctx.moveTo(c + 10, c - 10);
    ctx.lineTo(c - 10, c + 10);
    ctx.stroke();
    ctx.font = '12px sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText('tile failed', c, c + 28);
  }
}
