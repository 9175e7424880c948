// Mapillary's vector tiles as a Leaflet layer: a GridLayer whose tiles are canvases showing the
// bitmaps a drawing worker made from the tiles it holds (see tilePainter): the page only
// composites them, and picks from its own copy of each tile. Above z14 the z14 tile is
// overzoomed: the canvas shows the part of it that it covers, at full resolution. A tile that
// fails is drawn with a visible mark and costs nothing else. Filters and styles redraw the canvases
// from the tiles already held.
import * as L from 'leaflet';
import { isRequestCancelled } from '../shared/channel/requestErrors';
import { zeroCounts, type DrawCounts, type DrawState, type TileView } from '../shared/map/drawView';
import { imagesInBox, imagesNear, pickNearest, type FeaturePick } from '../shared/map/picking';
import type { RenderTile } from '../shared/map/renderTile';
import type { TileAddress } from '../shared/messages';
import { COVERAGE_ZOOM } from '../shared/tiles/tileMath';
import { overzoom, overzoomWindow, type TileSetName } from '../shared/tiles/tileSets';
import { paintFailedTile } from './failedTileMark';
import type { TileStore } from './tileStore';
import { TileCanvases, wrappedKey, type TileState } from './tileCanvases';
import type { DrawnBitmap } from './workerPool';

/** What draws a canvas's tiles into a bitmap (the drawing workers). */
export interface TileDrawer {
  drawTiles(
    sources: readonly TileAddress[],
    view: TileView,
    width: number,
    height: number,
  ): Promise<DrawnBitmap>;
}

/** Options of {@link MapillaryLayer}. */
export interface MapillaryLayerOptions extends L.GridLayerOptions {
  store: TileStore;
  drawer: TileDrawer;
  /** The tile sets to draw, in drawing order, for the current settings (may be none). */
  sets: () => TileSetName[];
  /** What decides how features look (settings, highlights, selection). */
  state: () => DrawState;
  /** Called when a tile finishes drawing or fails, for the legend and diagnostics. */
  onTileDrawn?: () => void;
}

/** A pick with its distance in screen pixels. */
export interface ScreenPick extends FeaturePick {
  pixels: number;
}

/** A Leaflet GridLayer drawing Mapillary vector tiles on canvases (coverage or map features). */
export class MapillaryLayer extends L.GridLayer {
  declare options: MapillaryLayerOptions;
  private readonly canvases = new TileCanvases();
  private readonly states = this.canvases.states;
  private readonly byKey = this.canvases.byKey;
  /** The zoom level whose tiles are loading or shown: the target of a zoom from its start. */
  private level: number | undefined;

  constructor(options: MapillaryLayerOptions) {
    super(options);
    this.on('tileunload', (event: L.TileEvent) => this.unload(event.tile));
  }

  override onAdd(map: L.Map): this {
    super.onAdd(map);
    map.on('zoomanim', this.onZoomAnim);
    map.on('zoomend viewreset', this.onZoomEnd);
    this.level = this.levelOf(map.getZoom());
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('zoomanim', this.onZoomAnim);
    map.off('zoomend viewreset', this.onZoomEnd);
    return super.onRemove(map);
  }

  // An animated zoom starts loading the new level at once, while the map's own zoom changes only
  // when the animation ends: the level follows the animation's target.
  private readonly onZoomAnim = (event: L.ZoomAnimEvent): void => {
    this.level = this.levelOf(event.zoom);
  };

  private readonly onZoomEnd = (): void => {
    this.level = this.tileZoom();
  };

  private levelOf(zoom: number): number | undefined {
    const z = Math.round(zoom);
    const max = this.options.maxZoom ?? 22;
    const min = this.options.minZoom ?? 0;
    return z > max || z < min ? undefined : z;
  }

  /** Every tile currently held, for the legend and tests. */
  heldTiles(): RenderTile[] {
    return this.canvases.heldTiles();
  }

  /**
   * Totals over the canvases of the current zoom level (Leaflet keeps the previous level's tiles
   * on screen until the new level has loaded; those are not counted). A canvas waiting for its
   * tiles or for a new drawing counts as loading.
   */
  summary(): { drawn: number; failed: number; loading: number; counts: DrawCounts } {
    return this.canvases.summary(this.level);
  }

  override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
    const canvas = document.createElement('canvas');
    const size = this.getTileSize();
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.x * dpr);
    canvas.height = Math.round(size.y * dpr);
    const zoomed = overzoom({ z: coords.z, x: coords.x, y: coords.y }, COVERAGE_ZOOM);
    const sources = this.options
      .sets()
      .map((set) => ({ set, z: zoomed.source.z, x: zoomed.source.x, y: zoomed.source.y }));
    const state: TileState = {
      key: wrappedKey(coords.z, coords.x, coords.y),
      canvas,
      coords,
      sources,
      tiles: undefined,
      window: undefined,
      counts: zeroCounts(),
      failed: false,
      generation: 0,
      composited: 0,
      drawn: Promise.resolve(),
    };
    this.states.set(canvas, state);
    this.byKey.set(state.key, state);
    if (sources.length === 0) {
      // Nothing to draw at this zoom; the tile is done at once.
      state.tiles = [];
      setTimeout(() => done(undefined, canvas), 0);
      return canvas;
    }
    Promise.all(sources.map((source) => this.options.store.acquire(source))).then(
      (tiles) => {
        // A tile unloaded meanwhile is stale: its sources were released; draw nothing.
        if (this.states.get(canvas) !== state) return done(undefined, canvas);
        state.tiles = tiles;
        state.window = overzoomWindow(zoomed, tiles[0]?.extent ?? 4096);
        // Shown once its first bitmap is on the canvas.
        void this.draw(state).then(() => done(undefined, canvas));
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        // A cancelled tile was let go of: nothing failed, and there is nothing to mark.
        if (this.states.get(canvas) === state && !isRequestCancelled(error)) {
          this.fail(state, message);
        }
        done(new Error(message), canvas);
      },
    );
    return canvas;
  }

  private unload(element: HTMLElement): void {
    const state = this.states.get(element);
    if (!state) return;
    this.states.delete(element);
    if (this.byKey.get(state.key) === state) this.byKey.delete(state.key);
    for (const source of state.sources) this.options.store.release(source);
    state.tiles = undefined;
  }

  private fail(state: TileState, message: string): void {
    state.failed = true;
    paintFailedTile(state.canvas, this.getTileSize().x, message);
    this.options.onTileDrawn?.();
  }

  // Asks the worker for the canvas's bitmap and composites it; resolves when that is done, or
  // when a newer draw of the same canvas made this one pointless.
  private draw(state: TileState): Promise<void> {
    if (!state.tiles || !state.window) return Promise.resolve();
    const generation = ++state.generation;
    const size = this.getTileSize();
    const view: TileView = { ...state.window, pixels: size.x, zoom: state.coords.z };
    const { canvas } = state;
    state.drawn = this.options.drawer
      .drawTiles(state.sources, view, canvas.width, canvas.height)
      .then(
        ({ bitmap, counts }) => {
          const current = state.generation === generation && this.states.get(canvas) === state;
          if (current) {
            const ctx = canvas.getContext('2d');
            ctx?.clearRect(0, 0, canvas.width, canvas.height);
            if (bitmap) ctx?.drawImage(bitmap, 0, 0);
            state.counts = counts;
            state.composited = generation;
            canvas.dataset.features = String(
              counts.overview + counts.sequence + counts.image + counts.point + counts.traffic_sign,
            );
            this.options.onTileDrawn?.();
          }
          bitmap?.close();
        },
        (error: unknown) => {
          if (isRequestCancelled(error) || state.generation !== generation) return;
          if (this.states.get(canvas) === state) {
            this.fail(state, error instanceof Error ? error.message : String(error));
          }
        },
      );
    return state.drawn;
  }

  /**
   * Redraws every canvas from the tiles held (after a filter or style change); resolves when all
   * of them show the new drawing.
   */
  redrawHeld(): Promise<void> {
    const draws: Promise<void>[] = [];
    for (const state of this.states.values()) {
      if (state.tiles && !state.failed) draws.push(this.draw(state));
    }
    return Promise.all(draws).then(() => undefined);
  }

  private tileZoom(): number | undefined {
    const map = this._map as L.Map | undefined;
    return map ? this.levelOf(map.getZoom()) : undefined;
  }

  private forTilesNear(
    latlng: L.LatLng,
    radius: number,
    visit: (tile: RenderTile, x: number, y: number, r: number, scale: number) => void,
  ): void {
    const z = this.tileZoom();
    if (z === undefined) return;
    this.canvases.forTilesNear(
      this._map.project(latlng, z),
      z,
      this.getTileSize().x,
      radius,
      visit,
    );
  }

  /** The nearest pickable feature within `radius` CSS pixels of a position, over nearby tiles. */
  pickAt(
    latlng: L.LatLng,
    radius: number,
    kinds: Set<FeaturePick['kind']>,
  ): ScreenPick | undefined {
    let best: ScreenPick | undefined;
    const settings = this.options.state().settings;
    this.forTilesNear(latlng, radius, (tile, x, y, r, scale) => {
      const found = pickNearest(tile, x, y, r, kinds, settings);
      if (!found) return;
      const pixels = found.distance / scale;
      if (!best || pixels < best.pixels) best = { ...found, pixels };
    });
    return best;
  }

  /** Every image within `radius` CSS pixels of a position, nearest first, at most `limit`. */
  imagesAt(latlng: L.LatLng, radius: number, limit: number): ScreenPick[] {
    const settings = this.options.state().settings;
    const found = new Map<string, ScreenPick>();
    this.forTilesNear(latlng, radius, (tile, x, y, r, scale) => {
      for (const pick of imagesNear(tile, x, y, r, settings, limit)) {
        const pixels = pick.distance / scale;
        // A point near a tile edge is in both tiles' buffers: keep it once.
        const key = pick.id || `${pick.index}`;
        const seen = found.get(key);
        if (!seen || pixels < seen.pixels) found.set(key, { ...pick, pixels });
      }
    });
    return [...found.values()].sort((a, b) => a.pixels - b.pixels).slice(0, limit);
  }

  /** Ids of the image points inside a box on the map (that pass the filters). */
  imagesIn(bounds: L.LatLngBounds): Set<string> {
    const out = new Set<string>();
    const z = this.tileZoom();
    if (z === undefined) return out;
    const settings = this.options.state().settings;
    const nw = this._map.project(bounds.getNorthWest(), z);
    const se = this._map.project(bounds.getSouthEast(), z);
    this.canvases.forTilesIn(nw, se, z, this.getTileSize().x, (tile, box) =>
      imagesInBox(tile, box[0], box[1], box[2], box[3], settings, out),
    );
    return out;
  }
}
