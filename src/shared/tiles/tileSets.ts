// Mapillary's vector tile sets, their layers and zoom ranges, and how tile URLs are formed. The
// service's tiles live at `https://tiles.mapillary.com/maps/vtp/<set>/2/{z}/{x}/{y}` (the official
// tiles documentation, "At a glance"); the base URL setting is everything before `<set>`. The URL
// built here carries no token: the tile fetcher adds the client token, so it is safe to log.
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

/** The default base URL of the tiles: the host and the `/maps/vtp` path the service serves them under. */
export const DEFAULT_TILES_URL = 'https://tiles.mapillary.com/maps/vtp';

/** The path under which the service serves every tile set. */
export const TILES_PATH = '/maps/vtp';

/** The outcome of {@link normalizeTilesUrl}. */
export interface TilesUrlReading {
  /** The base URL to build tile URLs on, without a trailing slash. */
  url: string;
  /**
   * Set when the value was in the old form (no `/maps/vtp`, as in `https://tiles.mapillary.com`) and
   * was corrected: a sentence for a warning that says what was used and what to write instead.
   */
  warning?: string;
}

/**
 * Reads a tiles base URL setting. The service answers nothing outside `/maps/vtp`, so a value in the
 * old form (a bare host, or any path that does not end in `/maps/vtp`) gets the path appended, with a
 * warning naming the corrected value. A query or fragment is dropped (a token never belongs in a
 * setting), and a value that is not an http(s) URL falls back to the default. Empty means the default.
 */
export function normalizeTilesUrl(value: string | undefined): TilesUrlReading {
  const raw = (value ?? '').trim();
  if (raw === '') return { url: DEFAULT_TILES_URL };
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return {
      url: DEFAULT_TILES_URL,
      warning: `The tiles URL setting is not a URL; ${DEFAULT_TILES_URL} is used.`,
    };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return {
      url: DEFAULT_TILES_URL,
      warning: `The tiles URL setting is not an http or https URL; ${DEFAULT_TILES_URL} is used.`,
    };
  }
  const notes: string[] = [];
  if (parsed.search || parsed.hash) notes.push('its query was dropped');
  if (parsed.username || parsed.password) notes.push('its user name and password were dropped');
  const base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  let url = base;
  if (!base.endsWith(TILES_PATH)) {
    url = `${base}${TILES_PATH}`;
    notes.unshift(`it has no ${TILES_PATH}, under which Mapillary serves every tile set`);
  }
  if (notes.length === 0) return { url };
  return {
    url,
    warning: `The tiles URL ${base} was corrected (${notes.join('; ')}): ${url} is used. Set it to ${url} to stop this warning.`,
  };
}

/**
 * The URL of one tile: `${baseUrl}/${set}/2/${z}/${x}/${y}`, where `baseUrl` ends in `/maps/vtp`
 * (see {@link normalizeTilesUrl}) and the `2` is the MVT version in Mapillary's path. Trailing
 * slashes of `baseUrl` are ignored. No token is added here.
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

/** The URL shape of a tile set, with `{z}/{x}/{y}` placeholders, as the documentation writes it. */
export function tileUrlTemplate(baseUrl: string, set: TileSetName): string {
  return `${baseUrl.replace(/\/+$/, '')}/${set}/2/{z}/{x}/{y}`;
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
