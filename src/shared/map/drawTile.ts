// Draws one map tile from a render tile onto a 2D canvas context: sequence lines, image and
// overview points, and map features coloured by class (see drawCoverage and drawFeatures).
import { drawCoveragePoints, drawLines } from './drawCoverage';
import { drawFeaturePoints } from './drawFeatures';
import {
  zeroCounts,
  type Canvas2DLike,
  type DrawCounts,
  type DrawState,
  type FeatureIcons,
  type TileView,
} from './drawView';
import type { PointRaster } from './pointRaster';
import type { RenderTile } from './renderTile';

/**
 * Draws a render tile's layers into a canvas of `view.pixels` CSS pixels (the caller scales the
 * context for the device pixel ratio). With `raster`, small points are written there instead, for
 * the caller to composite on top. With `icons`, map features are drawn with their icons. Returns
 * how many features of each layer were drawn.
 */
export function drawRenderTile(
  ctx: Canvas2DLike,
  tile: RenderTile,
  view: TileView,
  state: DrawState,
  raster?: PointRaster,
  icons?: FeatureIcons,
): DrawCounts {
  const counts = zeroCounts();
  drawLines(ctx, tile, view, state, counts, raster);
  for (const set of tile.points) {
    if (set.kind === 'overview' || set.kind === 'image') {
      drawCoveragePoints(ctx, tile, set, view, state, counts, raster);
    } else drawFeaturePoints(ctx, tile, set, view, state, counts, icons, raster?.scale ?? 1);
  }
  return counts;
}
