// A pixel buffer for small points. A path of tens of thousands of tiny squares takes a software
// rasteriser longer than the rest of the tile together; writing their pixels directly takes about
// a millisecond, and the caller composites the buffer over the canvas afterwards.

/** RGBA pixels that small points are written into, composited over the canvas by the caller. */
export interface PointRaster {
  /** RGBA pixels as 32-bit words (little-endian: `0xAABBGGRR`), row by row. */
  data: Uint32Array;
  width: number;
  height: number;
  /** Device pixels per CSS pixel. */
  scale: number;
}

/** A `#rrggbb` colour as an opaque little-endian RGBA word. */
export function packColor(hex: string): number {
  const v = parseInt(hex.slice(1, 7), 16);
  return ((0xff << 24) | ((v & 0xff) << 16) | (v & 0xff00) | ((v >> 16) & 0xff)) >>> 0;
}

/** Fills the square of half-side `r` CSS pixels around `(x, y)`, clipped to the buffer. */
export function fillSquare(
  raster: PointRaster,
  x: number,
  y: number,
  r: number,
  packed: number,
): void {
  const s = raster.scale;
  const x0 = Math.max(0, Math.round((x - r) * s));
  const x1 = Math.min(raster.width, Math.round((x + r) * s));
  const y0 = Math.max(0, Math.round((y - r) * s));
  const y1 = Math.min(raster.height, Math.round((y + r) * s));
  const { data, width } = raster;
  for (let py = y0; py < y1; py++) {
    const row = py * width;
    for (let px = x0; px < x1; px++) data[row + px] = packed;
  }
}
