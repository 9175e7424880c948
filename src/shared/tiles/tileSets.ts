// Mapillary's vector tile sets, their layers and zoom ranges, and how tile URLs are formed. The
// URL carries no token: the HTTP layer adds authentication, so a URL built here is safe to log.
import { COVERAGE_ZOOM, checkTile, type TileCoord } from './tileMath';

/** Names of Mapillary's vector tile sets. */
export type TileSetName =
  'mly1_public' | 'mly1_computed_public' | 'mly_map_feature_point' | 'mly_map_feature_traffic_sign';

/** One layer of a tile set and the zooms at which the service includes it. */
export interface TileSetLayer {
  name: string;
  /** Geometry the layer holds. */
  geometry: 'point' | 'line';
  minZoom: number;
  maxZoom: number;
  /** Property keys the service documents for the layer (any of them may be missing). */
  properties: readonly string[];
}

/** A tile set: its layers and the zoom range the service serves. */
export interface TileSet {
  name: TileSetName;
  layers: readonly TileSetLayer[];
  minZoom: number;
  /** The deepest zoom served; deeper map zooms draw this zoom's tiles enlarged. */
  maxZoom: number;
}

const coverageLayers: readonly TileSetLayer[] = [
  {
    name: 'overview',
    geometry: 'point',
    minZoom: 0,
    maxZoom: 5,
    properties: ['captured_at', 'id', 'sequence_id', 'is_pano'],
  },
  {
    name: 'sequence',
    geometry: 'line',
    minZoom: 6,
    maxZoom: COVERAGE_ZOOM,
    properties: ['captured_at', 'id', 'image_id', 'organization_id', 'creator_id', 'is_pano'],
  },
  {
    name: 'image',
    geometry: 'point',
    minZoom: COVERAGE_ZOOM,
    maxZoom: COVERAGE_ZOOM,
    properties: [
      'captured_at',
      'compass_angle',
      'id',
      'sequence_id',
      'organization_id',
      'creator_id',
      'is_pano',
    ],
  },
];

const mapFeatureProperties = ['id', 'value', 'first_seen_at', 'last_seen_at'] as const;

/** Every tile set, keyed by name. */
export const TILE_SETS: Readonly<Record<TileSetName, TileSet>> = {
  mly1_public: { name: 'mly1_public', layers: coverageLayers, minZoom: 0, maxZoom: COVERAGE_ZOOM },
  mly1_computed_public: {
    name: 'mly1_computed_public',
    layers: coverageLayers,
    minZoom: 0,
    maxZoom: COVERAGE_ZOOM,
  },
  mly_map_feature_point: {
    name: 'mly_map_feature_point',
    layers: [
      {
        name: 'point',
        geometry: 'point',
        minZoom: COVERAGE_ZOOM,
        maxZoom: COVERAGE_ZOOM,
        properties: mapFeatureProperties,
      },
    ],
    minZoom: COVERAGE_ZOOM,
    maxZoom: COVERAGE_ZOOM,
  },
  mly_map_feature_traffic_sign: {
    name: 'mly_map_feature_traffic_sign',
    layers: [
      {
        name: 'traffic_sign',
        geometry: 'point',
        minZoom: COVERAGE_ZOOM,
        maxZoom: COVERAGE_ZOOM,
        properties: mapFeatureProperties,
      },
    ],
    minZoom: COVERAGE_ZOOM,
    maxZoom: COVERAGE_ZOOM,
  },
};

/** True when `name` is one of Mapillary's tile set names. */
export function isTileSetName(name: string): name is TileSetName {
  return Object.prototype.hasOwnProperty.call(TILE_SETS, name);
}

/** The layers of `set` that the service includes in tiles of zoom `z`. */
export function layersAtZoom(set: TileSetName, z: number): TileSetLayer[] {
  return TILE_SETS[set].layers.filter((layer) => z >= layer.minZoom && z <= layer.maxZoom);
}

/**
 * The URL of one tile: `${baseUrl}/${set}/2/${z}/${x}/${y}` (the `2` is the MVT version in
 * Mapillary's path). Trailing slashes of `baseUrl` are ignored. No token is added here.
 */
export function tileUrl(
  baseUrl: string,
  set: TileSetName,
  z: number,
  x: number,
  y: number,
): string {
  checkTile({ z, x, y });
  return `${baseUrl.replace(/\/+$/, '')}/${set}/2/${z}/${x}/${y}`;
}

/** Where a map tile's content comes from when the service has no tile that deep. */
export interface OverzoomSource {
  /** The tile to fetch and decode (the requested tile itself when no overzoom is needed). */
  source: TileCoord;
  /** How many requested tiles span the source tile along each axis (1 when not overzoomed). */
  divisions: number;
  /** Column of the requested tile inside the source tile, 0 at the west. */
  column: number;
  /** Row of the requested tile inside the source tile, 0 at the north. */
  row: number;
}

/**
 * Applies "above z14, overzoom the z14 tile": for a tile deeper than `maxZoom` returns the
 * ancestor at `maxZoom` and which sub-square of it the requested tile shows.
 */
export function overzoom(tile: TileCoord, maxZoom = COVERAGE_ZOOM): OverzoomSource {
  checkTile(tile);
  if (tile.z <= maxZoom) return { source: { ...tile }, divisions: 1, column: 0, row: 0 };
  const depth = tile.z - maxZoom;
  const divisions = 2 ** depth;
  return {
    source: { z: maxZoom, x: Math.floor(tile.x / divisions), y: Math.floor(tile.y / divisions) },
    divisions,
    column: tile.x % divisions,
    row: tile.y % divisions,
  };
}

/**
 * The square of the source tile, in its own coordinates (0..extent, y down), that an overzoomed
 * tile shows: draw source coordinates `(sx, sy)` at `((sx - x0) * scale, (sy - y0) * scale)`
 * where `scale = divisions`.
 */
export function overzoomWindow(
  zoomed: OverzoomSource,
  extent = 4096,
): { x0: number; y0: number; size: number } {
  const size = extent / zoomed.divisions;
  return { x0: zoomed.column * size, y0: zoomed.row * size, size };
}
