// A small Mapbox Vector Tile encoder: enough of the format to write coverage tiles, map feature
// tiles and detection geometry the way the real service does, and to build odd tiles in tests.
import { PbfWriter } from 'pbf';

/** A property value. `bigint` is written as an exact int64 (ids above 2^53 survive the trip). */
export type MvtValue = string | number | boolean | bigint;

/** The three MVT geometry types. */
export type MvtGeometryType = 'Point' | 'LineString' | 'Polygon';

/** A point in tile coordinates (0..extent, y pointing down). Fractions are rounded. */
export type MvtPoint = readonly [number, number];

/** One feature of a layer. */
export interface MvtFeature {
  /** Written as the feature id when present (`bigint` for ids above 2^53). */
  id?: number | bigint;
  type: MvtGeometryType;
  /** Properties; `undefined` values are left out. */
  properties?: Record<string, MvtValue | undefined>;
  /**
   * Parts of the geometry. Point: each part's points (all written under one MoveTo, as a
   * multi-point when there are several). LineString: each part a line of 2+ points. Polygon:
   * each part a ring, not repeating its first point, already wound as the spec wants (exterior
   * rings positive area in y-down coordinates, holes negative; see {@link orientRing}).
   */
  geometry: readonly (readonly MvtPoint[])[];
}

/** One layer of a tile. */
export interface MvtLayer {
  name: string;
  /** 2 unless told; the real service still writes 1 in some places. */
  version?: 1 | 2;
  /** 4096 unless told. */
  extent?: number;
  features: readonly MvtFeature[];
}

const geomTypeCode: Record<MvtGeometryType, number> = { Point: 1, LineString: 2, Polygon: 3 };

/**
 * The signed area of a ring by the MVT spec's surveyor's formula (in y-down tile coordinates a
 * positive area is an exterior ring, a negative one a hole).
 */
export function ringArea(ring: readonly MvtPoint[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i] ?? [0, 0];
    const [x2, y2] = ring[(i + 1) % ring.length] ?? [0, 0];
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

/** Returns the ring wound as an exterior ring (`exterior = true`) or as a hole. */
export function orientRing(ring: readonly MvtPoint[], exterior: boolean): MvtPoint[] {
  const area = ringArea(ring);
  const copy = ring.slice();
  return area > 0 === exterior || area === 0 ? copy : copy.reverse();
}

/** Encodes layers into the bytes of one vector tile. */
export function encodeMvt(layers: readonly MvtLayer[]): Uint8Array {
  const pbf = new PbfWriter();
  for (const layer of layers) {
    pbf.writeMessage(3, writeLayer, layer);
  }
  return pbf.finish();
}

/** Encodes one geometry into the packed command integers of a feature (exported for tests). */
export function encodeGeometry(
  type: MvtGeometryType,
  parts: readonly (readonly MvtPoint[])[],
): number[] {
  const out: number[] = [];
  let cx = 0;
  let cy = 0;
  const push = (p: MvtPoint): void => {
    const x = Math.round(p[0]);
    const y = Math.round(p[1]);
    out.push(zigzag(x - cx), zigzag(y - cy));
    cx = x;
    cy = y;
  };
  if (type === 'Point') {
    const points = parts.flat();
    if (points.length === 0) {
      return out;
    }
    out.push(command(1, points.length));
    points.forEach(push);
    return out;
  }
  for (const part of parts) {
    const points = type === 'Polygon' ? openRing(part) : part;
    if (points.length < (type === 'Polygon' ? 3 : 2)) {
      continue;
    }
    const [first, ...rest] = points;
    if (!first) {
      continue;
    }
    out.push(command(1, 1));
    push(first);
    out.push(command(2, rest.length));
    rest.forEach(push);
    if (type === 'Polygon') {
      out.push(command(7, 1));
    }
  }
  return out;
}

function openRing(ring: readonly MvtPoint[]): readonly MvtPoint[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) {
    return ring.slice(0, -1);
  }
  return ring;
}

function command(id: number, count: number): number {
  return (id & 0x7) | (count << 3);
}

function zigzag(n: number): number {
  return (n << 1) ^ (n >> 31);
}

interface LayerState {
  layer: MvtLayer;
  keys: Map<string, number>;
  values: Map<string, number>;
  valueList: MvtValue[];
}

function writeLayer(layer: MvtLayer, pbf: PbfWriter): void {
  pbf.writeVarintField(15, layer.version ?? 2);
  pbf.writeStringField(1, layer.name);
  const state: LayerState = { layer, keys: new Map(), values: new Map(), valueList: [] };
  for (const feature of layer.features) {
    pbf.writeMessage(2, (f: MvtFeature, p: PbfWriter) => writeFeature(f, p, state), feature);
  }
  for (const key of state.keys.keys()) {
    pbf.writeStringField(3, key);
  }
  for (const value of state.valueList) {
    pbf.writeMessage(4, writeValue, value);
  }
  pbf.writeVarintField(5, layer.extent ?? 4096);
}

function writeFeature(feature: MvtFeature, pbf: PbfWriter, state: LayerState): void {
  if (feature.id !== undefined) {
    pbf.writeTag(1, 0);
    writeUnsignedVarint(pbf, BigInt(feature.id));
  }
  const tags: number[] = [];
  for (const [key, value] of Object.entries(feature.properties ?? {})) {
    if (value === undefined) {
      continue;
    }
    let keyIndex = state.keys.get(key);
    if (keyIndex === undefined) {
      keyIndex = state.keys.size;
      state.keys.set(key, keyIndex);
    }
    const valueKey = `${typeof value}:${String(value)}`;
    let valueIndex = state.values.get(valueKey);
    if (valueIndex === undefined) {
      valueIndex = state.valueList.length;
      state.values.set(valueKey, valueIndex);
      state.valueList.push(value);
    }
    tags.push(keyIndex, valueIndex);
  }
  if (tags.length > 0) {
    pbf.writePackedVarint(2, tags);
  }
  pbf.writeVarintField(3, geomTypeCode[feature.type]);
  pbf.writePackedVarint(4, encodeGeometry(feature.type, feature.geometry));
}

function writeValue(value: MvtValue, pbf: PbfWriter): void {
  if (typeof value === 'string') {
    pbf.writeStringField(1, value);
  } else if (typeof value === 'boolean') {
    pbf.writeBooleanField(7, value);
  } else if (typeof value === 'bigint') {
    // int64 on the wire is the two's complement as an unsigned 64-bit varint.
    pbf.writeTag(4, 0);
    writeUnsignedVarint(pbf, BigInt.asUintN(64, value));
  } else if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
    if (value >= 0) {
      pbf.writeTag(4, 0);
      writeUnsignedVarint(pbf, BigInt(value));
    } else {
      pbf.writeSVarintField(6, value);
    }
  } else {
    pbf.writeDoubleField(3, value);
  }
}

function writeUnsignedVarint(pbf: PbfWriter, value: bigint): void {
  let v = value;
  pbf.realloc(10);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) {
      byte |= 0x80;
    }
    pbf.buf[pbf.pos++] = byte;
  } while (v > 0n);
}
