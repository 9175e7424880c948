// The shape of a decoded vector tile. Geometry is kept flat, one typed array per layer, because
// the map draws tens of thousands of points per tile on a canvas and may decode in a Web Worker:
// two buffers per layer are cheap to build, to walk and to transfer, where one object per vertex
// is not.

/** MVT geometry type: 0 unknown, 1 point, 2 line string, 3 polygon. */
export type GeometryType = 0 | 1 | 2 | 3;

/** Names of the geometry types, indexed by {@link GeometryType}. */
export const GEOMETRY_TYPE_NAMES = ['unknown', 'point', 'linestring', 'polygon'] as const;

/**
 * A feature property value. 64-bit integers that do not fit a double exactly (beyond ±2^53) are
 * given as decimal strings, so ids are never rounded.
 */
export type PropertyValue = string | number | boolean;

/**
 * One feature of a decoded layer. Its properties and geometry live in the layer's flat tables;
 * read them with `featureProperties()` and `featureParts()`, or walk the tables directly.
 */
export interface DecodedFeature {
  /** The feature id as a decimal string (MVT ids are uint64), or undefined when absent. */
  id: string | undefined;
  type: GeometryType;
  /**
   * The feature's parts are `layer.partStarts[partStart .. partEnd - 1]`. A part is one point of
   * a (multi)point, one line of a (multi)line string, or one ring of a polygon.
   */
  partStart: number;
  partEnd: number;
  /**
   * The feature's properties are the pairs `layer.tags[tagStart .. tagEnd - 1]`: a key index into
   * `layer.keys` followed by a value index into `layer.values`.
   */
  tagStart: number;
  tagEnd: number;
}

/** One decoded layer. */
export interface DecodedLayer {
  name: string;
  /** MVT version of the layer (1 or 2). */
  version: number;
  /** Size of the tile in the layer's coordinates, usually 4096. */
  extent: number;
  /** The layer's key table. */
  keys: string[];
  /** The layer's value table. */
  values: PropertyValue[];
  features: DecodedFeature[];
  /**
   * Every feature's properties as (key index, value index) pairs, checked to lie within `keys`
   * and `values`. Kept as indices because building an object per feature costs more than the
   * rest of the decode; a filter can compare value indices without building anything.
   */
  tags: Uint32Array;
  /**
   * Every vertex of the layer as `x0, y0, x1, y1, …` in tile coordinates (0..extent, y down;
   * slightly outside for buffered geometry). A polygon ring ends with a copy of its first vertex,
   * as @mapbox/vector-tile's `loadGeometry()` gives it.
   */
  coords: Int32Array;
  /**
   * Vertex index at which each part starts, plus one final entry equal to the vertex count, so
   * part `p` is vertices `partStarts[p] .. partStarts[p + 1] - 1`.
   */
  partStarts: Uint32Array;
}

/** A decoded tile. */
export interface DecodedTile {
  /**
   * Layers in the order the tile stores them. Unlike @mapbox/vector-tile, which keys layers by
   * name and drops empty ones, every layer is kept, empty or repeated.
   */
  layers: DecodedLayer[];
  byteLength: number;
  vertexCount: number;
  featureCount: number;
  /** Time the decode took, in milliseconds. */
  elapsedMs: number;
}

/** Per-layer counts from {@link inspectTile}, which decodes no geometry. */
export interface LayerSummary {
  name: string;
  version: number;
  extent: number;
  featureCount: number;
  /** Feature counts by geometry type name. */
  geometryTypes: Record<(typeof GEOMETRY_TYPE_NAMES)[number], number>;
  /** Keys the layer's features actually use, sorted. */
  propertyKeys: string[];
  /** Vertices the layer's geometry would decode to (closing vertices included). */
  vertexCount: number;
}

/** What {@link inspectTile} reports. */
export interface TileSummary {
  layers: LayerSummary[];
  byteLength: number;
  vertexCount: number;
  featureCount: number;
  elapsedMs: number;
}

/** Why a tile could not be decoded. */
export type TileDecodeReason =
  /** The bytes end in the middle of a field. */
  | 'truncated'
  /** The geometry would exceed a vertex cap. */
  | 'too-many-vertices'
  /** The tile has more features or layers than allowed. */
  | 'too-many-features'
  /** Decoding ran past the time limit. */
  | 'timeout'
  /** The body is JSON, HTML or gzip rather than a tile. */
  | 'not-a-tile'
  /** The bytes are not a valid vector tile. */
  | 'corrupt';

/** A typed decode failure. */
export interface TileDecodeError {
  reason: TileDecodeReason;
  message: string;
}

/** Result of a bounded decode: never thrown, always returned. */
export type TileDecodeResult<T> = { ok: true; value: T } | { ok: false; error: TileDecodeError };
