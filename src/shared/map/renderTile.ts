// The form in which the map keeps a decoded tile: flat typed arrays per layer, the properties the
// map draws, filters and picks by already converted to numbers and string-table indices, and a
// spatial grid per layer. It is built once per tile (in a Web Worker in the webview) and then drawn
// many times, so filters and styles never touch the protobuf again.
import type { DecodedLayer, PropertyValue } from '../tiles/decodedTile';
import { buildLineGrid, buildPointGrid, type TileGrid } from './tileGrid';

/** The kinds of point layers the map draws. */
export type PointKind = 'overview' | 'image' | 'point' | 'traffic_sign';

/** Flag bits of a feature. */
export const FLAG_PANO = 1;
/** Set when `is_pano` was present and boolean-like. */
export const FLAG_PANO_KNOWN = 2;

/** Properties shared by point and line layers, one entry per feature. */
export interface FeatureColumns {
  count: number;
  /**
   * Capture time in ms since the epoch (for map features: first seen); 0 when unknown.
   */
  capturedAt: Float64Array;
  /** {@link FLAG_PANO} and {@link FLAG_PANO_KNOWN}. */
  flags: Uint8Array;
  /** Index into the tile's `strings` of the sequence key, or -1. */
  sequence: Int32Array;
  /** Index into `strings` of the organization id, or -1. */
  organization: Int32Array;
  /** Index into `strings` of the creator id, or -1. */
  creator: Int32Array;
  /** Index into `strings` of the map feature value (e.g. `regulatory--stop--g1`), or -1. */
  value: Int32Array;
  /**
   * The id the map opens on click: the image id of an image or overview point, the key image of a
   * sequence line, the map feature id of a feature. Empty when the tile does not say.
   */
  ids: string[];
}

/** A point layer: one position per feature. */
export interface PointSet extends FeatureColumns {
  kind: PointKind;
  /** `x0, y0, x1, y1, …` in tile coordinates (0..extent, y down). */
  xy: Float32Array;
  /** Compass angle in degrees clockwise from north; NaN when unknown. */
  compass: Float32Array;
  /** Map features only: last seen, in ms since the epoch, 0 when unknown (empty for images). */
  lastSeen: Float64Array;
  grid: TileGrid;
}

/** The `sequence` layer: line strings, several parts per feature possible. */
export interface LineSet extends FeatureColumns {
  /** Every vertex, `x0, y0, …`, in tile coordinates. */
  xy: Float32Array;
  /** Vertex index at which each part starts, plus a final entry equal to the vertex count. */
  partStarts: Uint32Array;
  /** Part index at which each feature starts, plus a final entry equal to the part count. */
  featureParts: Uint32Array;
  /** Grid over segments: an item is the index of a segment's first vertex. */
  grid: TileGrid;
}

/** A decoded tile as the map keeps it. */
export interface RenderTile {
  extent: number;
  /** The string table that the index columns refer to. */
  strings: string[];
  points: PointSet[];
  lines: LineSet | undefined;
  /** Features in the tile, all layers. */
  featureCount: number;
  /** Bytes the tile had on the wire. */
  byteLength: number;
}

const POINT_KINDS: Record<string, PointKind> = {
  overview: 'overview',
  image: 'image',
  point: 'point',
  traffic_sign: 'traffic_sign',
};

// Field codes of the properties the map reads.
const F_CAPTURED = 1;
const F_ID = 2;
const F_SEQUENCE = 3;
const F_ORG = 4;
const F_CREATOR = 5;
const F_PANO = 6;
const F_COMPASS = 7;
const F_VALUE = 8;
const F_IMAGE_ID = 9;
const F_LAST_SEEN = 10;

function fieldCodes(layer: DecodedLayer, lines: boolean): Int8Array {
  const codes = new Int8Array(layer.keys.length);
  layer.keys.forEach((key, i) => {
    codes[i] =
      key === 'captured_at'
        ? F_CAPTURED
        : key === 'id'
          ? lines
            ? F_SEQUENCE
            : F_ID
          : key === 'sequence_id'
            ? F_SEQUENCE
            : key === 'organization_id'
              ? F_ORG
              : key === 'creator_id'
                ? F_CREATOR
                : key === 'is_pano'
                  ? F_PANO
                  : key === 'compass_angle'
                    ? F_COMPASS
                    : key === 'value'
                      ? F_VALUE
                      : key === 'image_id'
                        ? F_IMAGE_ID
                        : // Map features: first seen takes the place of the capture time.
                          key === 'first_seen_at'
                          ? F_CAPTURED
                          : key === 'last_seen_at'
                            ? F_LAST_SEEN
                            : 0;
  });
  return codes;
}

/** Interns strings into one table per tile. */
class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  intern(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

function asNumber(value: PropertyValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : NaN;
  }
  return NaN;
}

function asIdString(value: PropertyValue | undefined): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string') return value;
  return '';
}

function allocColumns(count: number): FeatureColumns {
  return {
    count,
    capturedAt: new Float64Array(count),
    flags: new Uint8Array(count),
    sequence: new Int32Array(count).fill(-1),
    organization: new Int32Array(count).fill(-1),
    creator: new Int32Array(count).fill(-1),
    value: new Int32Array(count).fill(-1),
    ids: new Array<string>(count).fill(''),
  };
}

// Reads the properties of feature `i` into the columns. String values are interned once per value
// table entry, not once per feature.
function readProperties(
  layer: DecodedLayer,
  codes: Int8Array,
  valueStrings: Int32Array,
  table: StringTable,
  featureIndex: number,
  columns: FeatureColumns,
  compass: Float32Array | undefined,
  lastSeen?: Float64Array,
): void {
  const feature = layer.features[featureIndex];
  if (!feature) return;
  const intern = (valueIndex: number): number => {
    let s = valueStrings[valueIndex] ?? -1;
    if (s === -1) {
      const text = asIdString(layer.values[valueIndex]);
      s = text === '' ? -2 : table.intern(text);
      valueStrings[valueIndex] = s;
    }
    return s < 0 ? -1 : s;
  };
  for (let t = feature.tagStart; t < feature.tagEnd; t += 2) {
    const code = codes[layer.tags[t] ?? 0] ?? 0;
    if (code === 0) continue;
    const valueIndex = layer.tags[t + 1] ?? 0;
    const value = layer.values[valueIndex];
    switch (code) {
      case F_CAPTURED: {
        const ms = asNumber(value);
        columns.capturedAt[featureIndex] = Number.isFinite(ms) && ms > 0 ? ms : 0;
        break;
      }
      case F_ID:
      case F_IMAGE_ID:
        columns.ids[featureIndex] = asIdString(value);
        break;
      case F_SEQUENCE:
        columns.sequence[featureIndex] = intern(valueIndex);
        break;
      case F_ORG:
        columns.organization[featureIndex] = intern(valueIndex);
        break;
      case F_CREATOR:
        columns.creator[featureIndex] = intern(valueIndex);
        break;
      case F_VALUE:
        columns.value[featureIndex] = intern(valueIndex);
        break;
      case F_PANO: {
        const pano = value === true || value === 'true' || value === 1;
        const known = pano || value === false || value === 'false' || value === 0;
        columns.flags[featureIndex] = (pano ? FLAG_PANO : 0) | (known ? FLAG_PANO_KNOWN : 0);
        break;
      }
      case F_COMPASS:
        if (compass) compass[featureIndex] = asNumber(value);
        break;
      case F_LAST_SEEN: {
        const ms = asNumber(value);
        if (lastSeen && lastSeen.length > featureIndex) {
          lastSeen[featureIndex] = Number.isFinite(ms) && ms > 0 ? ms : 0;
        }
        break;
      }
    }
  }
}

function buildPoints(layer: DecodedLayer, kind: PointKind, table: StringTable): PointSet {
  const count = layer.features.length;
  const columns = allocColumns(count);
  const xy = new Float32Array(2 * count);
  const compass = new Float32Array(count).fill(NaN);
  const isFeature = kind === 'point' || kind === 'traffic_sign';
  const lastSeen = new Float64Array(isFeature ? count : 0);
  const codes = fieldCodes(layer, false);
  const valueStrings = new Int32Array(layer.values.length).fill(-1);
  for (let i = 0; i < count; i++) {
    const feature = layer.features[i];
    if (!feature) continue;
    readProperties(layer, codes, valueStrings, table, i, columns, compass, lastSeen);
    if (feature.partEnd > feature.partStart) {
      const v = layer.partStarts[feature.partStart] ?? 0;
      xy[2 * i] = layer.coords[2 * v] ?? 0;
      xy[2 * i + 1] = layer.coords[2 * v + 1] ?? 0;
    } else {
      // A point without geometry is kept (so counts match the tile) but put far outside.
      xy[2 * i] = -1e9;
      xy[2 * i + 1] = -1e9;
    }
    if (isFeature) {
      if (!columns.ids[i] && feature.id) columns.ids[i] = feature.id;
    }
  }
  const grid = buildPointGrid(xy, count, layer.extent);
  return { kind, ...columns, xy, compass, lastSeen, grid };
}

function buildLines(layer: DecodedLayer, table: StringTable): LineSet {
  const count = layer.features.length;
  const columns = allocColumns(count);
  const codes = fieldCodes(layer, true);
  const valueStrings = new Int32Array(layer.values.length).fill(-1);
  const featureParts = new Uint32Array(count + 1);
  const partCount = layer.partStarts.length - 1;
  for (let i = 0; i < count; i++) {
    const feature = layer.features[i];
    if (!feature) continue;
    readProperties(layer, codes, valueStrings, table, i, columns, undefined);
    featureParts[i] = feature.partStart;
  }
  featureParts[count] = Math.max(0, partCount);
  const xy = Float32Array.from(layer.coords);
  const partStarts = layer.partStarts.slice();
  const grid = buildLineGrid(xy, partStarts, layer.extent);
  return { ...columns, xy, partStarts, featureParts, grid };
}

/**
 * Builds the map's form of a decoded tile. Layers the map does not know are ignored; a repeated
 * layer name keeps the first layer of that name.
 */
export function buildRenderTile(layers: DecodedLayer[], byteLength: number): RenderTile {
  const table = new StringTable();
  const points: PointSet[] = [];
  let lines: LineSet | undefined;
  let featureCount = 0;
  let extent = 4096;
  const seen = new Set<string>();
  for (const layer of layers) {
    if (seen.has(layer.name)) continue;
    seen.add(layer.name);
    const kind = POINT_KINDS[layer.name];
    if (kind) {
      points.push(buildPoints(layer, kind, table));
    } else if (layer.name === 'sequence') {
      lines = buildLines(layer, table);
    } else continue;
    extent = layer.extent;
    featureCount += layer.features.length;
  }
  return { extent, strings: table.strings, points, lines, featureCount, byteLength };
}

/** The buffers of a render tile, for a zero-copy `postMessage` transfer. */
export function renderTileBuffers(tile: RenderTile): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (array: ArrayBufferView): void => {
    if (array.buffer instanceof ArrayBuffer) out.add(array.buffer);
  };
  const columns = (c: FeatureColumns): void => {
    for (const a of [c.capturedAt, c.flags, c.sequence, c.organization, c.creator, c.value]) add(a);
  };
  for (const p of tile.points) {
    columns(p);
    for (const a of [p.xy, p.compass, p.lastSeen, p.grid.cellStarts, p.grid.items]) add(a);
  }
  if (tile.lines) {
    const l = tile.lines;
    columns(l);
    for (const a of [l.xy, l.partStarts, l.featureParts, l.grid.cellStarts, l.grid.items]) add(a);
  }
  return [...out];
}
