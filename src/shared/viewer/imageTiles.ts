// The tile pyramid MapillaryJS asks for when it zooms into an image (its `imageTiling`): level `z`
// of an image whose longer side needs `max = ceil(log2(longer side))` levels shows the picture at
// scale 2^(z - max), cut into 1024-pixel tiles. The service's thumbnails stand in for the levels:
// a level up to 2048 pixels wide is cut from the 2048 picture, anything larger from the original,
// so resolution steps up as one zooms: the 1024 picture first, then 2048, then the original.

/** Side of a tile, in pixels of its level (MapillaryJS's TILE_SIZE). */
export const TILE_SIZE = 1024;
/** The lowest level MapillaryJS asks tiles for (its TILE_MIN_REQUEST_LEVEL). */
export const MIN_TILE_LEVEL = 11;
/** The highest level served; an image would need a longer side over 65,536 pixels to reach it. */
export const MAX_TILE_LEVEL = 16;

/** The picture sizes a level is cut from. */
export type TileSourceSize = '1024' | '2048' | 'original';

/** The number of levels an image of this size has (MapillaryJS's `baseImageLevel`). */
export function baseLevel(width: number, height: number): number {
  return Math.ceil(Math.log2(Math.max(width, height, 1)));
}

/** The scale of level `z` relative to the original picture. */
export function levelScale(width: number, height: number, z: number): number {
  return 2 ** (z - baseLevel(width, height));
}

/** The columns and rows of tiles at level `z`. */
export function levelGrid(width: number, height: number, z: number) {
  const scale = levelScale(width, height, z);
  return {
    columns: Math.ceil((scale * width) / TILE_SIZE),
    rows: Math.ceil((scale * height) / TILE_SIZE),
  };
}

/** Every tile of level `z`, row by row. */
export function levelTiles(width: number, height: number, z: number): { x: number; y: number }[] {
  const { columns, rows } = levelGrid(width, height, z);
  const tiles: { x: number; y: number }[] = [];
  for (let y = 0; y < rows; y++) for (let x = 0; x < columns; x++) tiles.push({ x, y });
  return tiles;
}

/** The picture a level is cut from. */
export function tileSource(width: number, height: number, z: number): TileSourceSize {
  const longer = levelScale(width, height, z) * Math.max(width, height);
  return longer <= 1024 ? '1024' : longer <= 2048 ? '2048' : 'original';
}

/**
 * Where tile (x, y) of level `z` lies, as fractions of the picture (0..1 across, y down), and its
 * size in pixels of its level. Undefined for a tile outside the level's grid.
 */
export function tileRegion(
  width: number,
  height: number,
  z: number,
  x: number,
  y: number,
):
  | { left: number; top: number; right: number; bottom: number; pixelsX: number; pixelsY: number }
  | undefined {
  const { columns, rows } = levelGrid(width, height, z);
  if (!(x >= 0 && y >= 0 && x < columns && y < rows)) return undefined;
  const scale = levelScale(width, height, z);
  // A tile covers TILE_SIZE / scale pixels of the original, cut at the picture's edge.
  const span = TILE_SIZE / scale;
  const x0 = x * span;
  const y0 = y * span;
  const x1 = Math.min(width, x0 + span);
  const y1 = Math.min(height, y0 + span);
  return {
    left: x0 / width,
    top: y0 / height,
    right: x1 / width,
    bottom: y1 / height,
    pixelsX: Math.max(1, Math.round((x1 - x0) * scale)),
    pixelsY: Math.max(1, Math.round((y1 - y0) * scale)),
  };
}
