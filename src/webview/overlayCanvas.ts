// A canvas laid over a picture to draw its detections: sized in device pixels to cover the picture
// as it is shown now, and cleared, before each draw.
import { overlayPixelSize } from '../shared/map/detectionPixels';

/** A cleared overlay ready to draw on, with its size in device pixels. */
export interface ClearedOverlay {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
}

/** Sizes `overlay` to cover `picture` and clears it; undefined when the canvas has no 2D context. */
export function clearOverlay(
  overlay: HTMLCanvasElement,
  picture: Element,
): ClearedOverlay | undefined {
  const box = picture.getBoundingClientRect();
  const size = overlayPixelSize(box.width, box.height, window.devicePixelRatio || 1);
  if (overlay.width !== size.width) overlay.width = size.width;
  if (overlay.height !== size.height) overlay.height = size.height;
  const ctx = overlay.getContext('2d');
  if (!ctx) return undefined;
  ctx.clearRect(0, 0, size.width, size.height);
  return { ctx, ...size };
}
