// Reads an area from GeoJSON (RFC 7946): a Polygon or MultiPolygon, bare or in a Feature, a
// FeatureCollection or a GeometryCollection. The file comes from the user or from anywhere, so the
// text, the vertex count and the work of the checks are bounded, and every refusal names the place
// in the file and says how to fix it: rings must be closed, have at least three distinct corners and
// an area; positions must be finite WGS 84 longitude/latitude; a polygon must not cross itself; a
// hole must lie in its outer ring; and no edge may cross the antimeridian (RFC 7946 §3.1.9 asks for
// such shapes to be cut in two at ±180°).
import pointInPolygon from 'point-in-polygon-hao';
import {
  type Area,
  type AreaPolygon,
  type Position,
  AreaError,
  areaFromPolygons,
  ringBbox,
} from './area';
import { DEFAULT_MAX_SEGMENT_PAIRS, findRingCrossing } from './ringCrossings';

/** Bounds on what an area file may cost. */
export interface AreaLimits {
  /** Longest GeoJSON text read, in characters (the file reader bounds bytes the same way). */
  maxChars: number;
  /** Most vertices over all rings. */
  maxVertices: number;
  /** Most polygons. */
  maxPolygons: number;
  /** Most segment pairs compared when looking for crossings (beyond it the check is skipped). */
  maxSegmentPairs: number;
}

/**
 * Defaults: 8 MB of text and 100,000 vertices, which hold a detailed country outline; every tile
 * classified against the area costs one pass over its vertices.
 */
export const DEFAULT_AREA_LIMITS: Readonly<AreaLimits> = {
  maxChars: 8 * 1024 * 1024,
  maxVertices: 100_000,
  maxPolygons: 10_000,
  maxSegmentPairs: DEFAULT_MAX_SEGMENT_PAIRS,
};

const WGS84_NAMES = new Set([
  'urn:ogc:def:crs:OGC:1.3:CRS84',
  'urn:ogc:def:crs:OGC::CRS84',
  'urn:ogc:def:crs:EPSG::4326',
  'EPSG:4326',
]);

const HOW = 'An area is a GeoJSON Polygon or MultiPolygon in longitude/latitude (WGS 84).';

type Json = Record<string, unknown>;

/** Where an object sits: at the top, as a collection's feature, as a feature's geometry, or in a GeometryCollection. */
type Context = 'top' | 'feature' | 'geometry' | 'member';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fmt(n: number): string {
  return String(Number(n.toFixed(6)));
}

class AreaReader {
  readonly polygons: AreaPolygon[] = [];
  private vertices = 0;

  constructor(private readonly limits: AreaLimits) {}

  /** Any GeoJSON object at the top level or inside a collection. */
  object(value: unknown, where: string, context: Context): void {
    if (!isObject(value)) throw new AreaError(`${where} is not a GeoJSON object. ${HOW}`);
    this.checkCrs(value, where);
    const type = value.type;
    switch (type) {
      case 'FeatureCollection': {
        if (context !== 'top') throw new AreaError(`${where} nests a FeatureCollection. ${HOW}`);
        if (!Array.isArray(value.features)) {
          throw new AreaError(`${where} has no "features" array.`);
        }
        value.features.forEach((f, i) => this.object(f, `feature ${i + 1}`, 'feature'));
        return;
      }
      case 'Feature':
        if (context !== 'top' && context !== 'feature') {
          throw new AreaError(`${where} puts a Feature where a geometry belongs. ${HOW}`);
        }
        if (value.geometry === null || value.geometry === undefined) {
          throw new AreaError(`${where} has no geometry. ${HOW}`);
        }
        this.object(value.geometry, where, 'geometry');
        return;
      case 'GeometryCollection': {
        if (!Array.isArray(value.geometries) || context === 'member') {
          throw new AreaError(`${where} is a GeometryCollection this reader cannot use. ${HOW}`);
        }
        value.geometries.forEach((g, i) => this.object(g, `${where}, geometry ${i + 1}`, 'member'));
        return;
      }
      case 'Polygon':
        this.polygon(value.coordinates, where);
        return;
      case 'MultiPolygon': {
        if (!Array.isArray(value.coordinates)) {
          throw new AreaError(`${where} has no "coordinates" array.`);
        }
        value.coordinates.forEach((p, i) => this.polygon(p, `${where}, polygon ${i + 1}`));
        return;
      }
      default:
        throw new AreaError(
          typeof type === 'string'
            ? `${where} is a ${type.slice(0, 40)}, which has no inside. ${HOW}`
            : `${where} has no GeoJSON "type". ${HOW}`,
        );
    }
  }

  private checkCrs(value: Json, where: string): void {
    const crs = value.crs;
    if (crs === undefined || crs === null) return;
    const name = isObject(crs) && isObject(crs.properties) ? crs.properties.name : undefined;
    if (typeof name === 'string' && WGS84_NAMES.has(name)) return;
    throw new AreaError(
      `${where} declares the coordinate system ${typeof name === 'string' ? `"${name.slice(0, 60)}"` : 'of its "crs" member'}; ` +
        'export the shape in WGS 84 longitude/latitude (EPSG:4326) instead.',
    );
  }

  private polygon(coordinates: unknown, where: string): void {
    if (this.polygons.length >= this.limits.maxPolygons) {
      throw new AreaError(
        `The area has more than ${this.limits.maxPolygons} polygons: simplify or merge them.`,
      );
    }
    if (!Array.isArray(coordinates) || coordinates.length === 0) {
      throw new AreaError(`${where} has no rings: "coordinates" must be an array of rings.`);
    }
    const rings = coordinates.map((ring, i) =>
      this.ring(ring, i === 0 ? `${where}, outer ring` : `${where}, hole ${i}`),
    );
    const crossing = findRingCrossing(rings, this.limits.maxSegmentPairs);
    if (crossing && crossing !== 'too-complex') {
      const [a, b] = crossing.rings;
      const what =
        a === b
          ? a === 0
            ? 'its outer ring crosses itself'
            : `hole ${a} crosses itself`
          : `${a === 0 ? 'the outer ring' : `hole ${a}`} and hole ${b} cross`;
      throw new AreaError(
        `${where} is not a valid polygon: ${what} near ${fmt(crossing.at[0])},${fmt(crossing.at[1])}. ` +
          'Fix the shape (for example with "Fix geometries" in QGIS) and try again.',
      );
    }
    const outer = rings[0] as Position[];
    for (let h = 1; h < rings.length; h++) {
      const hole = rings[h] as Position[];
      // With no crossings, one vertex that is not on the outer ring tells where the whole hole is.
      const probe = hole.map((p) => pointInPolygon(p, [outer])).find((r) => r !== 0);
      if (probe === false) {
        throw new AreaError(`${where}, hole ${h} lies outside the outer ring: remove it.`);
      }
    }
    this.polygons.push({ rings, bbox: ringBbox(outer) });
  }

  private ring(value: unknown, where: string): Position[] {
    if (!Array.isArray(value)) throw new AreaError(`${where} is not an array of positions.`);
    this.vertices += value.length;
    if (this.vertices > this.limits.maxVertices) {
      throw new AreaError(
        `The area has more than ${this.limits.maxVertices} vertices: simplify the shape first.`,
      );
    }
    if (value.length < 4) {
      throw new AreaError(
        `${where} has ${value.length} positions; a ring needs at least 4 (three corners and the first again).`,
      );
    }
    const ring = value.map((p, i) => this.position(p, `${where}, position ${i + 1}`));
    const first = ring[0] as Position;
    const last = ring[ring.length - 1] as Position;
    if (first[0] !== last[0] || first[1] !== last[1]) {
      throw new AreaError(`${where} is not closed: its last position must repeat its first.`);
    }
    for (let i = 1; i < ring.length; i++) {
      const a = ring[i - 1] as Position;
      const b = ring[i] as Position;
      if (Math.abs(b[0] - a[0]) > 180) {
        throw new AreaError(
          `${where} crosses the antimeridian (180°) between ${fmt(a[0])} and ${fmt(b[0])}: ` +
            'split the shape into one polygon on each side of 180°.',
        );
      }
    }
    let twiceArea = 0;
    for (let i = 1; i < ring.length; i++) {
      const a = ring[i - 1] as Position;
      const b = ring[i] as Position;
      twiceArea += a[0] * b[1] - b[0] * a[1];
    }
    if (twiceArea === 0 || new Set(ring.map((p) => `${p[0]},${p[1]}`)).size < 3) {
      throw new AreaError(`${where} has no area: it needs three corners not on one line.`);
    }
    return ring;
  }

  private position(value: unknown, where: string): Position {
    if (!Array.isArray(value) || value.length < 2) {
      throw new AreaError(`${where} is not a [longitude, latitude] pair.`);
    }
    const [lon, lat] = value as unknown[];
    if (typeof lon !== 'number' || typeof lat !== 'number') {
      throw new AreaError(`${where} is not a pair of numbers.`);
    }
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
      throw new AreaError(`${where} is not a finite number.`);
    }
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      throw new AreaError(
        `${where} (${fmt(lon)}, ${fmt(lat)}) is outside longitude -180..180, latitude -90..90: ` +
          'positions are [longitude, latitude] in degrees (WGS 84), not projected metres.',
      );
    }
    return [lon, lat];
  }
}

/** Reads an area from a parsed GeoJSON value. Throws an {@link AreaError} saying what is wrong. */
export function areaFromGeoJson(value: unknown, limits: Partial<AreaLimits> = {}): Area {
  const reader = new AreaReader({ ...DEFAULT_AREA_LIMITS, ...limits });
  reader.object(value, 'The GeoJSON', 'top');
  if (reader.polygons.length === 0) {
    throw new AreaError(`The GeoJSON holds no polygon. ${HOW}`);
  }
  return areaFromPolygons(reader.polygons);
}

/** Parses GeoJSON text into an area. Throws an {@link AreaError} saying what is wrong. */
export function parseAreaGeoJson(text: string, limits: Partial<AreaLimits> = {}): Area {
  const maxChars = limits.maxChars ?? DEFAULT_AREA_LIMITS.maxChars;
  if (text.length > maxChars) {
    throw new AreaError(
      `The area file is larger than ${Math.round(maxChars / 1024 / 1024)} MB: simplify the shape first.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : 'not JSON';
    throw new AreaError(`The area file is not valid JSON (${detail}). ${HOW}`);
  }
  return areaFromGeoJson(value, limits);
}
