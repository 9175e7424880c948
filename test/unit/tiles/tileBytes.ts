// Builds vector tile bytes field by field with pbf's writer, including what no encoder would
// write: raw geometry command streams, out-of-range tag indexes, 64-bit ids, wrong lengths.
import { PbfWriter } from 'pbf';

/** A property value to put in a layer's value table. */
export type ValueSpec =
  | { string: string }
  | { double: number }
  | { float: number }
  | { int: bigint }
  | { uint: bigint }
  | { sint: bigint }
  | { bool: boolean };

/** One feature, written as given. */
export interface FeatureSpec {
  id?: bigint;
  type?: number;
  tags?: number[];
  /** Raw geometry command stream (command integers and zigzagged parameters). */
  geometry?: number[];
}

/** One layer, written as given. */
export interface LayerSpec {
  name: string;
  version?: number;
  extent?: number;
  keys?: string[];
  values?: ValueSpec[];
  features: FeatureSpec[];
}

/** A command integer: `id` in the low 3 bits, `count` above. */
export function command(id: number, count: number): number {
  return count * 8 + id;
}

/** Zigzag-encodes a parameter. */
export function zigzag(n: number): number {
  return n < 0 ? -2 * n - 1 : 2 * n;
}

/** A geometry stream for one ring or line through `points` (deltas from the origin). */
export function pathGeometry(points: [number, number][], close: boolean): number[] {
  const out: number[] = [];
  let x = 0;
  let y = 0;
  points.forEach(([px, py], i) => {
    if (i === 0) out.push(command(1, 1));
    if (i === 1) out.push(command(2, points.length - 1));
    out.push(zigzag(px - x), zigzag(py - y));
    x = px;
    y = py;
  });
  if (close) out.push(command(7, 1));
  return out;
}

/** Writes an unsigned varint of any size (the writer's own is limited to doubles). */
export function writeBigVarint(pbf: PbfWriter, value: bigint): void {
  let v = BigInt.asUintN(64, value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    pbf.realloc(1);
    pbf.buf[pbf.pos++] = byte;
  } while (v > 0n);
}

function writeValue(value: ValueSpec, pbf: PbfWriter): void {
  if ('string' in value) {
    pbf.writeTag(1, 2);
    pbf.writeString(value.string);
  } else if ('float' in value) {
    pbf.writeTag(2, 5);
    pbf.writeFloat(value.float);
  } else if ('double' in value) {
    pbf.writeTag(3, 1);
    pbf.writeDouble(value.double);
  } else if ('int' in value) {
    pbf.writeTag(4, 0);
    writeBigVarint(pbf, value.int);
  } else if ('uint' in value) {
    pbf.writeTag(5, 0);
    writeBigVarint(pbf, value.uint);
  } else if ('sint' in value) {
    pbf.writeTag(6, 0);
    writeBigVarint(pbf, value.sint < 0n ? -2n * value.sint - 1n : 2n * value.sint);
  } else {
    pbf.writeTag(7, 0);
    pbf.writeVarint(value.bool ? 1 : 0);
  }
}

function writeFeature(feature: FeatureSpec, pbf: PbfWriter): void {
  if (feature.id !== undefined) {
    pbf.writeTag(1, 0);
    writeBigVarint(pbf, feature.id);
  }
  if (feature.tags) pbf.writePackedVarint(2, feature.tags);
  if (feature.type !== undefined) {
    pbf.writeTag(3, 0);
    pbf.writeVarint(feature.type);
  }
  if (feature.geometry) pbf.writePackedVarint(4, feature.geometry);
}

function writeLayer(layer: LayerSpec, pbf: PbfWriter): void {
  pbf.writeTag(15, 0);
  pbf.writeVarint(layer.version ?? 2);
  pbf.writeTag(1, 2);
  pbf.writeString(layer.name);
  for (const feature of layer.features) pbf.writeMessage(2, writeFeature, feature);
  for (const key of layer.keys ?? []) {
    pbf.writeTag(3, 2);
    pbf.writeString(key);
  }
  for (const value of layer.values ?? []) pbf.writeMessage(4, writeValue, value);
  pbf.writeTag(5, 0);
  pbf.writeVarint(layer.extent ?? 4096);
}

/** Encodes the layers as one tile. */
export function tileBytes(layers: LayerSpec[]): Uint8Array {
  const pbf = new PbfWriter();
  for (const layer of layers) pbf.writeMessage(3, writeLayer, layer);
  return pbf.finish().slice();
}
