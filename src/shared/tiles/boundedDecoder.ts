// Decodes Mapbox Vector Tiles with bounded cost. Tiles come from the network, and a few bytes of a
// corrupt or hostile tile can make a plain decoder allocate millions of points or spin for
// seconds. Here every length is checked against its enclosing message, every geometry stream is
// scanned and its vertices counted against per-feature and per-tile caps before anything is
// allocated, features and layers are capped, and the clock is checked as decoding goes. Any
// failure is returned as a typed error: a bad tile costs that tile and nothing more.
//
// The protobuf is read with pbf's reader, following @mapbox/vector-tile's interpretation field by
// field (the tests check the two agree on real tiles). vector-tile itself is not used here because
// it exposes neither where a feature's geometry bytes are (needed to scan them first) nor the raw
// bytes of 64-bit ids (it rounds them to doubles).
import { PbfReader } from 'pbf';
import type {
  DecodedFeature,
  DecodedLayer,
  DecodedTile,
  GeometryType,
  LayerSummary,
  PropertyValue,
  TileDecodeResult,
  TileSummary,
} from './decodedTile';
import { decodeGeometry, scanGeometry, type GeometryCounts } from './geometryCommands';
import { classifyTileBody } from './tileBody';
import { TileDecodeFailure } from './tileDecodeFailure';
import { readInt64Value, readUint64String } from './varint64';

/** Caps that bound what one tile may cost. */
export interface DecodeLimits {
  /** Vertices in the whole tile, closing vertices included. */
  maxVerticesPerTile: number;
  /** Vertices in one feature. */
  maxVerticesPerFeature: number;
  /** Features in the whole tile. */
  maxFeaturesPerTile: number;
  /** Layers in the tile. */
  maxLayers: number;
  /** Wall-clock time for one decode, in milliseconds. */
  timeLimitMs: number;
  /** The clock is read after every this many features or table entries. */
  checkTimeEvery: number;
}

/**
 * Defaults sized for Mapillary: a dense city's z14 tile (about 10 MB) fits, while a tile that
 * claims more is refused.
 */
export const DEFAULT_DECODE_LIMITS: Readonly<DecodeLimits> = {
  maxVerticesPerTile: 2_000_000,
  maxVerticesPerFeature: 200_000,
  maxFeaturesPerTile: 1_000_000,
  maxLayers: 256,
  timeLimitMs: 2_000,
  checkTimeEvery: 1024,
};

// Protobuf wire types.
const VARINT = 0;
const FIXED64 = 1;
const BYTES = 2;
const FIXED32 = 5;

// Field tags (field number << 3 | wire type) of the MVT schema.
const TILE_LAYER = (3 << 3) | BYTES;
const LAYER_NAME = (1 << 3) | BYTES;
const LAYER_FEATURE = (2 << 3) | BYTES;
const LAYER_KEY = (3 << 3) | BYTES;
const LAYER_VALUE = (4 << 3) | BYTES;
const LAYER_EXTENT = (5 << 3) | VARINT;
const LAYER_VERSION = (15 << 3) | VARINT;
const FEATURE_ID = (1 << 3) | VARINT;
const FEATURE_TAGS = (2 << 3) | BYTES;
const FEATURE_TYPE = (3 << 3) | VARINT;
const FEATURE_GEOMETRY = (4 << 3) | BYTES;
const VALUE_STRING = (1 << 3) | BYTES;
const VALUE_FLOAT = (2 << 3) | FIXED32;
const VALUE_DOUBLE = (3 << 3) | FIXED64;
const VALUE_INT = (4 << 3) | VARINT;
const VALUE_UINT = (5 << 3) | VARINT;
const VALUE_SINT = (6 << 3) | VARINT;
const VALUE_BOOL = (7 << 3) | VARINT;

/**
 * Everything a decode pass keeps about one layer before building features. Per-feature facts are
 * kept in typed arrays indexed by feature, sized once the layer's feature count is known.
 */
interface LayerScan {
  name: string;
  version: number;
  extent: number;
  keys: string[];
  values: PropertyValue[];
  featureCount: number;
  ids: (string | undefined)[];
  types: Uint8Array;
  /** Byte ranges of each feature's packed tags and geometry; -1 when absent. */
  tagStarts: Int32Array;
  tagEnds: Int32Array;
  geometryStarts: Int32Array;
  geometryEnds: Int32Array;
  partCounts: Uint32Array;
  vertexCount: number;
  partCount: number;
  tagCount: number;
}

/** State shared by one decode. */
class DecodeContext {
  readonly limits: DecodeLimits;
  readonly started = performance.now();
  features = 0;
  vertices = 0;
  layers = 0;
  private sinceCheck = 0;

  constructor(
    readonly reader: PbfReader,
    limits: Partial<DecodeLimits> | undefined,
  ) {
    this.limits = { ...DEFAULT_DECODE_LIMITS, ...limits };
  }

  /** Counts one unit of work and reads the clock every `checkTimeEvery` units. */
  tick(): void {
    if (++this.sinceCheck < this.limits.checkTimeEvery) return;
    this.sinceCheck = 0;
    this.checkTime();
  }

  checkTime(): void {
    const elapsed = performance.now() - this.started;
    if (elapsed > this.limits.timeLimitMs) {
      throw new TileDecodeFailure(
        'timeout',
        `decoding took over ${this.limits.timeLimitMs} ms (stopped after ${Math.round(elapsed)} ms)`,
      );
    }
  }

  elapsed(): number {
    return performance.now() - this.started;
  }
}

function failEnd(reader: PbfReader, end: number, what: string): never {
  throw end >= reader.length
    ? new TileDecodeFailure('truncated', `the data ends inside ${what}`)
    : new TileDecodeFailure('corrupt', `${what} runs past the end of its message`);
}

function readVarint(reader: PbfReader, end: number, what: string): number {
  if (reader.pos >= end) failEnd(reader, end, what);
  // Most varints in a tile (tags, small lengths) are one byte: skip the general reader for them.
  const first = reader.buf[reader.pos] ?? 0x80;
  if (first < 0x80) {
    reader.pos++;
    return first;
  }
  const value = reader.readVarint();
  if (reader.pos > end) failEnd(reader, end, what);
  return value;
}

// Reads a length prefix and returns where the field it announces ends.
function readLengthEnd(reader: PbfReader, end: number, what: string): number {
  const length = readVarint(reader, end, what);
  const fieldEnd = reader.pos + length;
  if (fieldEnd > reader.length) {
    throw new TileDecodeFailure(
      'truncated',
      `${what} announces ${length} bytes but the data ends ${fieldEnd - reader.length} bytes early`,
    );
  }
  if (fieldEnd > end) {
    throw new TileDecodeFailure('corrupt', `${what} runs past the end of its message`);
  }
  return fieldEnd;
}

function skipField(reader: PbfReader, tag: number, end: number): void {
  const wireType = tag & 0x7;
  if (wireType === VARINT) readVarint(reader, end, 'a field');
  else if (wireType === BYTES) reader.pos = readLengthEnd(reader, end, 'a field');
  else if (wireType === FIXED32 || wireType === FIXED64) {
    const size = wireType === FIXED32 ? 4 : 8;
    if (reader.pos + size > end) failEnd(reader, end, 'a fixed-size field');
    reader.pos += size;
  } else {
    throw new TileDecodeFailure('corrupt', `unsupported protobuf wire type ${wireType}`);
  }
}

function readString(reader: PbfReader, end: number, what: string): string {
  const fieldEnd = readLengthEnd(reader, end, what);
  const text = decoder.decode(reader.buf.subarray(reader.pos, fieldEnd));
  reader.pos = fieldEnd;
  return text;
}

const decoder = new TextDecoder('utf-8');

function readValue(reader: PbfReader, end: number): PropertyValue {
  const valueEnd = readLengthEnd(reader, end, 'a property value');
  let value: PropertyValue | undefined;
  while (reader.pos < valueEnd) {
    const tag = readVarint(reader, valueEnd, 'a property value');
    if (tag === VALUE_STRING) value = readString(reader, valueEnd, 'a string value');
    else if (tag === VALUE_FLOAT || tag === VALUE_DOUBLE) {
      const size = tag === VALUE_FLOAT ? 4 : 8;
      if (reader.pos + size > valueEnd) failEnd(reader, valueEnd, 'a number value');
      value = tag === VALUE_FLOAT ? reader.readFloat() : reader.readDouble();
    } else if (tag === VALUE_INT) value = readInt64Value(reader, valueEnd, 'int64');
    else if (tag === VALUE_UINT) value = readInt64Value(reader, valueEnd, 'uint64');
    else if (tag === VALUE_SINT) value = readInt64Value(reader, valueEnd, 'sint64');
    else if (tag === VALUE_BOOL) value = readVarint(reader, valueEnd, 'a boolean value') !== 0;
    else skipField(reader, tag, valueEnd);
  }
  if (value === undefined) throw new TileDecodeFailure('corrupt', 'a property value is empty');
  return value;
}

const counts: GeometryCounts = { vertices: 0, parts: 0 };
const EMPTY_U8 = new Uint8Array(0);
const EMPTY_I32 = new Int32Array(0);
const EMPTY_U32 = new Uint32Array(0);

function scanFeature(ctx: DecodeContext, scan: LayerScan, index: number, end: number): void {
  const { reader, limits } = ctx;
  let id: string | undefined;
  let type: GeometryType = 0;
  let tagStart = -1;
  let tagEnd = -1;
  let geometryStart = -1;
  let geometryEnd = -1;
  while (reader.pos < end) {
    const tag = readVarint(reader, end, 'a feature');
    if (tag === FEATURE_ID) id = readUint64String(reader, end);
    else if (tag === FEATURE_TAGS) {
      tagEnd = readLengthEnd(reader, end, 'feature tags');
      tagStart = reader.pos;
      reader.pos = tagEnd;
    } else if (tag === FEATURE_TYPE) {
      const value = readVarint(reader, end, 'a feature type');
      if (value > 3) throw new TileDecodeFailure('corrupt', `unknown geometry type ${value}`);
      type = value as GeometryType;
    } else if (tag === FEATURE_GEOMETRY) {
      geometryEnd = readLengthEnd(reader, end, 'a feature geometry');
      geometryStart = reader.pos;
      reader.pos = geometryEnd;
    } else skipField(reader, tag, end);
  }
  counts.vertices = 0;
  counts.parts = 0;
  if (geometryStart >= 0) {
    const room = limits.maxVerticesPerTile - ctx.vertices;
    const cap = Math.min(limits.maxVerticesPerFeature, room);
    try {
      scanGeometry(reader.buf, geometryStart, geometryEnd, cap, counts);
    } catch (error) {
      if (error instanceof TileDecodeFailure && error.reason === 'too-many-vertices') {
        throw room < limits.maxVerticesPerFeature
          ? new TileDecodeFailure(
              'too-many-vertices',
              `the tile has more than ${limits.maxVerticesPerTile} vertices`,
            )
          : error;
      }
      throw error;
    }
  }
  ctx.vertices += counts.vertices;
  scan.vertexCount += counts.vertices;
  scan.partCount += counts.parts;
  scan.ids[index] = id;
  scan.types[index] = type;
  scan.tagStarts[index] = tagStart;
  scan.tagEnds[index] = tagEnd;
  scan.geometryStarts[index] = geometryStart;
  scan.geometryEnds[index] = geometryEnd;
  scan.partCounts[index] = counts.parts;
  if (tagStart >= 0) scan.tagCount += countTags(reader.buf, tagStart, tagEnd);
}

// Number of varints in a packed tag list, which must pair keys with values. Varints that run past
// the list's end are caught here, so later reads of the list need no bounds checks.
function countTags(buf: Uint8Array, start: number, end: number): number {
  let n = 0;
  let length = 0;
  for (let i = start; i < end; i++) {
    length++;
    if ((buf[i] ?? 0) < 0x80) {
      if (length > 5) throw new TileDecodeFailure('corrupt', 'a feature tag does not fit 32 bits');
      n++;
      length = 0;
    }
  }
  if (length !== 0) throw new TileDecodeFailure('corrupt', 'a feature tag runs past its list');
  if (n % 2 !== 0) throw new TileDecodeFailure('corrupt', 'a feature has a key without a value');
  return n;
}

// Reads a layer's header and tables, then scans every feature (ids, types, tag and geometry
// ranges, validated vertex counts). No feature objects and no geometry arrays are made yet.
function scanLayer(ctx: DecodeContext, end: number): LayerScan {
  const { reader, limits } = ctx;
  if (++ctx.layers > limits.maxLayers) {
    throw new TileDecodeFailure(
      'too-many-features',
      `the tile has more than ${limits.maxLayers} layers`,
    );
  }
  const scan: LayerScan = {
    name: '',
    version: 1,
    extent: 4096,
    keys: [],
    values: [],
    featureCount: 0,
    ids: [],
    types: EMPTY_U8,
    tagStarts: EMPTY_I32,
    tagEnds: EMPTY_I32,
    geometryStarts: EMPTY_I32,
    geometryEnds: EMPTY_I32,
    partCounts: EMPTY_U32,
    vertexCount: 0,
    partCount: 0,
    tagCount: 0,
  };

  const featureStarts: number[] = [];
  const featureEnds: number[] = [];
  while (reader.pos < end) {
    const tag = readVarint(reader, end, 'a layer');
    if (tag === LAYER_NAME) scan.name = readString(reader, end, 'a layer name');
    else if (tag === LAYER_FEATURE) {
      const featureEnd = readLengthEnd(reader, end, 'a feature');
      if (++ctx.features > limits.maxFeaturesPerTile) {
        throw new TileDecodeFailure(
          'too-many-features',
          `the tile has more than ${limits.maxFeaturesPerTile} features`,
        );
      }
      featureStarts.push(reader.pos);
      featureEnds.push(featureEnd);
      reader.pos = featureEnd;
    } else if (tag === LAYER_KEY) scan.keys.push(readString(reader, end, 'a key'));
    else if (tag === LAYER_VALUE) scan.values.push(readValue(reader, end));
    else if (tag === LAYER_EXTENT) scan.extent = readVarint(reader, end, 'the extent');
    else if (tag === LAYER_VERSION) scan.version = readVarint(reader, end, 'the version');
    else skipField(reader, tag, end);
    ctx.tick();
  }
  if (scan.extent <= 0) {
    throw new TileDecodeFailure('corrupt', `layer "${scan.name}" has extent ${scan.extent}`);
  }
  const n = featureStarts.length;
  scan.featureCount = n;
  scan.ids = new Array<string | undefined>(n);
  scan.types = new Uint8Array(n);
  scan.tagStarts = new Int32Array(n);
  scan.tagEnds = new Int32Array(n);
  scan.geometryStarts = new Int32Array(n);
  scan.geometryEnds = new Int32Array(n);
  scan.partCounts = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    reader.pos = featureStarts[i] ?? 0;
    scanFeature(ctx, scan, i, featureEnds[i] ?? 0);
    ctx.tick();
  }
  return scan;
}

// Copies a feature's tags (validated by countTags) into `tags` from `at`, checking each key and
// value index against the layer's tables. Returns the index after the last tag written.
function copyTags(
  reader: PbfReader,
  scan: LayerScan,
  feature: number,
  tags: Uint32Array,
  at: number,
): number {
  const start = scan.tagStarts[feature] ?? -1;
  if (start < 0) return at;
  const end = scan.tagEnds[feature] ?? start;
  const keyCount = scan.keys.length;
  const valueCount = scan.values.length;
  reader.pos = start;
  while (reader.pos < end) {
    const key = reader.readVarint();
    const value = reader.readVarint();
    if (key >= keyCount || value >= valueCount) {
      throw new TileDecodeFailure(
        'corrupt',
        `a feature refers to key ${key} or value ${value} beyond the layer's tables`,
      );
    }
    tags[at++] = key;
    tags[at++] = value;
  }
  return at;
}

function scanTile(ctx: DecodeContext): LayerScan[] {
  const { reader } = ctx;
  const end = reader.length;
  const scans: LayerScan[] = [];
  while (reader.pos < end) {
    const tag = readVarint(reader, end, 'the tile');
    if (tag === TILE_LAYER) {
      const layerEnd = readLengthEnd(reader, end, 'a layer');
      scans.push(scanLayer(ctx, layerEnd));
      reader.pos = layerEnd;
    } else skipField(reader, tag, end);
  }
  return scans;
}

function buildLayer(ctx: DecodeContext, scan: LayerScan): DecodedLayer {
  const { reader } = ctx;
  // Counts were validated against the caps by the scan, so these sizes are bounded.
  const coords = new Int32Array(2 * scan.vertexCount);
  const partStarts = new Uint32Array(scan.partCount + 1);
  const tags = new Uint32Array(scan.tagCount);
  const features: DecodedFeature[] = new Array<DecodedFeature>(scan.featureCount);
  let vertex = 0;
  let part = 0;
  let tag = 0;
  for (let i = 0; i < scan.featureCount; i++) {
    const tagStart = tag;
    tag = copyTags(reader, scan, i, tags, tag);
    const partStart = part;
    const geometryStart = scan.geometryStarts[i] ?? -1;
    if (geometryStart >= 0) {
      const geometryEnd = scan.geometryEnds[i] ?? geometryStart;
      vertex = decodeGeometry(
        reader.buf,
        geometryStart,
        geometryEnd,
        coords,
        vertex,
        partStarts,
        part,
      );
      part += scan.partCounts[i] ?? 0;
    }
    features[i] = {
      id: scan.ids[i],
      type: (scan.types[i] ?? 0) as GeometryType,
      partStart,
      partEnd: part,
      tagStart,
      tagEnd: tag,
    };
    ctx.tick();
  }
  partStarts[scan.partCount] = vertex;
  return {
    name: scan.name,
    version: scan.version,
    extent: scan.extent,
    keys: scan.keys,
    values: scan.values,
    features,
    tags,
    coords,
    partStarts,
  };
}

function failureResult<T>(error: unknown, reader: PbfReader): TileDecodeResult<T> {
  if (error instanceof TileDecodeFailure) {
    return { ok: false, error: { reason: error.reason, message: error.message } };
  }
  // Anything else came from a read past the end of the buffer or from a bug: report it, never
  // rethrow, so the caller's only failure path is the typed one.
  const detail = error instanceof Error ? error.message : String(error);
  const truncated = reader.pos >= reader.length;
  return {
    ok: false,
    error: {
      reason: truncated ? 'truncated' : 'corrupt',
      message: truncated
        ? `the data ends unexpectedly (${detail})`
        : `invalid tile data (${detail})`,
    },
  };
}

function notATile<T>(bytes: Uint8Array): TileDecodeResult<T> | undefined {
  const body = classifyTileBody(bytes);
  if (body.kind === 'json' || body.kind === 'html' || body.kind === 'gzip') {
    return { ok: false, error: { reason: 'not-a-tile', message: body.reason } };
  }
  return undefined;
}

/**
 * The frame both entry points share: refuse what is not a tile, scan the layers within the limits,
 * let `build` turn the scans into layers, and turn any failure into a typed result.
 */
function decodeLayers<L>(
  bytes: Uint8Array,
  limits: Partial<DecodeLimits> | undefined,
  build: (ctx: DecodeContext, reader: PbfReader, scans: LayerScan[]) => L[],
): TileDecodeResult<{
  layers: L[];
  byteLength: number;
  vertexCount: number;
  featureCount: number;
  elapsedMs: number;
}> {
  const refused = notATile<never>(bytes);
  if (refused) return refused;
  const reader = new PbfReader(bytes);
  try {
    const ctx = new DecodeContext(reader, limits);
    const layers = build(ctx, reader, scanTile(ctx));
    return {
      ok: true,
      value: {
        layers,
        byteLength: bytes.length,
        vertexCount: ctx.vertices,
        featureCount: ctx.features,
        elapsedMs: ctx.elapsed(),
      },
    };
  } catch (error) {
    return failureResult(error, reader);
  }
}

/**
 * Decodes a tile with its geometry, within `limits` (defaults {@link DEFAULT_DECODE_LIMITS}).
 * Never throws: a malformed, hostile, truncated or non-tile body gives `{ ok: false, error }`.
 * An empty body is a valid tile with no layers.
 */
export function decodeTile(
  bytes: Uint8Array,
  limits?: Partial<DecodeLimits>,
): TileDecodeResult<DecodedTile> {
  return decodeLayers(bytes, limits, (ctx, _reader, scans) => {
    ctx.checkTime();
    return scans.map((scan) => buildLayer(ctx, scan));
  });
}

/**
 * Reads a tile's layers, feature counts by geometry type, used property keys and vertex counts
 * without building features or geometry. Geometry streams are still validated and counted, so a
 * tile that inspects cleanly also decodes (within the same limits).
 */
export function inspectTile(
  bytes: Uint8Array,
  limits?: Partial<DecodeLimits>,
): TileDecodeResult<TileSummary> {
  return decodeLayers(bytes, limits, (ctx, reader, scans) =>
    scans.map((scan): LayerSummary => {
      const used = new Set<number>();
      const tags = new Uint32Array(scan.tagCount);
      const geometryTypes = { unknown: 0, point: 0, linestring: 0, polygon: 0 };
      for (let i = 0; i < scan.featureCount; i++) {
        const to = copyTags(reader, scan, i, tags, 0);
        for (let t = 0; t < to; t += 2) used.add(tags[t] ?? 0);
        const type = scan.types[i] ?? 0;
        if (type === 1) geometryTypes.point++;
        else if (type === 2) geometryTypes.linestring++;
        else if (type === 3) geometryTypes.polygon++;
        else geometryTypes.unknown++;
        ctx.tick();
      }
      return {
        name: scan.name,
        version: scan.version,
        extent: scan.extent,
        featureCount: scan.featureCount,
        geometryTypes,
        propertyKeys: [...used].map((key) => scan.keys[key] ?? '').sort(),
        vertexCount: scan.vertexCount,
      };
    }),
  );
}
