// The canvases of a Mapillary layer and what each shows: its tiles (the page's copies, for picking
// and the legend), the window of them it shows, its drawing state and its counts. Looked up by
// element (for Leaflet's events) and by wrapped tile key (for picks and box selections, which
// visit the canvases near a point or inside a box and hand each tile coordinates of their own).
import type * as L from 'leaflet';
import { zeroCounts, type DrawCounts } from '../shared/map/drawView';
import type { RenderTile } from '../shared/map/renderTile';
import type { TileAddress } from '../shared/messages';

/** One canvas of the layer. */
export interface TileState {
  /** Wrapped `z/x/y` of the canvas. */
  key: string;
  canvas: HTMLCanvasElement;
  coords: L.Coords;
  sources: TileAddress[];
  tiles: RenderTile[] | undefined;
  window: { x0: number; y0: number; size: number } | undefined;
  counts: DrawCounts;
  failed: boolean;
  /** Counts the draws asked for; an answer for an older one than the latest is dropped. */
  generation: number;
  /** The draw whose bitmap the canvas shows (equal to `generation` when nothing is pending). */
  composited: number;
  /** Resolves when the latest draw asked for has been composited (or dropped). */
  drawn: Promise<void>;
}

/** The key of a canvas position, its x wrapped around the antimeridian. */
export function wrappedKey(z: number, x: number, y: number): string {
  const n = 2 ** z;
  return `${z}/${((x % n) + n) % n}/${y}`;
}

/** A point in tile pixels of zoom `z` (Leaflet's `project`). */
interface PixelPoint {
  x: number;
  y: number;
}

/** The canvases of one layer. */
export class TileCanvases {
  readonly states = new Map<HTMLElement, TileState>();
  readonly byKey = new Map<string, TileState>();

  /** Every tile held by any canvas. */
  heldTiles(): RenderTile[] {
    const out: RenderTile[] = [];
    for (const state of this.states.values()) if (state.tiles) out.push(...state.tiles);
    return out;
  }

  /** Totals over the canvases of zoom level `zoom` (see MapillaryLayer.summary). */
  summary(zoom: number | undefined): {
    drawn: number;
    failed: number;
    loading: number;
    counts: DrawCounts;
  } {
    const counts = zeroCounts();
    let drawn = 0;
    let failed = 0;
    let loading = 0;
    for (const state of this.states.values()) {
      if (state.coords.z !== zoom) continue;
      if (state.failed) failed++;
      else if (state.tiles && state.composited === state.generation) drawn++;
      else loading++;
      for (const k of Object.keys(counts) as (keyof DrawCounts)[]) counts[k] += state.counts[k];
    }
    return { drawn, failed, loading, counts };
  }

  /**
   * Calls `visit` for each tile of the canvases of zoom `z` within `radius` CSS pixels of `p` (in
   * pixels of zoom `z`, canvases `size` pixels wide), with `p` and the radius in that tile's
   * coordinates, and its tile units per CSS pixel.
   */
  forTilesNear(
    p: PixelPoint,
    z: number,
    size: number,
    radius: number,
    visit: (tile: RenderTile, x: number, y: number, r: number, scale: number) => void,
  ): void {
    const tx = Math.floor(p.x / size);
    const ty = Math.floor(p.y / size);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const state = this.byKey.get(wrappedKey(z, tx + dx, ty + dy));
        if (!state?.tiles || !state.window) continue;
        const lx = p.x - (tx + dx) * size;
        const ly = p.y - (ty + dy) * size;
        // Skip neighbours farther than the radius from the pointer.
        if (lx < -radius || ly < -radius || lx > size + radius || ly > size + radius) continue;
        const scale = state.window.size / size;
        for (const tile of state.tiles) {
          visit(
            tile,
            state.window.x0 + lx * scale,
            state.window.y0 + ly * scale,
            radius * scale,
            scale,
          );
        }
      }
    }
  }

  /**
   * Calls `visit` for each tile of the canvases of zoom `z` that the box from `nw` to `se` (pixels
   * of zoom `z`) touches, with the box in that tile's coordinates.
   */
  forTilesIn(
    nw: PixelPoint,
    se: PixelPoint,
    z: number,
    size: number,
    visit: (tile: RenderTile, box: [number, number, number, number]) => void,
  ): void {
    const n = 2 ** z;
    for (let ty = Math.floor(nw.y / size); ty <= Math.floor(se.y / size); ty++) {
      if (ty < 0 || ty >= n) continue;
      for (let tx = Math.floor(nw.x / size); tx <= Math.floor(se.x / size); tx++) {
        const state = this.byKey.get(wrappedKey(z, tx, ty));
        const window = state?.window;
        if (!state?.tiles || !window) continue;
        const scale = window.size / size;
        const toX = (x: number): number => window.x0 + (x - tx * size) * scale;
        const toY = (y: number): number => window.y0 + (y - ty * size) * scale;
        for (const tile of state.tiles) visit(tile, [toX(nw.x), toY(nw.y), toX(se.x), toY(se.y)]);
      }
    }
  }
}
