// The first pass over a tile: each layer's header and tables, and every feature's id, type, tag
// range and geometry range, with the geometry's vertices counted against the caps before anything
// is allocated. No feature objects and no geometry arrays are made here.
import type { PbfReader } from 'pbf';
import type { GeometryType, PropertyValue } from './decodedTile';
import { type DecodeContext } from './decodeContext';
import { scanGeometry, type GeometryCounts } from './geometryCommands';
import {
  FEATURE_GEOMETRY,
  FEATURE_ID,
  FEATURE_TAGS,
  FEATURE_TYPE,
  LAYER_EXTENT,
  LAYER_FEATURE,
  LAYER_KEY,
  LAYER_NAME,
  LAYER_VALUE,
  LAYER_VERSION,
  TILE_LAYER,
  countTags,
  readLengthEnd,
  readString,
  readValue,
  readVarint,
  skipField,
} from './pbfFields';
import { TileDecodeFailure } from './tileDecodeFailure';
import { readUint64String } from './varint64';

/**
 * Everything a decode pass keeps about one layer before building features. Per-feature facts are
 * kept in typed arrays indexed by feature, sized once the layer's feature count is known.
 */
export interface LayerScan {
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
export function copyTags(
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

export function scanTile(ctx: DecodeContext): LayerScan[] {
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
