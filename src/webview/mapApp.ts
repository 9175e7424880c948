// The map webview as one object: the Leaflet map and its layers and controls, the state that
// decides what they draw (settings, highlighted sequences, the selection), and the links to the
// extension host and the decoding worker. Created once per page, it holds everything it needs and
// lets go of it all in `dispose`.
import * as L from 'leaflet';
import { isId } from '../shared/ids';
import { featureClassesIn } from '../shared/map/drawFeatures';
import type { DrawState } from '../shared/map/drawView';
import {
  DEFAULT_MAP_SETTINGS,
  mapSettingsSchema,
  type MapSettings,
} from '../shared/map/mapSettings';
import { pickableKinds } from '../shared/map/picking';
import { mapViewSchema, type HostToWebview, type MapView } from '../shared/messages';
import { COVERAGE_ZOOM } from '../shared/tiles/tileMath';
import type { TileSetName } from '../shared/tiles/tileSets';
import { BasemapLayer } from './basemapLayer';
import { MapContextMenu } from './contextMenu';
import { DecodeWorker } from './decodeWorker';
import { HostLink } from './hostLink';
import { ImageOpener } from './imageOpener';
import { ImagePanel } from './imagePanel';
import { MapillaryLayer, type ScreenPick } from './mapillaryLayer';
import { MapOverlays } from './mapOverlays';
import { PointerPicks } from './pointerPicks';
import { SelectionControl } from './selectionControl';
import { SettingsControl } from './settingsControl';
import { TileStore, tilesFromHost } from './tileStore';
import type { VsCodeApi, WebviewState } from './vscodeApi';

const PICK_RADIUS_PX = 8;
const MAX_ZOOM = 20;

/** The map webview (see the file comment). */
export class MapApp {
  private readonly host: HostLink;
  private readonly worker: DecodeWorker;
  private readonly map: L.Map;
  private readonly coverage: MapillaryLayer;
  private readonly features: MapillaryLayer;
  private readonly settingsControl: SettingsControl;
  private readonly selectionControl: SelectionControl;
  private readonly images: ImageOpener;
  private readonly pointer: PointerPicks;
  private readonly contextMenu: MapContextMenu;
  private readonly basemap: BasemapLayer;
  private readonly overlays: MapOverlays;
  private readonly saved: WebviewState | undefined;
  private settings: MapSettings;
  /** True when the settings came from the panel's own saved state (they win over the host's). */
  private readonly settingsRestored: boolean;
  private highlighted: ReadonlySet<string> = new Set();
  private selected: ReadonlySet<string> = new Set();
  private statusFrame = 0;

  constructor(
    private readonly element: HTMLElement,
    api: VsCodeApi,
  ) {
    this.host = new HostLink(api, window, (message) => this.onNotification(message));
    const log = (text: string): void => this.host.log('error', text);
    this.saved = this.host.savedState();
    const savedSettings = mapSettingsSchema.safeParse(this.saved?.settings);
    this.settingsRestored = savedSettings.success;
    this.settings = savedSettings.success ? savedSettings.data : DEFAULT_MAP_SETTINGS;

    this.map = L.map(element, {
      zoomControl: true,
      attributionControl: true,
      worldCopyJump: true,
      preferCanvas: true,
      maxZoom: MAX_ZOOM,
      // Shift-drag selects images instead of zooming to a box.
      boxZoom: false,
    });
    this.map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    this.map.attributionControl.addAttribution('Imagery coverage &copy; Mapillary');
    this.basemap = new BasemapLayer(this.map, element, MAX_ZOOM, this.host);

    this.worker = new DecodeWorker(log);
    const store = new TileStore(tilesFromHost(this.host.channel), this.worker);
    const state = (): DrawState => ({
      settings: this.settings,
      highlighted: this.highlighted,
      selected: this.selected,
    });
    const common = { store, state, onTileDrawn: () => this.scheduleStatus(), maxZoom: MAX_ZOOM };
    this.coverage = new MapillaryLayer({
      ...common,
      sets: () => this.coverageSets(),
      zIndex: 10,
      className: 'mly-coverage',
    });
    this.features = new MapillaryLayer({
      ...common,
      sets: () => this.featureSets(),
      // Map features come in tiles of the coverage zoom only.
      minZoom: COVERAGE_ZOOM,
      zIndex: 11,
      className: 'mly-features',
    });
    this.coverage.addTo(this.map);
    this.features.addTo(this.map);

    this.settingsControl = new SettingsControl(this.settings, (next) => this.changeSettings(next));
    this.settingsControl.addTo(this.map);
    this.selectionControl = new SelectionControl((bounds) => this.select(bounds));
    this.selectionControl.addTo(this.map);

    const panel = new ImagePanel(document.body, (visible) => {
      // A closed panel wants no answer still on its way.
      if (!visible) this.images.cancel();
      this.map.invalidateSize();
    });
    this.images = new ImageOpener(this.host.channel, this.worker, panel);
    this.pointer = new PointerPicks(
      this.map,
      element,
      (latlng) => this.pickAt(latlng),
      (imageId) => this.images.open(imageId),
    );
    this.overlays = new MapOverlays(this.map, this.host, (latlng) => Boolean(this.pickAt(latlng)));
    this.contextMenu = new MapContextMenu(this.map, element);
    this.map.on('moveend', this.saveView);
  }

  /** Tells the host the page is listening; it answers with `init`. */
  start(): void {
    this.host.post({ type: 'ready' });
  }

  private coverageSets(): TileSetName[] {
    if (!this.settings.layers.coverage) return [];
    return [this.settings.computed ? 'mly1_computed_public' : 'mly1_public'];
  }

  private featureSets(): TileSetName[] {
    const sets: TileSetName[] = [];
    if (this.settings.layers.points) sets.push('mly_map_feature_point');
    if (this.settings.layers.signs) sets.push('mly_map_feature_traffic_sign');
    return sets;
  }

  private changeSettings(next: MapSettings): void {
    const before = { coverage: this.coverageSets().join(), features: this.featureSets().join() };
    this.settings = next;
    // Another tile set needs other tiles; filters and styles only redraw the tiles held.
    if (before.coverage !== this.coverageSets().join()) this.coverage.redraw();
    else this.coverage.redrawHeld();
    if (before.features !== this.featureSets().join()) this.features.redraw();
    else this.features.redrawHeld();
    this.saveView();
    // Filters redraw at once; the status shows it at once too.
    this.updateStatus();
  }

  private select(bounds: L.LatLngBounds | undefined): void {
    if (!bounds) {
      this.selected = new Set();
      this.selectionControl.setCount(undefined);
    } else {
      this.selected = this.coverage.imagesIn(bounds);
      const note =
        this.map.getZoom() < COVERAGE_ZOOM
          ? ` (zoom to ${COVERAGE_ZOOM} or more to see images)`
          : '';
      this.selectionControl.setCount(this.selected.size, note);
    }
    this.coverage.redrawHeld();
    this.host.post({
      type: 'selection',
      imageIds: [...this.selected].filter((id) => isId('image', id)),
    });
    this.scheduleStatus();
  }

  private pickAt(latlng: L.LatLng): ScreenPick | undefined {
    const kinds = pickableKinds(Math.round(this.map.getZoom()), this.settings);
    if (kinds.size === 0) return undefined;
    // Features are drawn over coverage, so they win when both are in reach.
    return (
      this.features.pickAt(latlng, PICK_RADIUS_PX, kinds) ??
      this.coverage.pickAt(latlng, PICK_RADIUS_PX, kinds)
    );
  }

  private scheduleStatus(): void {
    if (this.statusFrame) return;
    this.statusFrame = requestAnimationFrame(() => {
      this.statusFrame = 0;
      this.updateStatus();
    });
  }

  // Exposed on the element for people inspecting the webview and for end-to-end tests.
  private updateStatus(): void {
    const c = this.coverage.summary();
    const f = this.features.summary();
    const data = this.element.dataset;
    data.coverageTiles = String(c.drawn);
    data.failedTiles = String(c.failed + f.failed);
    data.loadingTiles = String(c.loading + f.loading);
    data.drawnImages = String(c.counts.image);
    data.drawnSequences = String(c.counts.sequence);
    data.drawnOverview = String(c.counts.overview);
    data.drawnFeatures = String(f.counts.point + f.counts.traffic_sign);
    const classes = new Map<string, number>();
    for (const tile of this.features.heldTiles()) featureClassesIn(tile, classes);
    this.settingsControl.setLegend(classes, this.highlighted.size > 0, this.selected.size);
  }

  private readonly saveView = (): void => {
    const c = this.map.getCenter().wrap();
    const view: MapView = { center: [c.lat, c.lng], zoom: this.map.getZoom() };
    this.element.dataset.zoom = String(view.zoom);
    this.element.dataset.center = `${view.center[0]},${view.center[1]}`;
    this.host.saveState({ view, settings: this.settings });
    this.host.post({ type: 'viewChanged', view, settings: this.settings });
  };

  private setView(view: MapView): void {
    this.map.setView(L.latLng(view.center[0], view.center[1]), view.zoom, { animate: false });
  }

  private onNotification(message: HostToWebview): void {
    switch (message.type) {
      case 'init': {
        // A view and settings restored by VS Code (hide/show, reload) win over the host's.
        const restored = mapViewSchema.safeParse(this.saved?.view);
        if (!this.settingsRestored) {
          this.settings = message.settings;
          this.settingsControl.set(this.settings);
          this.coverage.redraw();
          this.features.redraw();
        }
        this.setView(restored.success ? restored.data : message.view);
        this.basemap.set(message.basemap);
        this.basemap.whenDrawn();
        break;
      }
      case 'setBasemap':
        this.basemap.set(message.basemap);
        break;
      case 'setView':
        this.setView(message.view);
        break;
      case 'highlightSequences':
        this.highlighted = new Set(message.sequenceIds);
        this.coverage.redrawHeld();
        this.scheduleStatus();
        break;
      case 'showOverlay':
        this.overlays.show(message.overlay);
        break;
      case 'removeOverlay':
        this.overlays.remove(message.id);
        break;
    }
  }

  /** Lets go of everything: requests in flight are cancelled, the worker is stopped. */
  dispose(): void {
    if (this.statusFrame) cancelAnimationFrame(this.statusFrame);
    this.images.cancel();
    this.pointer.dispose();
    this.overlays.dispose();
    this.contextMenu.dispose();
    this.map.off('moveend', this.saveView);
    this.host.dispose();
    this.worker.dispose();
  }
}
