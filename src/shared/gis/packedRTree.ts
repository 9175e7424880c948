// The spatial index of a FlatGeobuf file: a packed Hilbert R-tree (FlatGeobuf's specification,
// "Index"). Features are sorted by the Hilbert value of their box centres, the leaves hold each
// feature's box and byte offset, and every parent the union of up to `nodeSize` children and the
// index of its first child; the root comes first. The library reads such trees but does not write
// them, so this module builds one; the level layout comes from the library, so both agree.
import { NODE_ITEM_BYTE_LEN, generateLevelBounds } from 'flatgeobuf/lib/mjs/packedrtree.js';

/** FlatGeobuf's default node size, which GDAL also writes. */
export const DEFAULT_NODE_SIZE = 16;

const HILBERT_MAX = (1 << 16) - 1;

/** The 32-bit Hilbert value of a point on a 2^16 × 2^16 grid. */
export function hilbert(x: number, y: number): number {
  let a = x ^ y;
  let b = 0xffff ^ a;
  let c = 0xffff ^ (x | y);
  let d = x & (y ^ 0xffff);
  let A = a | (b >> 1);
  let B = (a >> 1) ^ a;
  let C = (c >> 1) ^ (b & (d >> 1)) ^ c;
  let D = (a & (c >> 1)) ^ (d >> 1) ^ d;
  a = A;
  b = B;
  c = C;
  d = D;
  A = (a & (a >> 2)) ^ (b & (b >> 2));
  B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
  C ^= (a & (c >> 2)) ^ (b & (d >> 2));
  D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));
  a = A;
  b = B;
  c = C;
  d = D;
  A = (a & (a >> 4)) ^ (b & (b >> 4));
  B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
  C ^= (a & (c >> 4)) ^ (b & (d >> 4));
  D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));
  a = A;
  b = B;
  c = C;
  d = D;
  C ^= (a & (c >> 8)) ^ (b & (d >> 8));
  D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));
  a = C ^ (C >> 1);
  b = D ^ (D >> 1);
  let i0 = x ^ y;
  let i1 = b | (0xffff ^ (i0 | a));
  i0 = (i0 | (i0 << 8)) & 0x00ff00ff;
  i0 = (i0 | (i0 << 4)) & 0x0f0f0f0f;
  i0 = (i0 | (i0 << 2)) & 0x33333333;
  i0 = (i0 | (i0 << 1)) & 0x55555555;
  i1 = (i1 | (i1 << 8)) & 0x00ff00ff;
  i1 = (i1 | (i1 << 4)) & 0x0f0f0f0f;
  i1 = (i1 | (i1 << 2)) & 0x33333333;
  i1 = (i1 | (i1 << 1)) & 0x55555555;
  return ((i1 << 1) | i0) >>> 0;
}

/**
 * The order to write `count` features in: indices sorted by the Hilbert value of their box centres
 * within `extent`. `boxes` holds `minX, minY, maxX, maxY` per feature.
 */
export function hilbertOrder(
  boxes: Float64Array,
  count: number,
  extent: readonly [number, number, number, number],
): Uint32Array {
  const [minX, minY, maxX, maxY] = extent;
  const width = maxX - minX || 1;
  const height = maxY - minY || 1;
  const values = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const cx = ((boxes[i * 4] as number) + (boxes[i * 4 + 2] as number)) / 2;
    const cy = ((boxes[i * 4 + 1] as number) + (boxes[i * 4 + 3] as number)) / 2;
    values[i] = hilbert(
      Math.floor((HILBERT_MAX * (cx - minX)) / width),
      Math.floor((HILBERT_MAX * (cy - minY)) / height),
    );
  }
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  // Descending, as the reference implementation sorts; ties keep their input order.
  order.sort((p, q) => (values[q] as number) - (values[p] as number) || p - q);
  return order;
}

/**
 * The bytes of the tree over `count` features written in `order`: `boxes` as for
 * {@link hilbertOrder}, `offsets[i]` the byte offset of feature `i` in the features section.
 */
export function packedRTree(
  boxes: Float64Array,
  offsets: Float64Array,
  order: Uint32Array,
  nodeSize = DEFAULT_NODE_SIZE,
): Uint8Array {
  const count = order.length;
  const levels = generateLevelBounds(count, nodeSize);
  const leafStart = (levels[0] as [number, number])[0];
  const nodeCount = leafStart + count;
  const nodes = new Float64Array(nodeCount * 4);
  const pointers = new Float64Array(nodeCount);
  for (let i = 0; i < count; i++) {
    const feature = order[i] as number;
    nodes.set(boxes.subarray(feature * 4, feature * 4 + 4), (leafStart + i) * 4);
    pointers[leafStart + i] = offsets[feature] as number;
  }
  for (let level = 0; level + 1 < levels.length; level++) {
    const end = (levels[level] as [number, number])[1];
    let pos = (levels[level] as [number, number])[0];
    let parent = (levels[level + 1] as [number, number])[0];
    while (pos < end) {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      pointers[parent] = pos;
      for (let j = 0; j < nodeSize && pos < end; j++, pos++) {
        minX = Math.min(minX, nodes[pos * 4] as number);
        minY = Math.min(minY, nodes[pos * 4 + 1] as number);
        maxX = Math.max(maxX, nodes[pos * 4 + 2] as number);
        maxY = Math.max(maxY, nodes[pos * 4 + 3] as number);
      }
      nodes.set([minX, minY, maxX, maxY], parent * 4);
      parent += 1;
    }
  }
  const bytes = new Uint8Array(nodeCount * NODE_ITEM_BYTE_LEN);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < nodeCount; i++) {
    const at = i * NODE_ITEM_BYTE_LEN;
    view.setFloat64(at, nodes[i * 4] as number, true);
    view.setFloat64(at + 8, nodes[i * 4 + 1] as number, true);
    view.setFloat64(at + 16, nodes[i * 4 + 2] as number, true);
    view.setFloat64(at + 24, nodes[i * 4 + 3] as number, true);
    view.setBigUint64(at + 32, BigInt(pointers[i] as number), true);
  }
  return bytes;
}
