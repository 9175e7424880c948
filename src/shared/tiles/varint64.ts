// Exact 64-bit varints. pbf returns every varint as a double, which rounds values above 2^53;
// Mapillary's image ids are int64 and do exceed that, so ids and integer property values are read
// from the raw bytes here: a number while exact, a decimal string beyond.
import { TileDecodeFailure } from './tileDecodeFailure';

// Varints of up to 7 bytes hold at most 49 bits: exact as a double, no BigInt needed.
const FAST_BYTES = 7;
const MAX_BYTES = 10;

/** A byte buffer and a read position, as pbf's reader has them. */
export interface ByteCursor {
  buf: Uint8Array;
  pos: number;
}

/** How a 64-bit varint is to be interpreted. */
export type Int64Kind = 'int64' | 'uint64' | 'sint64';

function readRaw(cursor: ByteCursor, end: number): number | bigint {
  const { buf } = cursor;
  let pos = cursor.pos;
  let value = 0;
  let scale = 1;
  for (let i = 0; i < FAST_BYTES; i++) {
    if (pos >= end) throw endFailure(cursor, end);
    const b = buf[pos++] ?? 0;
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      cursor.pos = pos;
      return value;
    }
    scale *= 128;
  }
  let big = BigInt(value);
  let shift = BigInt(7 * FAST_BYTES);
  for (let i = FAST_BYTES; i < MAX_BYTES; i++) {
    if (pos >= end) throw endFailure(cursor, end);
    const b = buf[pos++] ?? 0;
    big |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) {
      cursor.pos = pos;
      return BigInt.asUintN(64, big);
    }
    shift += 7n;
  }
  throw new TileDecodeFailure('corrupt', 'a varint is longer than 10 bytes');
}

function endFailure(cursor: ByteCursor, end: number): TileDecodeFailure {
  return end >= cursor.buf.length
    ? new TileDecodeFailure('truncated', 'the data ends inside a varint')
    : new TileDecodeFailure('corrupt', 'a varint runs past the end of its field');
}

function fromBig(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

/** Reads a uint64 varint (such as a feature id) as an exact decimal string. */
export function readUint64String(cursor: ByteCursor, end: number): string {
  const raw = readRaw(cursor, end);
  return raw.toString();
}

/**
 * Reads a 64-bit integer varint of the given kind: a number when it is exactly representable
 * (|value| ≤ 2^53 - 1), otherwise its exact decimal string.
 */
export function readInt64Value(cursor: ByteCursor, end: number, kind: Int64Kind): number | string {
  const raw = readRaw(cursor, end);
  if (typeof raw === 'number') {
    // Fewer than 50 bits: never negative as int64, and zigzag halves it exactly.
    if (kind === 'sint64') return raw % 2 === 1 ? -(raw + 1) / 2 : raw / 2;
    return raw;
  }
  if (kind === 'uint64') return fromBig(raw);
  if (kind === 'int64') return fromBig(BigInt.asIntN(64, raw));
  return fromBig((raw >> 1n) ^ -(raw & 1n));
}
