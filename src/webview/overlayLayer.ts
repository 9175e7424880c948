// A file shown over the map, as a Leaflet layer: a GridLayer whose tiles are canvases filled with
// the pixels the overlay worker draws. The page only copies pixels into canvases, so a tile costs
// it well under a millisecond however much of the file the tile holds. A tile that leaves the view
// before its pixels arrive cancels its request; a tile that fails is left blank and counted.
import * as L from 'leaflet';
import { isRequestCancelled } from '../shared/channel/requestErrors';
import type { OverlayWorker } from './overlayWorkerClient';

/** Options of {@link OverlayLayer}. */
export interface OverlayLayerOptions extends L.GridLayerOptions {
  id: string;
  colorIndex: number;
  worker: OverlayWorker;
  /** Told of a tile the worker could not draw. */
  onTileFailed?: (message: string) => void;
}

/** A Leaflet GridLayer drawing one overlay's tiles from the overlay worker. */
export class OverlayLayer extends L.GridLayer {
  declare options: OverlayLayerOptions;
  private readonly pending = new Map<HTMLElement, AbortController>();
  /** Tiles drawn with something on them, and tiles that failed. */
  drawn = 0;
  failed = 0;

  constructor(options: OverlayLayerOptions) {
    super({ pane: 'overlayPane', updateWhenZooming: false, keepBuffer: 1, ...options });
    this.on('tileunload', (event: L.TileEvent) => {
      this.pending.get(event.tile)?.abort();
      this.pending.delete(event.tile);
    });
  }

  protected override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
    const canvas = L.DomUtil.create('canvas', 'mly-overlay-tile');
    const tileSize = this.getTileSize();
    const ratio = Math.min(2, Math.max(1, Math.round(window.devicePixelRatio || 1)));
    const size = tileSize.x * ratio;
    canvas.width = size;
    canvas.height = size;
    canvas.style.width = `${tileSize.x}px`;
    canvas.style.height = `${tileSize.y}px`;
    const n = 2 ** coords.z;
    if (coords.y < 0 || coords.y >= n) {
      // Leaflet calls done only after createTile returns.
      setTimeout(() => done(undefined, canvas), 0);
      return canvas;
    }
    const controller = new AbortController();
    this.pending.set(canvas, controller);
    const at = { z: coords.z, x: ((coords.x % n) + n) % n, y: coords.y };
    this.options.worker
      .tile(this.options.id, at, size, this.options.colorIndex, controller.signal)
      .then(
        (pixels) => {
          this.pending.delete(canvas);
          if (pixels) {
            const image = new ImageData(new Uint8ClampedArray(pixels), size, size);
            canvas.getContext('2d')?.putImageData(image, 0, 0);
            canvas.dataset.drawn = 'true';
            this.drawn++;
          }
          done(undefined, canvas);
        },
        (error: unknown) => {
          this.pending.delete(canvas);
          if (isRequestCancelled(error)) return;
          this.failed++;
          const message = error instanceof Error ? error.message : String(error);
          this.options.onTileFailed?.(message);
          done(error instanceof Error ? error : new Error(message), canvas);
        },
      );
    return canvas;
  }

  override onRemove(map: L.Map): this {
    for (const controller of this.pending.values()) controller.abort();
    this.pending.clear();
    return super.onRemove(map);
  }
}
