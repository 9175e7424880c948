// Map benchmark, in headless Chromium, all in one run: decode and draw of the real 954 KB z14 tile
// by our layer against the common approach (`toGeoJSON` into `L.geoJSON` with Leaflet's canvas
// renderer); main-thread long tasks while the four real tiles load through the layer and its
// worker; frame work while panning across them; hover-pick latency at z14 over 31,261 points.
// The page is bundled here with esbuild from the webview's own modules; tiles are served to it
// from the real fixtures, standing in for the extension host.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { realFixturesDir, repoRoot } from '../test/support/fixtures';

type Figures = Record<string, number | string>;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ORIGIN = 'http://bench.invalid';
const TILES = ['3251_6257', '3252_6257', '3251_6258', '3252_6258'];

// The page's code. Kept as text so the bench is one file; esbuild resolves its imports from the
// repository root, exactly as the webview bundle does.
const PAGE_ENTRY = `
import * as L from 'leaflet';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { decodeTile } from './src/shared/tiles/boundedDecoder';
import { buildRenderTile } from './src/shared/map/renderTile';
import { TilePainter } from './src/webview/canvasDraw';
import { RequestChannel } from './src/shared/channel/requestChannel';
import { tileRequest } from './src/shared/messages';
import { DEFAULT_MAP_SETTINGS } from './src/shared/map/mapSettings';
import { pickableKinds } from './src/shared/map/picking';
import { MapillaryLayer } from './src/webview/mapillaryLayer';
import { TileStore, tilesFromHost } from './src/webview/tileStore';
import { DecodeWorker } from './src/webview/decodeWorker';

const TILES = ${JSON.stringify(TILES)};
const state = { settings: DEFAULT_MAP_SETTINGS, highlighted: new Set(), selected: new Set() };
const median = (a) => { const s = a.slice().sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const pct = (a, p) => { const s = a.slice().sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

async function bytesOf(name) {
  return new Uint8Array(await (await fetch('/tiles/' + name + '.mvt')).arrayBuffer());
}

function box(w, h) {
  const div = document.createElement('div');
  div.style.width = w + 'px';
  div.style.height = h + 'px';
  div.style.position = 'relative';
  document.body.append(div);
  return div;
}

const painter = new TilePainter();

async function ours(bytes) {
  const started = performance.now();
  const decoded = decodeTile(bytes);
  const tile = buildRenderTile(decoded.value.layers, bytes.length);
  const canvas = document.createElement('canvas');
  canvas.width = 256;
  canvas.height = 256;
  box(0, 0).append(canvas);
  const counts = painter.paint(canvas, [tile], { x0: 0, y0: 0, size: 4096, pixels: 256, zoom: 14 }, state);
  await painted();
  const ms = performance.now() - started;
  canvas.parentElement.remove();
  return { ms, images: counts.image, sequences: counts.sequence };
}

async function common(bytes) {
  const started = performance.now();
  const vt = new VectorTile(new PbfReader(bytes));
  const features = [];
  for (const name of Object.keys(vt.layers)) {
    const layer = vt.layers[name];
    for (let i = 0; i < layer.length; i++) features.push(layer.feature(i).toGeoJSON(3251, 6257, 14));
  }
  const div = box(256, 256);
  const map = L.map(div, { zoomControl: false, attributionControl: false, preferCanvas: true });
  const nw = L.latLng(
    (180 / Math.PI) * Math.atan(Math.sinh(Math.PI - (2 * Math.PI * 6257.5) / 2 ** 14)),
    (3251.5 / 2 ** 14) * 360 - 180,
  );
  map.setView(nw, 14, { animate: false });
  const renderer = L.canvas();
  const layer = L.geoJSON({ type: 'FeatureCollection', features }, {
    renderer,
    pointToLayer: (_f, latlng) => L.circleMarker(latlng, { radius: 1.5, renderer, weight: 0, fillOpacity: 1 }),
    style: { weight: 1.5, color: '#05cb63' },
  }).addTo(map);
  await painted();
  const ms = performance.now() - started;
  const count = layer.getLayers().length;
  map.remove();
  div.remove();
  return { ms, features: count };
}

window.runBench = async () => {
  const figures = {};
  const dense = await bytesOf(TILES[0]);
  figures.denseTileBytes = dense.length;

  // 1. Decode and draw of the dense tile, ours against the common approach, alternating.
  const oursMs = [];
  const commonMs = [];
  let drawn;
  let commonFeatures;
  // Warm-up rounds first (not counted), as the decoder bench does, so both sides are compiled.
  for (let run = 0; run < 3; run++) {
    await ours(dense);
    await common(dense);
  }
  for (let run = 0; run < 7; run++) {
    window.gc?.();
    const a = await ours(dense);
    oursMs.push(a.ms);
    drawn = a;
    window.gc?.();
    const b = await common(dense);
    commonMs.push(b.ms);
    commonFeatures = b.features;
  }
  figures.oursRunsMs = oursMs.map((t) => t.toFixed(0)).join(' ');
  figures.commonRunsMs = commonMs.map((t) => t.toFixed(0)).join(' ');
  figures.oursDecodeDrawMs = median(oursMs);
  figures.commonGeoJsonDrawMs = median(commonMs);
  figures.speedup = figures.commonGeoJsonDrawMs / figures.oursDecodeDrawMs;
  figures.oursImagesDrawn = drawn.images;
  figures.oursSequencesDrawn = drawn.sequences;
  figures.commonFeatures = commonFeatures;

  // Each section starts from a collected heap, so one section's garbage does not pause another.
  window.gc?.();
  await painted();

  // 2. The four real tiles through the layer: host stand-in (the host's end of the request
  // channel, taking each request at once and answering a task later), worker decode, canvas draw.
  const served = {};
  for (const name of TILES) served['mly1_public/14/' + name.replace('_', '/')] = await bytesOf(name);
  let webviewEnd;
  const hostEnd = new RequestChannel({ post: (m) => setTimeout(() => webviewEnd.receive(m), 0) });
  webviewEnd = new RequestChannel({ post: (m) => hostEnd.receive(m) });
  hostEnd.handle(tileRequest, (t) => {
    const bytes = served[t.set + '/' + t.z + '/' + t.x + '/' + t.y];
    return { bytes: bytes ? bytes.slice().buffer : new ArrayBuffer(0) };
  });
  const longTasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
  const div = box(1024, 768);
  const map = L.map(div, { zoomControl: false, attributionControl: false, fadeAnimation: false, maxZoom: 20 });
  const worker = new DecodeWorker(() => undefined);
  const store = new TileStore(tilesFromHost(webviewEnd), worker);
  const layer = new MapillaryLayer({
    store,
    sets: () => ['mly1_public'],
    state: () => state,
    maxZoom: 20,
  });
  const corner = L.latLng(
    (180 / Math.PI) * Math.atan(Math.sinh(Math.PI - (2 * Math.PI * 6258) / 2 ** 14)),
    (3252 / 2 ** 14) * 360 - 180,
  );
  const drawTimes = [];
  const proto = MapillaryLayer.prototype;
  const originalDraw = proto.draw;
  proto.draw = function (s) {
    const t = performance.now();
    originalDraw.call(this, s);
    drawTimes.push(performance.now() - t);
  };
  const loadStarted = performance.now();
  const loaded = new Promise((r) => layer.once('load', r));
  map.setView(corner, 14, { animate: false });
  layer.addTo(map);

  await loaded;
  await painted();
  figures.fourTilesLoadMs = performance.now() - loadStarted;
  await new Promise((r) => setTimeout(r, 100));
  figures.longTasksWhileLoading = longTasks.length;
  figures.longestTaskWhileLoadingMs = longTasks.length ? Math.max(...longTasks) : 0;
  figures.imagesDrawnFourTiles = layer.summary().counts.image;
  figures.slowestTileDrawMs = Math.max(...drawTimes);

  window.gc?.();
  // 3. Panning across the four tiles at z15 (overzoomed canvases created as they come into view).
  map.setView(corner, 15, { animate: false });
  await new Promise((r) => layer.once('load', r));
  await painted();
  longTasks.length = 0;
  const work = [];
  const intervals = [];
  let last = 0;
  const channel = new MessageChannel();
  await new Promise((resolve) => {
    let frame = 0;
    const steps = 160;
    const step = (now) => {
      if (last) intervals.push(now - last);
      last = now;
      const started = performance.now();
      // Right for the first half, back for the second: across all four tiles and back.
      map.panBy([frame < steps / 2 ? 12 : -12, frame % 40 < 20 ? 4 : -4], { animate: false });
      // The frame's work ends when the main thread gets to a message posted now.
      channel.port1.onmessage = () => work.push(performance.now() - started);
      channel.port2.postMessage(0);
      if (++frame < steps) requestAnimationFrame(step);
      else setTimeout(resolve, 200);
    };
    requestAnimationFrame(step);
  });
  figures.panFrames = work.length;
  figures.panFrameWorkP50Ms = pct(work, 0.5);
  figures.panFrameWorkP95Ms = pct(work, 0.95);
  figures.panFrameIntervalP95Ms = pct(intervals, 0.95);
  figures.longTasksWhilePanning = longTasks.length;

  window.gc?.();
  // 4. Hover-pick latency at z14 over the dense tile.
  map.setView(corner, 14, { animate: false });
  await new Promise((r) => setTimeout(r, 50));
  if (layer.summary().loading) await new Promise((r) => layer.once('load', r));
  const kinds = pickableKinds(14, DEFAULT_MAP_SETTINGS);
  const tileNw = map.latLngToContainerPoint(L.latLng(
    (180 / Math.PI) * Math.atan(Math.sinh(Math.PI - (2 * Math.PI * 6257) / 2 ** 14)),
    (3251 / 2 ** 14) * 360 - 180,
  ));
  const picks = [];
  let hits = 0;
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 3000; i++) {
    const p = tileNw.add([rnd() * 256, rnd() * 256]);
    const started = performance.now();
    const found = layer.pickAt(map.containerPointToLatLng(p), 8, kinds);
    picks.push(performance.now() - started);
    if (found) hits++;
  }
  // The page's clock is coarse (0.1 ms): the mean over a batch is the finer figure.
  figures.hoverPickMeanMs = picks.reduce((a, b) => a + b, 0) / picks.length;
  figures.hoverPicks = picks.length;
  figures.hoverPickHits = hits;
  figures.hoverPickP50Ms = pct(picks, 0.5);
  figures.hoverPickP95Ms = pct(picks, 0.95);
  figures.hoverPickMaxMs = Math.max(...picks);
  observer.disconnect();
  return figures;
};
`;

async function bundle(): Promise<string> {
  // The worker first, then the page with the worker's code as a module, as esbuild.mjs does.
  const worker = await esbuild.build({
    entryPoints: [path.join(repoRoot, 'src/webview/tileWorker.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
  });
  const workerCode = worker.outputFiles[0]?.text ?? '';
  const page = await esbuild.build({
    stdin: { contents: PAGE_ENTRY, resolveDir: repoRoot, loader: 'ts', sourcefile: 'benchPage.ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    loader: { '.css': 'empty' },
    plugins: [
      {
        name: 'tile-worker',
        setup(build) {
          build.onResolve({ filter: /^virtual:tileWorker$/ }, () => ({
            path: 'tileWorker',
            namespace: 'tile-worker',
          }));
          build.onLoad({ filter: /.*/, namespace: 'tile-worker' }, () => ({
            contents: `export default ${JSON.stringify(workerCode)};`,
            loader: 'js',
          }));
        },
      },
    ],
  });
  return page.outputFiles[0]?.text ?? '';
}

/** Runs the map benchmark and returns its figures. */
export async function run(): Promise<Figures> {
  const dir = realFixturesDir();
  if (!dir) return { skipped: 'the real fixtures (../shared/fixtures/real/) are absent' };
  const code = await bundle();
  const css = readFileSync(path.join(repoRoot, 'node_modules/leaflet/dist/leaflet.css'), 'utf8');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      // Lets the page collect garbage between sections.
      '--js-flags=--expose-gc',
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/') {
        return route.fulfill({
          contentType: 'text/html',
          body: `<!DOCTYPE html><html><head><style>${css}</style></head><body></body></html>`,
        });
      }
      if (url.pathname === '/bench.js') {
        return route.fulfill({ contentType: 'text/javascript', body: code });
      }
      const tile = /^\/tiles\/(\d+_\d+)\.mvt$/.exec(url.pathname);
      if (tile) {
        const bytes = readFileSync(path.join(dir, 'tiles', 'mly1_public', '14', `${tile[1]}.mvt`));
        return route.fulfill({ contentType: 'application/x-protobuf', body: bytes });
      }
      return route.fulfill({ status: 404, body: '' });
    });
    await page.goto(`${ORIGIN}/`);
    await page.addScriptTag({ url: `${ORIGIN}/bench.js` });
    const figures = await page.evaluate<Figures>('window.runBench()');
    const round = (v: number | string) => (typeof v === 'number' ? Number(v.toFixed(4)) : v);
    const out: Figures = {};
    for (const [key, value] of Object.entries(figures)) out[key] = round(value);
    out.chromium = browser.version();
    return out;
  } finally {
    await browser.close();
  }
}
