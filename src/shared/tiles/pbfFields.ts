// The protobuf level of a Mapbox Vector Tile, read with bounds: every varint and length is checked
// against the message that holds it, so a corrupt or truncated tile fails with a typed error at the
// first byte out of place instead of reading past it.
import type { PbfReader } from 'pbf';
import type { PropertyValue } from './decodedTile';
import { TileDecodeFailure } from './tileDecodeFailure';
import { readInt64Value } from './varint64';

// Protobuf wire types.
export const VARINT = 0;
export const FIXED64 = 1;
export const BYTES = 2;
export const FIXED32 = 5;

// Field tags (field number << 3 | wire type) of the MVT schema.
export const TILE_LAYER = (3 << 3) | BYTES;
export const LAYER_NAME = (1 << 3) | BYTES;
export const LAYER_FEATURE = (2 << 3) | BYTES;
export const LAYER_KEY = (3 << 3) | BYTES;
export const LAYER_VALUE = (4 << 3) | BYTES;
export const LAYER_EXTENT = (5 << 3) | VARINT;
export const LAYER_VERSION = (15 << 3) | VARINT;
export const FEATURE_ID = (1 << 3) | VARINT;
export const FEATURE_TAGS = (2 << 3) | BYTES;
export const FEATURE_TYPE = (3 << 3) | VARINT;
export const FEATURE_GEOMETRY = (4 << 3) | BYTES;
export const VALUE_STRING = (1 << 3) | BYTES;
export const VALUE_FLOAT = (2 << 3) | FIXED32;
export const VALUE_DOUBLE = (3 << 3) | FIXED64;
export const VALUE_INT = (4 << 3) | VARINT;
export const VALUE_UINT = (5 << 3) | VARINT;
export const VALUE_SINT = (6 << 3) | VARINT;
export const VALUE_BOOL = (7 << 3) | VARINT;

export function failEnd(reader: PbfReader, end: number, what: string): never {
  throw end >= reader.length
    ? new TileDecodeFailure('truncated', `the data ends inside ${what}`)
    : new TileDecodeFailure('corrupt', `${what} runs past the end of its message`);
}

export function readVarint(reader: PbfReader, end: number, what: string): number {
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
export function readLengthEnd(reader: PbfReader, end: number, what: string): number {
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

export function skipField(reader: PbfReader, tag: number, end: number): void {
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

export function readString(reader: PbfReader, end: number, what: string): string {
  const fieldEnd = readLengthEnd(reader, end, what);
  const text = decoder.decode(reader.buf.subarray(reader.pos, fieldEnd));
  reader.pos = fieldEnd;
  return text;
}

const decoder = new TextDecoder('utf-8');

export function readValue(reader: PbfReader, end: number): PropertyValue {
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

// Number of varints in a packed tag list, which must pair keys with values. Varints that run past
// the list's end are caught here, so later reads of the list need no bounds checks.
export function countTags(buf: Uint8Array, start: number, end: number): number {
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
