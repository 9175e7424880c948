// Reads the features of a file drawn over the map out of parsed GeoJSON (RFC 7946): a
// FeatureCollection, a Feature or a bare geometry, of any geometry type. The file is anyone's, so
// the walk counts features and positions against the limits as it goes, checks every position is a
// finite WGS 84 longitude/latitude (a projected file is refused, with how to reproject it), and
// names the feature at fault in every refusal. Positions are checked where they are, not copied.
import type { Feature, Geometry, GeometryCollection } from 'geojson';
import { MAX_OVERLAY_FEATURES, MAX_OVERLAY_POSITIONS } from './overlayLimits';

/** A geometry the map draws (a GeometryCollection is split into one feature per member). */
export type OverlayGeometry = Exclude<Geometry, GeometryCollection>;

/** A feature as the map's index takes it. */
export type OverlayFeature = Feature<OverlayGeometry, Record<string, unknown> | null>;

/** Bounds of one decode. */
export interface OverlayLimits {
  maxFeatures: number;
  maxPositions: number;
}

/** The defaults of {@link OverlayLimits}. */
export const DEFAULT_OVERLAY_LIMITS: Readonly<OverlayLimits> = {
  maxFeatures: MAX_OVERLAY_FEATURES,
  maxPositions: MAX_OVERLAY_POSITIONS,
};

/** A file's features and what they are. */
export interface OverlayFeatures {
  features: OverlayFeature[];
  /** Features by kind: points (and multipoints), lines, polygons. */
  points: number;
  lines: number;
  polygons: number;
  /** Positions over all geometries. */
  positions: number;
  /** The extent `[west, south, east, north]`, or undefined with no positions. */
  bbox: [number, number, number, number] | undefined;
  /** Features left out because they have no geometry (allowed by RFC 7946). */
  withoutGeometry: number;
}

/** Why a file cannot be drawn; the message says what to change. */
export class OverlayError extends Error {
  override readonly name = 'OverlayError';
}

const WGS84_NAMES = new Set([
  'urn:ogc:def:crs:OGC:1.3:CRS84',
  'urn:ogc:def:crs:OGC::CRS84',
  'urn:ogc:def:crs:EPSG::4326',
  'EPSG:4326',
]);

/** How to get a file the map can draw, for the errors about coordinates. */
export const REPROJECT_HINT =
  'Save it in WGS 84 longitude/latitude (EPSG:4326), for example with ' +
  '"ogr2ogr -t_srs EPSG:4326 out.geojson in.gpkg" or "Export > Save Features As…" in QGIS.';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fmt(n: number): string {
  return String(Number(n.toFixed(6)));
}

class FeatureWalk implements OverlayFeatures {
  features: OverlayFeature[] = [];
  points = 0;
  lines = 0;
  polygons = 0;
  positions = 0;
  withoutGeometry = 0;
  private w = Infinity;
  private s = Infinity;
  private e = -Infinity;
  private n = -Infinity;

  constructor(private readonly limits: OverlayLimits) {}

  get bbox(): [number, number, number, number] | undefined {
    return this.positions > 0 ? [this.w, this.s, this.e, this.n] : undefined;
  }

  top(value: unknown): void {
    if (!isObject(value)) throw new OverlayError('The file is not a GeoJSON object.');
    this.crs(value, 'The file');
    if (value.type === 'FeatureCollection') {
      if (!Array.isArray(value.features)) {
        throw new OverlayError('The FeatureCollection has no "features" array.');
      }
      const features = value.features as unknown[];
      if (features.length > this.limits.maxFeatures) this.tooMany();
      features.forEach((f, i) => this.feature(f, `feature ${i + 1}`));
    } else if (value.type === 'Feature') {
      this.feature(value, 'the feature');
    } else {
      this.geometry(value, null, 'the geometry', true);
    }
  }

  private tooMany(): never {
    throw new OverlayError(
      `The file has more than ${this.limits.maxFeatures.toLocaleString('en')} features: ` +
        'draw a part of it (filter or clip it first), or split it into several files.',
    );
  }

  private crs(value: Json, where: string): void {
    const crs = value.crs;
    if (crs === undefined || crs === null) return;
    const name = isObject(crs) && isObject(crs.properties) ? crs.properties.name : undefined;
    if (typeof name === 'string' && WGS84_NAMES.has(name)) return;
    const named = typeof name === 'string' ? `"${name.slice(0, 60)}"` : 'of its "crs" member';
    throw new OverlayError(`${where} declares the coordinate system ${named}. ${REPROJECT_HINT}`);
  }

  private feature(value: unknown, where: string): void {
    if (!isObject(value) || value.type !== 'Feature') {
      throw new OverlayError(`${where} is not a GeoJSON Feature.`);
    }
    const properties = isObject(value.properties) ? value.properties : null;
    if (value.geometry === null || value.geometry === undefined) {
      this.withoutGeometry++;
      return;
    }
    this.geometry(value.geometry, properties, where, true);
  }

  private geometry(
    value: unknown,
    properties: Json | null,
    where: string,
    collectionAllowed: boolean,
  ): void {
    if (!isObject(value)) throw new OverlayError(`${where} has a geometry that is not an object.`);
    const type = value.type;
    if (type === 'GeometryCollection' && collectionAllowed) {
      if (!Array.isArray(value.geometries)) {
        throw new OverlayError(`${where} is a GeometryCollection without "geometries".`);
      }
      (value.geometries as unknown[]).forEach((g, i) =>
        this.geometry(g, properties, `${where}, geometry ${i + 1}`, false),
      );
      return;
    }
    const depth = DEPTHS[type as string];
    if (depth === undefined) {
      throw new OverlayError(
        typeof type === 'string'
          ? `${where} has a geometry of type "${type.slice(0, 40)}", which GeoJSON does not define.`
          : `${where} has a geometry without a "type".`,
      );
    }
    this.coordinates(value.coordinates, depth, where);
    if (this.features.length >= this.limits.maxFeatures) this.tooMany();
    if (type === 'Point' || type === 'MultiPoint') this.points++;
    else if (type === 'LineString' || type === 'MultiLineString') this.lines++;
    else this.polygons++;
    this.features.push({
      type: 'Feature',
      geometry: value as unknown as OverlayGeometry,
      properties,
    });
  }

  // Arrays nested `depth` deep end in positions: 0 for a Point, 1 for a LineString, and so on.
  private coordinates(value: unknown, depth: number, where: string): void {
    if (depth === 0) {
      this.position(value, where);
      return;
    }
    if (!Array.isArray(value)) {
      throw new OverlayError(`${where} has coordinates that are not nested as its type says.`);
    }
    for (const item of value as unknown[]) this.coordinates(item, depth - 1, where);
  }

  private position(value: unknown, where: string): void {
    if (!Array.isArray(value) || value.length < 2) {
      throw new OverlayError(`${where} has a position that is not a [longitude, latitude] pair.`);
    }
    const lon = value[0] as unknown;
    const lat = value[1] as unknown;
    if (typeof lon !== 'number' || typeof lat !== 'number') {
      throw new OverlayError(`${where} has a position that is not a pair of numbers.`);
    }
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      throw new OverlayError(
        `${where} has the position (${fmt(lon)}, ${fmt(lat)}), outside longitude -180..180 and ` +
          `latitude -90..90: the file looks projected (metres, not degrees). ${REPROJECT_HINT}`,
      );
    }
    if (++this.positions > this.limits.maxPositions) {
      throw new OverlayError(
        `The file has more than ${this.limits.maxPositions.toLocaleString('en')} positions: ` +
          'simplify it first (for example "Simplify" in QGIS), or draw a part of it.',
      );
    }
    if (lon < this.w) this.w = lon;
    if (lon > this.e) this.e = lon;
    if (lat < this.s) this.s = lat;
    if (lat > this.n) this.n = lat;
  }
}

const DEPTHS: Record<string, number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
};

/** Reads the features out of a parsed GeoJSON value; throws an {@link OverlayError}. */
export function overlayFeaturesOf(
  value: unknown,
  limits: Partial<OverlayLimits> = {},
): OverlayFeatures {
  const walk = new FeatureWalk({ ...DEFAULT_OVERLAY_LIMITS, ...limits });
  walk.top(value);
  if (walk.features.length === 0) {
    throw new OverlayError(
      walk.withoutGeometry > 0
        ? `None of the file's ${walk.withoutGeometry} features has a geometry: there is nothing to draw.`
        : 'The file holds no features: there is nothing to draw.',
    );
  }
  return walk;
}
