// The map webview: a Leaflet map that draws what the extension host sends. It has no network of its
// own except the basemap host the user chose, which the CSP allows and nothing else: Mapillary's
// tiles, images and detections come from the host by message and are decoded in a worker.
import * as L from 'leaflet';
import { attributionHtml } from '../shared/basemap';
import type { DrawState } from '../shared/map/drawTile';
import { featureClassesIn } from '../shared/map/drawTile';
import {
  DEFAULT_MAP_SETTINGS,
  mapSettingsSchema,
  type MapSettings,
} from '../shared/map/mapSettings';
import { pickableKinds, type Pick } from '../shared/map/picking';
import {
  mapViewSchema,
  parseHostMessage,
  type Basemap,
  type HostToWebview,
  type MapView,
} from '../shared/messages';
import type { TileSetName } from '../shared/tiles/tileSets';
import { DecodeWorker } from './decodeWorker';
import { ImagePanel } from './imagePanel';
import { MapillaryLayer, type ScreenPick } from './mapillaryLayer';
import { SelectionControl } from './selectionControl';
import { SettingsControl } from './settingsControl';
import { TileStore } from './tileStore';
import { vscode } from './vscodeApi';
import './map.css';

const PICK_RADIUS_PX = 8;
const MAX_ZOOM = 20;

const container = document.getElementById('map');
if (!container) throw new Error('map container missing');
const mapElement: HTMLElement = container;

function log(level: 'info' | 'warn' | 'error', message: string): void {
  vscode.postMessage({ type: 'log', level, message: message.slice(0, 2000) });
}

const map = L.map(mapElement, {
  zoomControl: true,
  attributionControl: true,
  worldCopyJump: true,
  preferCanvas: true,
  maxZoom: MAX_ZOOM,
  // Shift-drag selects images instead of zooming to a box.
  boxZoom: false,
});
map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
map.attributionControl.addAttribution('Imagery coverage &copy; Mapillary');

const saved = vscode.getState();
const savedSettings = mapSettingsSchema.safeParse(saved?.settings);
let settings: MapSettings = savedSettings.success ? savedSettings.data : DEFAULT_MAP_SETTINGS;
let highlighted: ReadonlySet<string> = new Set();
let selected: ReadonlySet<string> = new Set();
const drawState = (): DrawState => ({ settings, highlighted, selected });

const worker = new DecodeWorker((message) => log('error', message));
const store = new TileStore((message) => vscode.postMessage(message), worker);

function coverageSets(): TileSetName[] {
  if (!settings.layers.coverage) return [];
  return [settings.computed ? 'mly1_computed_public' : 'mly1_public'];
}

function featureSets(): TileSetName[] {
  const sets: TileSetName[] = [];
  if (settings.layers.points) sets.push('mly_map_feature_point');
  if (settings.layers.signs) sets.push('mly_map_feature_traffic_sign');
  return sets;
}

let statusFrame = 0;
function scheduleStatus(): void {
  if (statusFrame) return;
  statusFrame = requestAnimationFrame(() => {
    statusFrame = 0;
    updateStatus();
  });
}

const coverage = new MapillaryLayer({
  store,
  sets: coverageSets,
  state: drawState,
  onTileDrawn: scheduleStatus,
  maxZoom: MAX_ZOOM,
  zIndex: 10,
  className: 'mly-coverage',
});
const features = new MapillaryLayer({
  store,
  sets: featureSets,
  state: drawState,
  onTileDrawn: scheduleStatus,
  minZoom: 14,
  maxZoom: MAX_ZOOM,
  zIndex: 11,
  className: 'mly-features',
});
coverage.addTo(map);
features.addTo(map);

const settingsControl = new SettingsControl(settings, (next) => {
  const before = { coverage: coverageSets().join(), features: featureSets().join() };
  settings = next;
  if (before.coverage !== coverageSets().join()) coverage.redraw();
  else coverage.redrawHeld();
  if (before.features !== featureSets().join()) features.redraw();
  else features.redrawHeld();
  saveView();
  // Filters redraw at once; the status shows it at once too.
  updateStatus();
});
settingsControl.addTo(map);

const selectionControl = new SelectionControl((bounds) => {
  if (!bounds) {
    selected = new Set();
    selectionControl.setCount(undefined);
  } else {
    selected = coverage.imagesIn(bounds);
    const note = map.getZoom() < 14 ? ' (zoom to 14 or more to see images)' : '';
    selectionControl.setCount(selected.size, note);
  }
  coverage.redrawHeld();
  vscode.postMessage({
    type: 'selection',
    imageIds: [...selected].filter((id) => /^\d{1,24}$/.test(id)),
  });
  scheduleStatus();
});
selectionControl.addTo(map);

function updateStatus(): void {
  const c = coverage.summary();
  const f = features.summary();
  mapElement.dataset.coverageTiles = String(c.drawn);
  mapElement.dataset.failedTiles = String(c.failed + f.failed);
  mapElement.dataset.loadingTiles = String(c.loading + f.loading);
  mapElement.dataset.drawnImages = String(c.counts.image);
  mapElement.dataset.drawnSequences = String(c.counts.sequence);
  mapElement.dataset.drawnOverview = String(c.counts.overview);
  mapElement.dataset.drawnFeatures = String(f.counts.point + f.counts.traffic_sign);
  const classes = new Map<string, number>();
  for (const tile of features.heldTiles()) featureClassesIn(tile, classes);
  settingsControl.setLegend(classes, highlighted.size > 0, selected.size);
}

// Hover and click.
const hoverLabel = L.DomUtil.create('div', 'mly-hover', mapElement);
hoverLabel.hidden = true;

function pickAt(latlng: L.LatLng): ScreenPick | undefined {
  const kinds = pickableKinds(Math.round(map.getZoom()), settings);
  if (kinds.size === 0) return undefined;
  const a = features.pickAt(latlng, PICK_RADIUS_PX, kinds);
  const b = coverage.pickAt(latlng, PICK_RADIUS_PX, kinds);
  // Features are drawn over coverage, so they win when both are in reach.
  return a ?? b;
}

function describe(pick: Pick): string {
  switch (pick.kind) {
    case 'point':
    case 'traffic_sign':
      return pick.value ?? 'map feature';
    case 'sequence':
      return `Sequence ${pick.sequenceId ?? ''}`;
    default:
      return pick.id ? `Image ${pick.id}` : 'Image';
  }
}

let hoverFrame = 0;
let lastMouse: L.LeafletMouseEvent | undefined;
map.on('mousemove', (event: L.LeafletMouseEvent) => {
  lastMouse = event;
  if (hoverFrame) return;
  hoverFrame = requestAnimationFrame(() => {
    hoverFrame = 0;
    if (!lastMouse) return;
    const pick = pickAt(lastMouse.latlng);
    mapElement.classList.toggle('mly-pointer', Boolean(pick));
    if (!pick) {
      hoverLabel.hidden = true;
      delete mapElement.dataset.hover;
      return;
    }
    hoverLabel.hidden = false;
    hoverLabel.textContent = describe(pick);
    mapElement.dataset.hover = hoverLabel.textContent;
    L.DomUtil.setPosition(hoverLabel, lastMouse.containerPoint.add([14, 14]));
  });
});
map.on('mouseout', () => {
  hoverLabel.hidden = true;
});

let imageRequest = 0;
const imagePanel = new ImagePanel(document.body, (visible) => {
  // A closed panel drops any answer still on its way.
  if (!visible) imageRequest++;
  map.invalidateSize();
});

function openImage(imageId: string): void {
  imageRequest++;
  imagePanel.showLoading(imageId);
  vscode.postMessage({ type: 'openImage', requestId: imageRequest, imageId });
}

map.on('click', (event: L.LeafletMouseEvent) => {
  const pick = pickAt(event.latlng);
  if (!pick) return;
  if (
    (pick.kind === 'image' || pick.kind === 'overview' || pick.kind === 'sequence') &&
    /^\d{1,24}$/.test(pick.id)
  ) {
    openImage(pick.id);
  }
});

// Basemap and view.
let basemapLayer: L.TileLayer | undefined;
let drawnReported = false;

function setBasemap(basemap: Basemap): void {
  basemapLayer?.remove();
  basemapLayer = undefined;
  mapElement.classList.toggle('no-basemap', basemap === null);
  if (!basemap) return;
  basemapLayer = L.tileLayer(basemap.url, {
    attribution: attributionHtml(basemap.attribution),
    maxZoom: MAX_ZOOM,
    maxNativeZoom: 19,
    crossOrigin: false,
    zIndex: 1,
  });
  basemapLayer.on('tileerror', () => log('warn', 'a basemap tile failed to load'));
  basemapLayer.addTo(map);
}

function reportDrawn(): void {
  if (drawnReported) return;
  drawnReported = true;
  const tiles = mapElement.querySelectorAll('img.leaflet-tile-loaded').length;
  mapElement.setAttribute('data-drawn', 'true');
  vscode.postMessage({ type: 'mapDrawn', tiles });
}

function currentView(): MapView {
  const c = map.getCenter().wrap();
  return { center: [c.lat, c.lng], zoom: map.getZoom() };
}

function saveView(): void {
  const view = currentView();
  // Exposed on the element for people inspecting the webview and for end-to-end tests.
  mapElement.dataset.zoom = String(view.zoom);
  mapElement.dataset.center = `${view.center[0]},${view.center[1]}`;
  vscode.setState({ view, settings });
  vscode.postMessage({ type: 'viewChanged', view, settings });
}

function setView(view: MapView): void {
  map.setView(L.latLng(view.center[0], view.center[1]), view.zoom, { animate: false });
}

map.on('moveend', saveView);

function onHostMessage(message: HostToWebview): void {
  switch (message.type) {
    case 'init': {
      // A view restored by VS Code (hide/show, reload) wins over the host's remembered one.
      const restored = mapViewSchema.safeParse(saved?.view);
      if (!savedSettings.success) {
        settings = message.settings;
        settingsControl.set(settings);
        coverage.redraw();
        features.redraw();
      }
      setView(restored.success ? restored.data : message.view);
      setBasemap(message.basemap);
      if (basemapLayer) basemapLayer.once('load', reportDrawn);
      else reportDrawn();
      break;
    }
    case 'setBasemap':
      setBasemap(message.basemap);
      break;
    case 'setView':
      setView(message.view);
      break;
    case 'tile':
      store.onTile(message);
      break;
    case 'image': {
      if (message.requestId !== imageRequest) return;
      const requestId = message.requestId;
      void worker.decodeDetections(message.detections).then(({ shapes, failed }) => {
        if (requestId !== imageRequest) return;
        imagePanel.show(message.image, message.thumbnail, shapes, failed.length);
      });
      break;
    }
    case 'imageError':
      if (message.requestId === imageRequest) imagePanel.showError(message.message);
      break;
    case 'highlightSequences':
      highlighted = new Set(message.sequenceIds);
      coverage.redrawHeld();
      scheduleStatus();
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) {
    log('warn', `invalid message from the host, dropped: ${parsed.error}`);
    return;
  }
  onHostMessage(parsed.message);
});

vscode.postMessage({ type: 'ready' });
