// Draws render tiles into a bitmap, where they were decoded (in a drawing worker): paths through an
// OffscreenCanvas's 2D context, small points written as pixels into a buffer composited on top (see
// PointRaster), which keeps a dense tile's rasterisation to a few milliseconds on a software
// renderer, and map features with their icons from the sprite atlas. The page only composites the
// finished bitmap.
import { drawRenderTile } from '../shared/map/drawTile';
import {
  zeroCounts,
  type DrawCounts,
  type DrawState,
  type FeatureIcons,
  type TileView,
} from '../shared/map/drawView';
import type { RenderTile } from '../shared/map/renderTile';
import { iconRect, type SpriteIndex } from '../shared/map/spriteIndex';

/** The sprite atlas, decoded, with its index. */
export interface Sprites {
  atlas: ImageBitmap;
  index: SpriteIndex;
}

/** A bitmap drawn from tiles, with the features drawn per layer (null when nothing was drawn). */
export interface PaintedTile {
  bitmap: ImageBitmap | null;
  counts: DrawCounts;
}

function iconsOn(ctx: OffscreenCanvasRenderingContext2D, sprites: Sprites): FeatureIcons {
  const { atlas, index } = sprites;
  return {
    rect: (value) => iconRect(index, value),
    draw: (rect, x, y, size) => {
      // Icons sit centred in their cells; the same offsets, scaled, keep them centred here, and
      // whole device pixels at the cell's own size.
      const scale = size / index.cell;
      const dx = x + Math.floor((index.cell - rect[2]) / 2) * scale;
      const dy = y + Math.floor((index.cell - rect[3]) / 2) * scale;
      ctx.drawImage(
        atlas,
        rect[0],
        rect[1],
        rect[2],
        rect[3],
        dx,
        dy,
        rect[2] * scale,
        rect[3] * scale,
      );
    },
  };
}

/** Paints tiles; holds the canvases it draws on, reused from one tile to the next. */
export class TilePainter {
  private canvas: OffscreenCanvas | undefined;
  private points: OffscreenCanvas | undefined;

  /**
   * Draws `tiles` for `view` (CSS pixels) into a `width` × `height` bitmap (device pixels), with
   * map features drawn with their icons when `sprites` are given.
   */
  paint(
    tiles: readonly RenderTile[],
    view: TileView,
    state: DrawState,
    width: number,
    height: number,
    sprites?: Sprites,
  ): PaintedTile {
    const counts = zeroCounts();
    const canvas = this.sized('canvas', width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D context on an OffscreenCanvas');
    const dpr = width / view.pixels;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const data = new Uint32Array(width * height);
    const raster = { data, width, height, scale: dpr };
    const icons = sprites ? iconsOn(ctx, sprites) : undefined;
    for (const tile of tiles) {
      const drawn = drawRenderTile(ctx, tile, view, state, raster, icons);
      for (const k of Object.keys(counts) as (keyof DrawCounts)[]) counts[k] += drawn[k];
    }
    if (counts.image + counts.overview + counts.sequence > 0) {
      // putImageData replaces pixels; drawing the buffer from a canvas composites it instead.
      const points = this.sized('points', width, height);
      const image = new ImageData(new Uint8ClampedArray(data.buffer), width, height);
      points.getContext('2d')?.putImageData(image, 0, 0);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(points, 0, 0);
    }
    const total =
      counts.overview + counts.sequence + counts.image + counts.point + counts.traffic_sign;
    return { bitmap: total > 0 ? canvas.transferToImageBitmap() : null, counts };
  }

  private sized(which: 'canvas' | 'points', width: number, height: number): OffscreenCanvas {
    let canvas = this[which];
    if (!canvas) canvas = this[which] = new OffscreenCanvas(width, height);
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    return canvas;
  }
}
