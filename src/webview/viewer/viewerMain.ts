// The viewer webview's entry point. The page has no network at all: every picture and field comes
// from the extension host by message (see viewerApp.ts). MapillaryJS's stylesheet is bundled into
// viewer.css beside this script.
import 'mapillary-js/dist/mapillary.css';
import './viewer.css';
import { ViewerApp } from './viewerApp';
import { acquireViewerHost } from './viewerLink';

const element = document.getElementById('viewer');
if (!element) throw new Error('viewer container missing');
const app = new ViewerApp(element, acquireViewerHost());
window.addEventListener('pagehide', () => app.dispose(), { once: true });
app.start();
