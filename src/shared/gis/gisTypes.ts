// The shape every GIS writer takes: a layer is a name, a geometry type, typed columns and an async
// stream of features, so a writer never needs the whole export in memory. Positions are WGS 84
// longitude/latitude (EPSG:4326), as the Mapillary API returns them.
import { lonLatOf } from '../geo/pointQueries';

/** `[longitude, latitude]` in degrees. */
export type Position = readonly [number, number];

/** The geometries our exports hold: positions of images and map features, and sequences' lines. */
export type GisGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: readonly Position[] };

/** The geometry type of a layer; `null` for a table without geometry (detections). */
export type GisGeometryType = GisGeometry['type'] | null;

/**
 * How a column is stored. `json` holds nested values (arrays, objects) as JSON text; `integer`
 * values are whole numbers within JavaScript's safe range (ids are `text`, never numbers).
 */
export type GisColumnType = 'text' | 'integer' | 'real' | 'boolean' | 'json';

/** One attribute column. */
export interface GisColumn {
  name: string;
  type: GisColumnType;
}

/** One feature (or, in a layer without geometry, one row). */
export interface GisFeature {
  /** The feature's geometry; null when it has none (it is then kept without a position). */
  geometry: GisGeometry | null;
  /**
   * A second position of the same feature: the image's computed position. GeoPackage writes it
   * to a layer of its own, GeoParquet to a second geometry column, FlatGeobuf to two columns.
   */
  secondGeometry?: GisGeometry | null;
  /** Attribute values by column name; a value missing or of the wrong type is written as null. */
  values: Readonly<Record<string, unknown>>;
}

/** A layer to write. */
export interface GisLayer {
  /** The layer's (table's) name: lowercase letters, digits and `_`, starting with a letter. */
  name: string;
  geometryType: GisGeometryType;
  columns: readonly GisColumn[];
  /**
   * Set when features carry {@link GisFeature.secondGeometry}: the name of that geometry, e.g.
   * `computed_geometry`.
   */
  secondGeometry?: string;
  /** Optional human-readable description, written where the format has a place for it. */
  description?: string;
  features: AsyncIterable<GisFeature>;
}

/** What a writer wrote, per layer. */
export interface GisLayerSummary {
  name: string;
  /** Features written. */
  features: number;
  /** Features left out because the format cannot hold them (FlatGeobuf: no geometry). */
  leftOut: number;
  /** `[minX, minY, maxX, maxY]` of the written geometries, or undefined when there are none. */
  extent: [number, number, number, number] | undefined;
}

const LAYER_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Checks a layer's name and columns before anything is written: names the formats and SQL accept,
 * no column twice (compared without case, as SQLite and GDAL compare them), none that clashes with
 * the columns the writers add themselves.
 */
export function checkLayer(layer: Pick<GisLayer, 'name' | 'columns'>, reserved: readonly string[]) {
  if (!LAYER_NAME.test(layer.name)) {
    throw new Error(
      `The layer name "${layer.name}" is not usable: use lowercase letters, digits and _, starting with a letter.`,
    );
  }
  const seen = new Set(reserved.map((name) => name.toLowerCase()));
  for (const column of layer.columns) {
    const key = column.name.toLowerCase();
    if (column.name.length === 0 || column.name.length > 200 || column.name.includes('\0')) {
      throw new Error(`The column name "${column.name}" is not usable: use 1 to 200 characters.`);
    }
    if (seen.has(key)) {
      throw new Error(
        `The column "${column.name}" of layer ${layer.name} clashes with another column: rename it.`,
      );
    }
    seen.add(key);
  }
}

/**
 * The value to store for `value` in a column of `type`, or null when it is missing or of the wrong
 * type. Input is hostile: a string where a number belongs is not converted, and non-finite numbers
 * are dropped, so every format stores exactly the same cells.
 */
export function cellValue(type: GisColumnType, value: unknown): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'text':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      if (typeof value === 'boolean') return String(value);
      return null;
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
    case 'real':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'json':
      return JSON.stringify(value) ?? null;
  }
}

/** True when `p` is a usable longitude/latitude pair. */
export function isPosition(p: unknown): p is Position {
  return lonLatOf(p) !== undefined;
}

/** `[minX, minY, maxX, maxY]` of a geometry. */
export function geometryEnvelope(geometry: GisGeometry): [number, number, number, number] {
  if (geometry.type === 'Point') {
    const [x, y] = geometry.coordinates;
    return [x, y, x, y];
  }
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of geometry.coordinates) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/** Grows an extent to include an envelope; returns the grown extent. */
export function growExtent(
  extent: [number, number, number, number] | undefined,
  envelope: readonly [number, number, number, number],
): [number, number, number, number] {
  if (!extent) return [envelope[0], envelope[1], envelope[2], envelope[3]];
  if (envelope[0] < extent[0]) extent[0] = envelope[0];
  if (envelope[1] < extent[1]) extent[1] = envelope[1];
  if (envelope[2] > extent[2]) extent[2] = envelope[2];
  if (envelope[3] > extent[3]) extent[3] = envelope[3];
  return extent;
}
