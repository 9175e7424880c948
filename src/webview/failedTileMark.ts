// The mark of a tile that could not be shown: a dashed red frame, a cross and the reason in its
// title, drawn on the page's canvas (there is no bitmap from a worker for a failed tile).
import { FAILED_TILE_COLOR } from '../shared/map/mapStyle';

/** Marks `canvas` (a tile of `size` CSS pixels) as failed, with `message` as the reason. */
export function paintFailedTile(canvas: HTMLCanvasElement, size: number, message: string): void {
  // Leaflet keeps a tile that reported an error invisible; the mark must show.
  canvas.classList.add('mly-tile-failed', 'leaflet-tile-loaded');
  canvas.dataset.error = message.slice(0, 200);
  canvas.title = `This tile could not be shown: ${message}`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const dpr = canvas.width / size;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, size, size);
  ctx.strokeStyle = FAILED_TILE_COLOR;
  ctx.fillStyle = FAILED_TILE_COLOR;
  ctx.lineWidth = 2;
  ctx.setLineDash([6, 4]);
  ctx.strokeRect(4, 4, size - 8, size - 8);
  ctx.setLineDash([]);
  const c = size / 2;
  ctx.beginPath();
  ctx.moveTo(c - 10, c - 10);
  ctx.lineTo(c + 10, c + 10);
  ctx.moveTo(c + 10, c - 10);
  ctx.lineTo(c - 10, c + 10);
  ctx.stroke();
  ctx.font = '12px sans-serif';
  ctx.textAlign = 'center';
  ctx.fillText('tile failed', c, c + 28);
}
