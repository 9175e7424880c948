// Reads an MVT geometry command stream (MoveTo / LineTo / ClosePath with zigzag deltas) in two
// steps. `scanGeometry` walks the raw bytes without allocating and counts what the stream would
// produce, refusing counts that exceed a cap or that claim more parameters than the bytes hold;
// only then does the caller allocate, and `decodeGeometry` fills the arrays. Both follow
// @mapbox/vector-tile's `loadGeometry()` exactly for valid input: every MoveTo starts a new part,
// a LineTo before any MoveTo moves the cursor without drawing, and each ClosePath appends a copy of
// the part's first vertex.
import { TileDecodeFailure } from './tileDecodeFailure';

const MOVE_TO = 1;
const LINE_TO = 2;
const CLOSE_PATH = 7;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/** What {@link scanGeometry} counted. */
export interface GeometryCounts {
  vertices: number;
  parts: number;
}

// Read position shared by the helpers below. Decoding is synchronous, so one module-level cursor
// is safe and saves returning a pair from every varint read.
let cursor = 0;

// Reads the varint at `cursor`, checking that it is a uint32 (at most 5 bytes, the fifth at most
// 0x0f) that ends before `end`.
function readCheckedUint32(buf: Uint8Array, end: number): number {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (cursor >= end) {
      throw new TileDecodeFailure('corrupt', 'a geometry varint runs past the end of the geometry');
    }
    const b = buf[cursor++] ?? 0;
    if (i === 4) {
      if (b > 0x0f) break;
      return value + b * 0x10000000;
    }
    value |= (b & 0x7f) << (7 * i);
    if (b < 0x80) return value;
  }
  throw new TileDecodeFailure('corrupt', 'a geometry value does not fit 32 bits');
}

// Reads a varint that readCheckedUint32 already validated.
function readTrustedUint32(buf: Uint8Array): number {
  let b = buf[cursor++] ?? 0;
  let value = b & 0x7f;
  if (b < 0x80) return value;
  b = buf[cursor++] ?? 0;
  value |= (b & 0x7f) << 7;
  if (b < 0x80) return value;
  b = buf[cursor++] ?? 0;
  value |= (b & 0x7f) << 14;
  if (b < 0x80) return value;
  b = buf[cursor++] ?? 0;
  value |= (b & 0x7f) << 21;
  if (b < 0x80) return value;
  b = buf[cursor++] ?? 0;
  return value + (b & 0x0f) * 0x10000000;
}

/**
 * Validates the geometry stream `buf[start..end)` and counts its vertices and parts into `out`.
 * Every varint must be a uint32 (at most 5 bytes) inside the range, and every coordinate must stay
 * within the int32 range. Throws a {@link TileDecodeFailure} when the stream is malformed or has
 * more than `maxVertices` vertices; the count is checked before the parameters are read, so a
 * 2-byte command claiming 2^28 vertices costs nothing.
 */
export function scanGeometry(
  buf: Uint8Array,
  start: number,
  end: number,
  maxVertices: number,
  out: GeometryCounts,
): void {
  cursor = start;
  let vertices = 0;
  let parts = 0;
  let open = false;
  let x = 0;
  let y = 0;
  while (cursor < end) {
    const command = readCheckedUint32(buf, end);
    const id = command & 0x7;
    const count = Math.floor(command / 8);
    if (count === 0) continue;
    if (id === MOVE_TO || id === LINE_TO) {
      // Each vertex needs two varints of at least one byte each.
      if (count > (end - cursor) / 2) {
        throw new TileDecodeFailure(
          'corrupt',
          `a geometry command claims ${count} vertices but only ${end - cursor} bytes remain`,
        );
      }
      if (id === MOVE_TO) {
        vertices += count;
        parts += count;
        open = true;
      } else if (open) {
        vertices += count;
      }
      if (vertices > maxVertices) throw tooMany(vertices, maxVertices);
      for (let i = count; i > 0; i--) {
        const dx = readCheckedUint32(buf, end);
        const dy = readCheckedUint32(buf, end);
        x += (dx >>> 1) ^ -(dx & 1);
        y += (dy >>> 1) ^ -(dy & 1);
        // Checked here rather than while decoding, so a stream that scans cleanly always decodes.
        if (x < INT32_MIN || x > INT32_MAX || y < INT32_MIN || y > INT32_MAX) {
          throw new TileDecodeFailure('corrupt', 'a geometry coordinate leaves the 32-bit range');
        }
      }
    } else if (id === CLOSE_PATH) {
      if (open) {
        vertices += count;
        if (vertices > maxVertices) throw tooMany(vertices, maxVertices);
      }
    } else {
      throw new TileDecodeFailure('corrupt', `unknown geometry command ${id}`);
    }
  }
  out.vertices = vertices;
  out.parts = parts;
}

function tooMany(vertices: number, max: number): TileDecodeFailure {
  return new TileDecodeFailure(
    'too-many-vertices',
    `a feature has at least ${vertices} vertices; the limit is ${max}`,
  );
}

/**
 * Decodes a stream that {@link scanGeometry} accepted. Writes vertices as x, y pairs into `coords`
 * from vertex index `vertexOffset`, and each part's first vertex index into `partStarts` from
 * `partOffset`. Returns the vertex index after the last vertex written.
 */
export function decodeGeometry(
  buf: Uint8Array,
  start: number,
  end: number,
  coords: Int32Array,
  vertexOffset: number,
  partStarts: Uint32Array,
  partOffset: number,
): number {
  cursor = start;
  let vertex = vertexOffset;
  let part = partOffset;
  let partFirst = -1;
  let x = 0;
  let y = 0;
  while (cursor < end) {
    const command = readTrustedUint32(buf);
    const id = command & 0x7;
    let count = Math.floor(command / 8);
    if (id === CLOSE_PATH) {
      if (partFirst >= 0) {
        const fx = coords[2 * partFirst] ?? 0;
        const fy = coords[2 * partFirst + 1] ?? 0;
        for (; count > 0; count--) {
          coords[2 * vertex] = fx;
          coords[2 * vertex + 1] = fy;
          vertex++;
        }
      }
      continue;
    }
    for (; count > 0; count--) {
      // Zigzag: (v >>> 1) ^ -(v & 1) maps 0, 1, 2, 3 … to 0, -1, 1, -2 …
      const dx = readTrustedUint32(buf);
      const dy = readTrustedUint32(buf);
      x += (dx >>> 1) ^ -(dx & 1);
      y += (dy >>> 1) ^ -(dy & 1);
      if (id === MOVE_TO) {
        partStarts[part++] = vertex;
        partFirst = vertex;
      } else if (partFirst < 0) {
        continue;
      }
      coords[2 * vertex] = x;
      coords[2 * vertex + 1] = y;
      vertex++;
    }
  }
  return vertex;
}
