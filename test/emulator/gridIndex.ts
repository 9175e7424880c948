/** A box in degrees: west, south, east, north. */
export interface Bbox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/**
 * A uniform grid over lon/lat holding items by position, so that bbox searches and tiles on the
 * city dataset touch only the cells they overlap.
 */
export class GridIndex<T> {
  private readonly cells = new Map<number, { lon: number[]; lat: number[]; items: T[] }>();
  private count = 0;

  /** @param cellDegrees the side of one cell in degrees. */
  constructor(private readonly cellDegrees = 0.002) {}

  /** Number of items held. */
  get size(): number {
    return this.count;
  }

  /** Adds an item at a position. */
  add(lon: number, lat: number, item: T): void {
    const key = this.key(this.cx(lon), this.cy(lat));
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { lon: [], lat: [], items: [] };
      this.cells.set(key, cell);
    }
    cell.lon.push(lon);
    cell.lat.push(lat);
    cell.items.push(item);
    this.count++;
  }

  /** Calls `visit` for every item inside the box (edges included); `false` from it stops. */
  forEachIn(box: Bbox, visit: (item: T, lon: number, lat: number) => boolean | void): void {
    const x0 = this.cx(box.minLon);
    const x1 = this.cx(box.maxLon);
    const y0 = this.cy(box.minLat);
    const y1 = this.cy(box.maxLat);
    // A box far larger than the data would visit millions of empty cells: walk the cells instead.
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > this.cells.size * 4) {
      for (const cell of this.cells.values()) {
        if (!this.visitCell(cell, box, visit)) return;
      }
      return;
    }
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const cell = this.cells.get(this.key(x, y));
        if (cell && !this.visitCell(cell, box, visit)) return;
      }
    }
  }

  /** The items inside the box. */
  query(box: Bbox): T[] {
    const out: T[] = [];
    this.forEachIn(box, (item) => {
      out.push(item);
    });
    return out;
  }

  /** Visits a cell's items in the box; false when `visit` asked to stop. */
  private visitCell(
    cell: { lon: number[]; lat: number[]; items: T[] },
    box: Bbox,
    visit: (item: T, lon: number, lat: number) => boolean | void,
  ): boolean {
    for (let i = 0; i < cell.items.length; i++) {
      const lon = cell.lon[i] ?? NaN;
      const lat = cell.lat[i] ?? NaN;
      if (lon >= box.minLon && lon <= box.maxLon && lat >= box.minLat && lat <= box.maxLat) {
        if (visit(cell.items[i] as T, lon, lat) === false) return false;
      }
    }
    return true;
  }

  private cx(lon: number): number {
    return Math.floor(lon / this.cellDegrees);
  }

  private cy(lat: number): number {
    return Math.floor(lat / this.cellDegrees);
  }

  private key(x: number, y: number): number {
    // Cells are small integers around the data (|x|, |y| < 2^20 at the default size).
    return (x + 0x100000) * 0x200000 + (y + 0x100000);
  }
}
