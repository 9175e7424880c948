// The map webview: a Leaflet map that draws what the extension host sends. It has no network of its
// own except the basemap host the user chose, which the CSP allows and nothing else.
import * as L from 'leaflet';
import { parseHostMessage, type Basemap, type MapView } from '../shared/messages';
import { vscode } from './vscodeApi';
import './map.css';

const container = document.getElementById('map');
if (!container) throw new Error('map container missing');

const map = L.map(container, {
  zoomControl: true,
  attributionControl: true,
  worldCopyJump: true,
  preferCanvas: true,
});
map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');

let basemapLayer: L.TileLayer | undefined;
let drawnReported = false;

function setBasemap(basemap: Basemap): void {
  basemapLayer?.remove();
  basemapLayer = undefined;
  container?.classList.toggle('no-basemap', basemap === null);
  if (!basemap) return;
  basemapLayer = L.tileLayer(basemap.url, {
    attribution: basemap.attribution,
    maxZoom: 19,
    maxNativeZoom: 19,
    crossOrigin: false,
  });
  basemapLayer.on('tileerror', () => {
    vscode.postMessage({ type: 'log', level: 'warn', message: 'a basemap tile failed to load' });
  });
  basemapLayer.addTo(map);
}

function reportDrawn(): void {
  if (drawnReported) return;
  drawnReported = true;
  const tiles = container?.querySelectorAll('img.leaflet-tile-loaded').length ?? 0;
  container?.setAttribute('data-drawn', 'true');
  vscode.postMessage({ type: 'mapDrawn', tiles });
}

function setView(view: MapView): void {
  map.setView(L.latLng(view.center[0], view.center[1]), view.zoom, { animate: false });
}

map.on('moveend', () => {
  const c = map.getCenter().wrap();
  const view: MapView = { center: [c.lat, c.lng], zoom: map.getZoom() };
  // Exposed on the element for people inspecting the webview and for end-to-end tests.
  container.dataset.zoom = String(view.zoom);
  vscode.setState({ ...vscode.getState(), view });
  vscode.postMessage({ type: 'viewChanged', view });
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) {
    vscode.postMessage({
      type: 'log',
      level: 'warn',
      message: `invalid message from the host, dropped: ${parsed.error}`,
    });
    return;
  }
  const message = parsed.message;
  switch (message.type) {
    case 'init': {
      // A view restored by VS Code (hide/show) wins over the host's remembered one.
      setView(vscode.getState()?.view ?? message.view);
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
  }
});

vscode.postMessage({ type: 'ready' });
