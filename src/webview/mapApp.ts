// The map webview as one object: the Leaflet map and its layers and controls, the state that
// decides what they draw (see DrawStateHolder), and the links to the extension host and the
// drawing workers. Created once per page, it composes the parts, holds what they share, and lets
// go of it all in `dispose`; each part lives in a module of its own.
import * as L from 'leaflet';
import { isId } from '../shared/ids';
import { clickHint } from '../shared/map/clickHint';
import { resolveCreatorRequest } from '../shared/map/featureMessages';
import {
  DEFAULT_MAP_SETTINGS,
  coverageSetsOf,
  featureSetsOf,
  mapSettingsSchema,
  type MapSettings,
} from '../shared/map/mapSettings';
import { featureIconSize, imageRadius } from '../shared/map/mapStyle';
import { pickableKinds } from '../shared/map/picking';
import { mapViewSchema, type HostToWebview, type MapView } from '../shared/messages';
import { COVERAGE_ZOOM } from '../shared/tiles/tileMath';
import type { TileSetName } from '../shared/tiles/tileSets';
import { BasemapLayer } from './basemapLayer';
import { MapContextMenu } from './contextMenu';
import { CurrentImageLayer } from './currentImageLayer';
import { DrawStateHolder } from './drawStateHolder';
import { HostLink } from './hostLink';
import { ImageChooser, MAX_CHOICES } from './imageChooser';
import { MapillaryLayer, type ScreenPick } from './mapillaryLayer';
import { MapStatus } from './mapStatus';
import { MapOverlays } from './mapOverlays';
import { PointerPicks } from './pointerPicks';
import { SelectionControl } from './selectionControl';
import { SettingsControl } from './settingsControl';
import { SidePanels } from './sidePanels';
import { SpriteSheet } from './spriteSheet';
import { TileStore, tilesFromHost } from './tileStore';
import type { VsCodeApi, WebviewState } from './vscodeApi';
import { WorkerPool } from './workerPool';

const PICK_RADIUS_PX = 8;
const MAX_ZOOM = 20;

/** The map webview (see the file comment). */
export class MapApp {
  private readonly host: HostLink;
  private readonly workers: WorkerPool;
  private readonly map: L.Map;
  private readonly coverage: MapillaryLayer;
  private readonly features: MapillaryLayer;
  private readonly state: DrawStateHolder;
  private readonly sprites = new SpriteSheet();
  private readonly settingsControl: SettingsControl;
  private readonly selectionControl: SelectionControl;
  private readonly panels: SidePanels;
  private readonly chooser: ImageChooser;
  private readonly pointer: PointerPicks;
  private readonly contextMenu: MapContextMenu;
  private readonly basemap: BasemapLayer;
  private readonly status: MapStatus;
  private readonly currentImage = new CurrentImageLayer();
  private readonly overlays: MapOverlays;
  private readonly saved: WebviewState | undefined;
  /** True when the settings came from the panel's own saved state (they win over the host's). */
  private readonly settingsRestored: boolean;

  constructor(
    private readonly element: HTMLElement,
    api: VsCodeApi,
  ) {
    this.host = new HostLink(api, window, (message) => this.onNotification(message));
    const log = (text: string): void => this.host.log('error', text);
    this.saved = this.host.savedState();
    const savedSettings = mapSettingsSchema.safeParse(this.saved?.settings);
    this.settingsRestored = savedSettings.success;

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

    this.workers = new WorkerPool(log);
    element.dataset.workers = String(this.workers.size);
    this.state = new DrawStateHolder(
      this.workers,
      savedSettings.success ? savedSettings.data : DEFAULT_MAP_SETTINGS,
    );
    const store = new TileStore(tilesFromHost(this.host.channel), this.workers);
    const common = {
      store,
      drawer: this.workers,
      state: () => this.state.get(),
      onTileDrawn: () => this.status.schedule(),
      maxZoom: MAX_ZOOM,
    };
    this.coverage = new MapillaryLayer({
      ...common,
      sets: () => coverageSetsOf(this.state.settings),
      zIndex: 10,
      className: 'mly-coverage',
    });
    this.features = new MapillaryLayer({
      ...common,
      sets: () => featureSetsOf(this.state.settings),
      // Map features come in tiles of the coverage zoom only.
      minZoom: COVERAGE_ZOOM,
      zIndex: 11,
      className: 'mly-features',
    });
    this.coverage.addTo(this.map);
    this.features.addTo(this.map);
    this.currentImage.addTo(this.map);

    this.settingsControl = new SettingsControl(
      this.state.settings,
      this.sprites,
      (username) => this.host.channel.request(resolveCreatorRequest, { username }),
      (next) => this.changeSettings(next),
    );
    this.settingsControl.addTo(this.map);
    this.selectionControl = new SelectionControl((bounds) => this.select(bounds));
    this.selectionControl.addTo(this.map);
    this.status = new MapStatus(element, this.coverage, this.features, this.settingsControl, () =>
      this.state.get(),
    );

    this.panels = new SidePanels(document.body, this.host, this.workers, this.sprites, {
      resized: () => this.map.invalidateSize(),
      imageShown: (_imageId, sequenceId) => this.setCurrentSequence(sequenceId ?? ''),
    });
    this.chooser = new ImageChooser(this.map, element, (pick, near) => this.openImage(pick, near));
    this.pointer = new PointerPicks(this.map, element, {
      pickAt: (latlng) => this.pickAt(latlng),
      imagesAt: (latlng) => this.imagesAt(latlng),
      openImage: (pick, near) => this.openImage(pick, near),
      openFeature: (pick) => this.panels.openFeature(pick.id, pick.value),
      choose: (picks, at) => this.chooser.show(picks, at),
    });
    this.sprites.load(this.host.channel, this.workers, () => void this.features.redrawHeld(), log);
    this.overlays = new MapOverlays(this.map, this.host, (latlng) => Boolean(this.pickAt(latlng)));
    this.contextMenu = new MapContextMenu(this.map, element);
    this.map.on('moveend', this.saveView);
  }

  /** Tells the host the page is listening; it answers with `init`. */
  start(): void {
    this.host.post({ type: 'ready' });
  }

  private changeSettings(next: MapSettings): void {
    const before = this.state.settings;
    this.state.update({ settings: next });
    // Another tile set needs other tiles; filters and styles only redraw the tiles held.
    const same = (setsOf: (s: MapSettings) => TileSetName[]) =>
      setsOf(before).join() === setsOf(next).join();
    if (same(coverageSetsOf)) void this.coverage.redrawHeld();
    else this.coverage.redraw();
    if (same(featureSetsOf)) void this.features.redrawHeld();
    else this.features.redraw();
    this.saveView();
    this.status.update();
  }

  private openImage(pick: { id: string; sequenceId?: string }, near: L.LatLng): void {
    // The sequence is highlighted at once; the panel's answer confirms it.
    if (pick.sequenceId) this.setCurrentSequence(pick.sequenceId);
    this.panels.openImage(pick.id, undefined, clickHint(pick, near.lng, near.lat));
  }

  private setCurrentSequence(sequenceId: string): void {
    if (sequenceId === (this.state.get().current ?? '')) return;
    this.state.update({ current: sequenceId });
    void this.coverage.redrawHeld();
    this.status.schedule();
  }

  private select(bounds: L.LatLngBounds | undefined): void {
    const ids = bounds ? this.coverage.imagesIn(bounds) : new Set<string>();
    const note =
      bounds && this.map.getZoom() < COVERAGE_ZOOM
        ? ` (zoom to ${COVERAGE_ZOOM} or more to see images)`
        : '';
    this.showSelection(ids, note);
    this.host.post({ type: 'selection', imageIds: [...ids].filter((id) => isId('image', id)) });
  }

  // Draws `ids` as the selection and counts them (none: the count is hidden).
  private showSelection(ids: ReadonlySet<string>, note = ''): void {
    this.state.update({ selected: ids });
    this.selectionControl.setCount(ids.size > 0 ? ids.size : undefined, note);
    void this.coverage.redrawHeld();
    this.status.schedule();
  }

  private pickAt(latlng: L.LatLng): ScreenPick | undefined {
    const zoom = Math.round(this.map.getZoom());
    const kinds = pickableKinds(zoom, this.state.settings);
    if (kinds.size === 0) return undefined;
    // Features are drawn over coverage, so they win when both are in reach; an icon is picked
    // anywhere on it.
    const iconRadius = Math.max(PICK_RADIUS_PX, featureIconSize(zoom) / 2);
    return (
      this.features.pickAt(latlng, iconRadius, kinds) ??
      this.coverage.pickAt(latlng, PICK_RADIUS_PX, kinds)
    );
  }

  // The images a click may have meant: those whose drawn point covers it, with a little slack.
  private imagesAt(latlng: L.LatLng): ScreenPick[] {
    const radius = imageRadius(Math.round(this.map.getZoom())) + 3;
    return this.coverage.imagesAt(latlng, radius, MAX_CHOICES);
  }

  private readonly saveView = (): void => {
    const c = this.map.getCenter().wrap();
    const view: MapView = { center: [c.lat, c.lng], zoom: this.map.getZoom() };
    this.element.dataset.zoom = String(view.zoom);
    this.element.dataset.center = `${view.center[0]},${view.center[1]}`;
    const settings = this.state.settings;
    this.host.saveState({ view, settings });
    this.host.post({ type: 'viewChanged', view, settings });
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
          this.state.update({ settings: message.settings });
          this.settingsControl.set(message.settings);
          this.coverage.redraw();
          this.features.redraw();
        }
        if (restored.success) this.setView(restored.data);
        else if (message.fit) {
          const [w, s, e, n] = message.fit;
          this.map.fitBounds(L.latLngBounds([s, w], [n, e]), { animate: false });
        } else this.setView(message.view);
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
      case 'currentImage':
        this.currentImage.set(message.image);
        break;
      case 'highlightSequences':
        this.state.update({ highlighted: new Set(message.sequenceIds) });
        void this.coverage.redrawHeld();
        this.status.schedule();
        break;
      case 'setSelection':
        this.showSelection(new Set(message.imageIds));
        break;
      case 'showImage':
        this.panels.openImage(message.imageId, message.highlightDetectionId);
        break;
      case 'showOverlay':
        this.overlays.show(message.overlay);
        break;
      case 'removeOverlay':
        this.overlays.remove(message.id);
        break;
    }
  }

  /** Lets go of everything: requests in flight are cancelled, the workers are stopped. */
  dispose(): void {
    this.status.dispose();
    this.panels.dispose();
    this.chooser.dispose();
    this.pointer.dispose();
    this.basemap.dispose();
    this.overlays.dispose();
    this.contextMenu.dispose();
    this.map.off('moveend', this.saveView);
    this.host.dispose();
    this.workers.dispose();
    this.sprites.dispose();
  }
}
