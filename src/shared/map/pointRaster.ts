// A pixel buffer for small points and thin lines. A path of tens of thousands of tiny squares, or
// of the tens of thousands of vertices of a dense tile's sequences, takes a software rasteriser
// ten times longer than writing their pixels directly, which takes about a millisecond; the caller
// composites the buffer over the canvas afterwards.

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

/** A `#rrggbb` colour with an opacity (0 to 1) as a little-endian RGBA word. */
export function packColorAlpha(hex: string, alpha: number): number {
  const a = Math.max(0, Math.min(255, Math.round(alpha * 255)));
  return ((packColor(hex) & 0x00ffffff) | (a << 24)) >>> 0;
}

/**
 * Writes a line from (x0, y0) to (x1, y1) (CSS pixels) with a square pen `width` device pixels
 * wide, clipped to the buffer. Pixels are written, not blended: where lines cross, the last wins.
 */
export function strokeSegment(
  raster: PointRaster,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  width: number,
  packed: number,
): void {
  const s = raster.scale;
  const ax = x0 * s;
  const ay = y0 * s;
  const dx = x1 * s - ax;
  const dy = y1 * s - ay;
  const { data, width: w, height: h } = raster;
  const half = width / 2;
  // Segments wholly outside the buffer cost nothing.
  if (Math.max(ax, ax + dx) < -half || Math.min(ax, ax + dx) > w + half) return;
  if (Math.max(ay, ay + dy) < -half || Math.min(ay, ay + dy) > h + half) return;
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(dx), Math.abs(dy))));
  for (let i = 0; i <= steps; i++) {
    const px = Math.round(ax + (dx * i) / steps - half);
    const py = Math.round(ay + (dy * i) / steps - half);
    const xa = px < 0 ? 0 : px;
    const xb = px + width > w ? w : px + width;
    const ya = py < 0 ? 0 : py;
    const yb = py + width > h ? h : py + width;
    for (let y = ya; y < yb; y++) {
      const row = y * w;
      for (let x = xa; x < xb; x++) data[row + x] = packed;
    }
  }
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
