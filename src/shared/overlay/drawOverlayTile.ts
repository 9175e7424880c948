// Draws one tile of a file shown over the map onto a 2D canvas context: polygons filled lightly
// and outlined, lines stroked, points as dots with a white ring, and clusters as circles with their
// count. Every kind is drawn as one path, filled and stroked once, so a tile costs one pass over
// its vertices whatever their number. Pure: the context is anything with these methods (the
// worker's OffscreenCanvas, or a recording stand-in in the tests).
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

  ctx.beginPath();
  for (const f of content.shapes) {
    if (f.type !== 3) continue;
    counts.polygons++;
    for (const r of f.geometry) ring(ctx, r, scale, true);
  }
  if (counts.polygons) {
    ctx.globalAlpha = 0.22;
    ctx.fill('evenodd');
    ctx.globalAlpha = 0.9;
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }

  ctx.beginPath();
  for (const f of content.shapes) {
    if (f.type !== 2) continue;
    counts.lines++;
    for (const line of f.geometry) ring(ctx, line, scale, false);
  }
  if (counts.lines) {
    ctx.globalAlpha = 0.95;
    ctx.lineWidth = 2.5;
    ctx.stroke();
  }

  ctx.beginPath();
  const dot = (x: number, y: number): void => {
    ctx.moveTo(x * scale + POINT_RADIUS, y * scale);
    ctx.arc(x * scale, y * scale, POINT_RADIUS, 0, TAU);
    counts.points++;
  };
  for (const f of content.shapes) {
    if (f.type === 4) dot(f.x, f.y);
    else if (f.type === 1) {
      for (let i = 0; i + 1 < f.geometry.length; i += 2) {
        dot(f.geometry[i] as number, f.geometry[i + 1] as number);
      }
    }
  }
  for (const c of content.clusters) if (c.count === 1) dot(c.x, c.y);
  if (counts.points) {
    ctx.globalAlpha = 1;
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1;
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
