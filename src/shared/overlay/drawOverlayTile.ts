// Draws one tile of a file shown over the map onto a 2D canvas context: polygons filled lightly
// and outlined, lines stroked, points as dots with a white ring, and clusters as circles with their
// count. Features go into paths of FEATURES_PER_PATH, each filled and stroked once, and polygons too
// small to show their shape become dots, so a tile costs about one pass over its vertices however
// many there are. Pure: the context is anything with these methods (the worker's OffscreenCanvas,
// or a recording stand-in in the tests).
import type { OverlayTileContent } from './overlayIndex';
import { OVERLAY_EXTENT } from './overlayIndex';

/** The part of a 2D context the painter uses. */
export interface OverlayCanvas {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  closePath(): void;
  fill(rule?: 'evenodd' | 'nonzero'): void;
  stroke(): void;
  fillText(text: string, x: number, y: number): void;
}

/** What one drawn tile held. */
export interface OverlayDrawCounts {
  polygons: number;
  lines: number;
  points: number;
  clusters: number;
}

const POINT_RADIUS = 4;
const TAU = Math.PI * 2;

function ring(ctx: OverlayCanvas, flat: ArrayLike<number>, scale: number, close: boolean): void {
  if (flat.length < 4) return;
  ctx.moveTo((flat[0] as number) * scale, (flat[1] as number) * scale);
  for (let i = 2; i + 1 < flat.length; i += 2) {
    ctx.lineTo((flat[i] as number) * scale, (flat[i + 1] as number) * scale);
  }
  if (close) ctx.closePath();
}

/** A short count for a cluster: 950, 1.2k, 34k. */
export function clusterText(count: number): string {
  if (count < 1000) return String(count);
  if (count < 10_000) return `${(count / 1000).toFixed(1)}k`;
  return `${Math.round(count / 1000)}k`;
}

/**
 * Features drawn per path. A canvas rasterises a path with many contours in more than linear time:
 * in Chromium, 34,000 small polygons as one path took 8.7 s to fill and stroke, in paths of 50
 * they took 0.3 s (measured with the overlay benchmark's buildings; see the README).
 */
export const FEATURES_PER_PATH = 50;
/** A polygon smaller than this many pixels both ways is drawn as a dot: its shape cannot be seen. */
const TINY_PX = 2;

/** Draws a tile's content into a canvas `pixels` wide (the context already scaled for DPR). */
export function drawOverlayTile(
  ctx: OverlayCanvas,
  content: OverlayTileContent,
  color: string,
  pixels: number,
): OverlayDrawCounts {
  const scale = pixels / OVERLAY_EXTENT;
  const counts: OverlayDrawCounts = { polygons: 0, lines: 0, points: 0, clusters: 0 };
  ctx.fillStyle = color;
  ctx.strokeStyle = color;

  // Polygons: filled lightly and outlined, a path at a time; the tiny ones as dots.
  const tiny: [number, number][] = [];
  let inPath = 0;
  const flushPolygons = (): void => {
    if (!inPath) return;
    ctx.globalAlpha = 0.22;
    ctx.fill('evenodd');
    ctx.globalAlpha = 0.9;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    inPath = 0;
  };
  for (const f of content.shapes) {
    if (f.type !== 3) continue;
    counts.polygons++;
    const outer = f.geometry[0];
    if (!outer) continue;
    const box = extent(outer);
    if ((box[2] - box[0]) * scale < TINY_PX && (box[3] - box[1]) * scale < TINY_PX) {
      tiny.push([((box[0] + box[2]) / 2) * scale, ((box[1] + box[3]) / 2) * scale]);
      continue;
    }
    if (!inPath) ctx.beginPath();
    for (const r of f.geometry) ring(ctx, r, scale, true);
    if (++inPath >= FEATURES_PER_PATH) flushPolygons();
  }
  flushPolygons();
  if (tiny.length) {
    ctx.globalAlpha = 0.9;
    for (let i = 0; i < tiny.length; i += FEATURES_PER_PATH * 4) {
      ctx.beginPath();
      for (const [x, y] of tiny.slice(i, i + FEATURES_PER_PATH * 4)) {
        ctx.moveTo(x - 1, y - 1);
        ctx.lineTo(x + 1, y - 1);
        ctx.lineTo(x + 1, y + 1);
        ctx.lineTo(x - 1, y + 1);
        ctx.closePath();
      }
      ctx.fill();
    }
  }

  // Lines, a path at a time.
  ctx.globalAlpha = 0.95;
  ctx.lineWidth = 2.5;
  inPath = 0;
  for (const f of content.shapes) {
    if (f.type !== 2) continue;
    counts.lines++;
    if (!inPath) ctx.beginPath();
    for (const line of f.geometry) ring(ctx, line, scale, false);
    if (++inPath >= FEATURES_PER_PATH) {
      ctx.stroke();
      inPath = 0;
    }
  }
  if (inPath) ctx.stroke();

  // Points: dots with a white ring, a path at a time.
  const dots: [number, number][] = [];
  for (const f of content.shapes) {
    if (f.type === 4) dots.push([f.x * scale, f.y * scale]);
    else if (f.type === 1) {
      for (let i = 0; i + 1 < f.geometry.length; i += 2) {
        dots.push([(f.geometry[i] as number) * scale, (f.geometry[i + 1] as number) * scale]);
      }
    }
  }
  for (const c of content.clusters) if (c.count === 1) dots.push([c.x * scale, c.y * scale]);
  counts.points = dots.length;
  ctx.globalAlpha = 1;
  ctx.lineWidth = 1;
  for (let i = 0; i < dots.length; i += FEATURES_PER_PATH) {
    ctx.beginPath();
    for (const [x, y] of dots.slice(i, i + FEATURES_PER_PATH)) {
      ctx.moveTo(x + POINT_RADIUS, y);
      ctx.arc(x, y, POINT_RADIUS, 0, TAU);
    }
    ctx.fillStyle = color;
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
  }

  const groups = content.clusters.filter((c) => c.count > 1);
  if (groups.length) {
    ctx.globalAlpha = 0.85;
    ctx.fillStyle = color;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (const c of groups) {
      const r = 9 + Math.min(9, Math.log10(c.count) * 3);
      ctx.moveTo(c.x * scale + r, c.y * scale);
      ctx.arc(c.x * scale, c.y * scale, r, 0, TAU);
    }
    ctx.fill();
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.fillStyle = '#ffffff';
    ctx.font = 'bold 11px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const c of groups) ctx.fillText(clusterText(c.count), c.x * scale, c.y * scale);
    counts.clusters = groups.length;
  }
  return counts;
}

function extent(flat: ArrayLike<number>): [number, number, number, number] {
  let w = Infinity;
  let n = Infinity;
  let e = -Infinity;
  let s = -Infinity;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const x = flat[i] as number;
    const y = flat[i + 1] as number;
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < n) n = y;
    if (y > s) s = y;
  }
  return [w, n, e, s];
}
