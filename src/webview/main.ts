// The map webview's entry point. The page has no network of its own except the basemap host the
// user chose, which the CSP allows and nothing else: Mapillary's tiles, images and detections come
// from the extension host by message and are decoded in a worker. Everything lives in one MapApp.
import { MapApp } from './mapApp';
import { acquireHost } from './vscodeApi';
import './map.css';

const element = document.getElementById('map');
if (!element) throw new Error('map container missing');
const app = new MapApp(element, acquireHost());
window.addEventListener('pagehide', () => app.dispose(), { once: true });
app.start();
