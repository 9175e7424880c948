// Web Mercator (EPSG:3857) tile arithmetic in the XYZ scheme: x grows east, y grows south, tile
// (0, 0) is the north-west corner. Pure and synchronous so the host, the webview and the command
// line agree on which tiles an area needs.

/** Latitude limit of Web Mercator: the square world map ends here. */
export const MAX_MERCATOR_LAT = 85.0511287798066;

/** The zoom of Mapillary's densest coverage tiles (`image` layer); deeper zooms overzoom them. */
export const COVERAGE_ZOOM = 14;

/** Default upper bound on the number of tiles one bbox may cover before it is refused. */
export const DEFAULT_MAX_COVERING_TILES = 4096;

/** `[minLon, minLat, maxLon, maxLat]` in degrees (WGS 84). */
export type Bbox = readonly [number, number, number, number];

/** A tile address. */
export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

// Fractional tile positions within this distance of an integer are treated as the integer, so a
// coordinate computed from a tile edge (which is inexact in floating point) lands on that edge.
const EDGE_EPSILON = 1e-9;

function snap(value: number): number {
  const rounded = Math.round(value);
  return Math.abs(value - rounded) < EDGE_EPSILON ? rounded : value;
}

function checkZoom(z: number): void {
  if (!Number.isInteger(z) || z < 0 || z > 30) {
    throw new RangeError(`zoom must be an integer from 0 to 30, got ${z}`);
  }
}

function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value))
    throw new RangeError(`${name} must be a finite number, got ${value}`);
}

/** Clamps a latitude to the range Web Mercator can show. */
export function clampLat(lat: number): number {
  return Math.min(MAX_MERCATOR_LAT, Math.max(-MAX_MERCATOR_LAT, lat));
}

/** Fractional tile x of a longitude at zoom `z` (0 at -180°, 2^z at +180°). */
export function lonToTileX(lon: number, z: number): number {
  checkFinite('longitude', lon);
  const clamped = Math.min(180, Math.max(-180, lon));
  return snap(((clamped + 180) / 360) * 2 ** z);
}

/** Fractional tile y of a latitude at zoom `z` (0 at the northern limit, 2^z at the southern). */
export function latToTileY(lat: number, z: number): number {
  checkFinite('latitude', lat);
  const rad = (clampLat(lat) * Math.PI) / 180;
  const y = (1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2;
  return snap(Math.min(1, Math.max(0, y)) * 2 ** z);
}

/** Longitude of the western edge of fractional tile column `x` at zoom `z`. */
export function tileXToLon(x: number, z: number): number {
  return (x / 2 ** z) * 360 - 180;
}

/** Latitude of the northern edge of fractional tile row `y` at zoom `z`. */
export function tileYToLat(y: number, z: number): number {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return (180 / Math.PI) * Math.atan(Math.sinh(n));
}

/** The tile at zoom `z` that contains a point. Latitudes beyond ±85.0511° are clamped. */
export function lonLatToTile(lon: number, lat: number, z: number): TileCoord {
  checkZoom(z);
  const max = 2 ** z - 1;
  // The east edge (180°) and the southern limit belong to the last tile, not to a tile past it.
  const x = Math.min(max, Math.floor(lonToTileX(lon, z)));
  const y = Math.min(max, Math.floor(latToTileY(lat, z)));
  return { z, x, y };
}

/** A tile's bounds as `[minLon, minLat, maxLon, maxLat]`. */
export function tileToBbox(tile: TileCoord): [number, number, number, number] {
  checkTile(tile);
  const { z, x, y } = tile;
  return [tileXToLon(x, z), tileYToLat(y + 1, z), tileXToLon(x + 1, z), tileYToLat(y, z)];
}

/**
 * The box of the 2 × 2 tiles at zoom `z` whose middle is nearest a point, narrowed by a hair so
 * that it covers those four tiles only: a place at least half a tile from each edge.
 */
export function blockAround(lon: number, lat: number, z: number): [number, number, number, number] {
  checkZoom(z);
  const last = 2 ** z - 2;
  const x = Math.max(0, Math.min(last, Math.round(lonToTileX(lon, z)) - 1));
  const y = Math.max(0, Math.min(last, Math.round(latToTileY(lat, z)) - 1));
  const hair = 1e-9;
  return [
    tileXToLon(x, z) + hair,
    tileYToLat(y + 2, z) + hair,
    tileXToLon(x + 2, z) - hair,
    tileYToLat(y, z) - hair,
  ];
}

/** Throws a RangeError unless `tile` is a valid address (integer z 0–30, x and y within 0..2^z-1). */
export function checkTile(tile: TileCoord): void {
  checkZoom(tile.z);
  const size = 2 ** tile.z;
  for (const [name, value] of [
    ['x', tile.x],
    ['y', tile.y],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value >= size) {
      throw new RangeError(`tile ${name} must be an integer from 0 to ${size - 1}, got ${value}`);
    }
  }
}

/**
 * Converts a position inside a tile, in the tile's own coordinates (0..extent, y down, as vector
 * tiles store them), to `[lon, lat]`. Positions outside 0..extent (tile buffers) are allowed.
 */
export function tileLocalToLonLat(
  tile: TileCoord,
  localX: number,
  localY: number,
  extent = 4096,
): [number, number] {
  const { z, x, y } = tile;
  return [tileXToLon(x + localX / extent, z), tileYToLat(y + localY / extent, z)];
}

/** Inclusive ranges of tile columns and rows that cover a bbox. */
interface CoverRanges {
  z: number;
  xRanges: [number, number][];
  minY: number;
  maxY: number;
}

function coverRanges(bbox: Bbox, z: number): CoverRanges {
  checkZoom(z);
  const [minLon, minLat, maxLon, maxLat] = bbox;
  for (const [name, value] of [
    ['minLon', minLon],
    ['minLat', minLat],
    ['maxLon', maxLon],
    ['maxLat', maxLat],
  ] as const) {
    checkFinite(name, value);
  }
  if (minLat > maxLat) throw new RangeError(`minLat ${minLat} is north of maxLat ${maxLat}`);
  const last = 2 ** z - 1;
  // A bbox edge that lies exactly on a tile edge does not pull in the neighbour beyond it: the
  // maximum side uses ceil - 1 and is then kept at or after the minimum side (degenerate bboxes).
  const first = (f: number): number => Math.min(last, Math.floor(f));
  const lastCovered = (f: number, lower: number): number =>
    Math.max(lower, Math.min(last, Math.ceil(f) - 1));
  const minY = first(latToTileY(maxLat, z));
  const maxY = lastCovered(latToTileY(minLat, z), minY);
  const minX = first(lonToTileX(minLon, z));
  let xRanges: [number, number][];
  if (minLon <= maxLon) {
    xRanges = [[minX, lastCovered(lonToTileX(maxLon, z), minX)]];
  } else {
    // minLon east of maxLon: the bbox crosses the antimeridian, so it covers two column ranges.
    const maxX = Math.max(0, Math.min(last, Math.ceil(lonToTileX(maxLon, z)) - 1));
    xRanges = [
      [minX, last],
      [0, maxX],
    ];
    if (maxX >= minX) xRanges = [[0, last]];
  }
  return { z, xRanges, minY, maxY };
}

/** How many tiles at zoom `z` (default 14) cover a bbox, without listing them. */
export function countTilesCoveringBbox(bbox: Bbox, z = COVERAGE_ZOOM): number {
  const { xRanges, minY, maxY } = coverRanges(bbox, z);
  const columns = xRanges.reduce((sum, [a, b]) => sum + b - a + 1, 0);
  return columns * (maxY - minY + 1);
}

/**
 * Lists the tiles at zoom `z` (default 14) that cover a bbox, row by row from the north-west.
 * A bbox with minLon > maxLon is taken to cross the antimeridian. Throws a RangeError when more
 * than `maxTiles` tiles would be needed, so a mistaken world-sized bbox cannot allocate millions
 * of entries or trigger millions of requests; check {@link countTilesCoveringBbox} first.
 */
export function tilesCoveringBbox(
  bbox: Bbox,
  z = COVERAGE_ZOOM,
  maxTiles = DEFAULT_MAX_COVERING_TILES,
): TileCoord[] {
  const count = countTilesCoveringBbox(bbox, z);
  if (count > maxTiles) {
    throw new RangeError(`the bbox needs ${count} tiles at zoom ${z}; the limit is ${maxTiles}`);
  }
  const { xRanges, minY, maxY } = coverRanges(bbox, z);
  const tiles: TileCoord[] = [];
  for (let y = minY; y <= maxY; y++) {
    for (const [fromX, toX] of xRanges) {
      for (let x = fromX; x <= toX; x++) tiles.push({ z, x, y });
    }
  }
  return tiles;
}
