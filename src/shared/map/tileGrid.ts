// A uniform grid over one tile, built once per tile, so hover and click find the nearest feature
// by looking at a few cells instead of every one of a dense tile's tens of thousands of features.
// Stored as two typed arrays (a counting sort), which are cheap to build and to transfer.

/** Cells along each side of a tile. */
export const GRID_SIZE = 64;

/** A grid index over a tile's features or segments. */
export interface TileGrid {
  /** Cells along each side. */
  size: number;
  /** Width of a cell in tile coordinates. */
  cellExtent: number;
  /** Items of cell `c` are `items[cellStarts[c] .. cellStarts[c + 1] - 1]`. */
  cellStarts: Uint32Array;
  items: Uint32Array;
}

function cellOf(value: number, cellExtent: number, size: number): number {
  const c = Math.floor(value / cellExtent);
  return c < 0 ? 0 : c >= size ? size - 1 : c;
}

/** Builds a grid over points (`xy` pairs); an item is the point's index. */
export function buildPointGrid(
  xy: Float32Array,
  count: number,
  extent: number,
  size = GRID_SIZE,
): TileGrid {
  const cellExtent = extent / size;
  const cellStarts = new Uint32Array(size * size + 1);
  const cells = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const c =
      cellOf(xy[2 * i + 1] ?? 0, cellExtent, size) * size +
      cellOf(xy[2 * i] ?? 0, cellExtent, size);
    cells[i] = c;
    cellStarts[c + 1] = (cellStarts[c + 1] ?? 0) + 1;
  }
  for (let c = 0; c < size * size; c++)
    cellStarts[c + 1] = (cellStarts[c + 1] ?? 0) + (cellStarts[c] ?? 0);
  const fill = cellStarts.slice(0, size * size);
  const items = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const c = cells[i] ?? 0;
    items[fill[c] ?? 0] = i;
    fill[c] = (fill[c] ?? 0) + 1;
  }
  return { size, cellExtent, cellStarts, items };
}

// Calls `visit(cell)` for every cell a segment's bounding box touches.
function forSegmentCells(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  cellExtent: number,
  size: number,
  visit: (cell: number) => void,
): void {
  const cx0 = cellOf(Math.min(x0, x1), cellExtent, size);
  const cx1 = cellOf(Math.max(x0, x1), cellExtent, size);
  const cy0 = cellOf(Math.min(y0, y1), cellExtent, size);
  const cy1 = cellOf(Math.max(y0, y1), cellExtent, size);
  for (let cy = cy0; cy <= cy1; cy++) {
    for (let cx = cx0; cx <= cx1; cx++) visit(cy * size + cx);
  }
}

/**
 * Builds a grid over the segments of line parts; an item is the index of a segment's first
 * vertex (the segment runs to the next vertex of the same part).
 */
export function buildLineGrid(
  xy: Float32Array,
  partStarts: Uint32Array,
  extent: number,
  size = GRID_SIZE,
): TileGrid {
  const cellExtent = extent / size;
  const cellStarts = new Uint32Array(size * size + 1);
  const parts = partStarts.length - 1;
  const eachSegment = (visit: (vertex: number, cell: number) => void): void => {
    for (let p = 0; p < parts; p++) {
      const end = partStarts[p + 1] ?? 0;
      for (let v = partStarts[p] ?? 0; v + 1 < end; v++) {
        forSegmentCells(
          xy[2 * v] ?? 0,
          xy[2 * v + 1] ?? 0,
          xy[2 * v + 2] ?? 0,
          xy[2 * v + 3] ?? 0,
          cellExtent,
          size,
          (cell) => visit(v, cell),
        );
      }
    }
  };
  eachSegment((_, cell) => {
    cellStarts[cell + 1] = (cellStarts[cell + 1] ?? 0) + 1;
  });
  for (let c = 0; c < size * size; c++)
    cellStarts[c + 1] = (cellStarts[c + 1] ?? 0) + (cellStarts[c] ?? 0);
  const fill = cellStarts.slice(0, size * size);
  const items = new Uint32Array(cellStarts[size * size] ?? 0);
  eachSegment((vertex, cell) => {
    items[fill[cell] ?? 0] = vertex;
    fill[cell] = (fill[cell] ?? 0) + 1;
  });
  return { size, cellExtent, cellStarts, items };
}

/** Calls `visit(item)` for every item in the cells that a box (tile coordinates) touches. */
export function forEachInBox(
  grid: TileGrid,
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
  visit: (item: number) => void,
): void {
  const { size, cellExtent, cellStarts, items } = grid;
  if (size === 0) return;
  const cx0 = cellOf(minX, cellExtent, size);
  const cx1 = cellOf(maxX, cellExtent, size);
  const cy0 = cellOf(minY, cellExtent, size);
  const cy1 = cellOf(maxY, cellExtent, size);
  for (let cy = cy0; cy <= cy1; cy++) {
    for (let cx = cx0; cx <= cx1; cx++) {
      const c = cy * size + cx;
      const end = cellStarts[c + 1] ?? 0;
      for (let k = cellStarts[c] ?? 0; k < end; k++) visit(items[k] ?? 0);
    }
  }
}
