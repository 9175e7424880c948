// Overlay benchmark, in headless Chromium: a 50 MB GeoJSON file (buildings: polygons; assets:
// points) shown over the map, from the moment the host answers with its bytes to the first draw of
// the tiles in view, and the page's long tasks (over 50 ms, when it cannot answer the pointer)
// meanwhile. Ours (the page's real overlay code: bytes to the overlay worker, which parses, indexes
// and draws tiles) against the strongest fair baseline, the same parse, index and drawing on the
// page's own thread (as Leaflet.VectorGrid's slicer does), and against the common approach,
// `L.geoJSON` on Leaflet's canvas renderer. Each runs without and with a CPU burner (one busy
// process per core). Also the cost of drawing one tile of N unclustered points in the worker,
// which sets the clustering threshold. The page is bundled here with esbuild from the webview's
// own modules; the host is a request channel end in the page that copies its answer, as
// postMessage does.
import { availableParallelism } from 'node:os';
import { bundleBenchPage, launchBenchBrowser, openBenchPage } from './benchBrowser';
import { startCpuBurner } from './cpuBurner';
import { DATA_BBOX, assetsGeoJson, buildingsGeoJson } from './overlayData';

type Figures = Record<string, number | string>;

const ORIGIN = 'http://bench.invalid';
const FILE_BYTES = 50 * 1000 * 1000;

const PAGE_ENTRY = `
import * as L from 'leaflet';
import { RequestChannel } from './src/shared/channel/requestChannel';
import { overlayDataRequest } from './src/shared/overlay/overlayMessages';
import { OVERLAY_CHUNK_BYTES } from './src/shared/overlay/overlayLimits';
import { decodeOverlay } from './src/shared/overlay/overlayDecode';
import { OverlayIndex, lonLatToTile } from './src/shared/overlay/overlayIndex';
import { drawOverlayTile } from './src/shared/overlay/drawOverlayTile';
import { MapOverlays } from './src/webview/mapOverlays';

const BBOX = ${JSON.stringify(DATA_BBOX)};
const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const median = (a) => { const s = a.slice().sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const datasets = {};

let longTasks = [];
const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e); });
observer.observe({ type: 'longtask' });

// The largest gap between two frames while something loads: what a user sees as a freeze.
function frameGaps() {
  let last = performance.now();
  let max = 0;
  let running = true;
  const step = (now) => {
    max = Math.max(max, now - last);
    last = now;
    if (running) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
  return () => { running = false; return max; };
}

function newMap() {
  const div = document.createElement('div');
  div.style.cssText = 'width:1024px;height:768px;position:relative';
  document.body.append(div);
  const map = L.map(div, { zoomControl: false, attributionControl: false, fadeAnimation: false, preferCanvas: true, maxZoom: 20 });
  map.fitBounds([[BBOX[1], BBOX[0]], [BBOX[3], BBOX[2]]], { animate: false });
  return { map, div, close: () => { map.remove(); div.remove(); } };
}

// Entries reach the observer a while after their task; takeRecords hands over those still queued.
function measured(started) {
  longTasks.push(...observer.takeRecords());
  const tasks = longTasks.filter((t) => t.startTime >= started);
  return {
    longTasks: tasks.length,
    longestTaskMs: tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0,
    longTaskTotalMs: tasks.reduce((n, t) => n + t.duration, 0),
  };
}

async function ours(name) {
  const { map, close } = newMap();
  let webviewEnd;
  const hostEnd = new RequestChannel({ post: (m) => setTimeout(() => webviewEnd.receive(structuredClone(m)), 0) });
  webviewEnd = new RequestChannel({ post: (m) => hostEnd.receive(m) });
  // The host reads the file and answers piece by piece, as the extension does.
  hostEnd.handle(overlayDataRequest, ({ offset }) => ({
    bytes: datasets[name].slice(offset, offset + OVERLAY_CHUNK_BYTES),
    total: datasets[name].byteLength,
  }));
  let resolveReport;
  const report = new Promise((r) => (resolveReport = r));
  const host = {
    channel: webviewEnd,
    post: (m) => { if (m.type === 'overlayStatus') resolveReport(m); },
    log: () => undefined,
  };
  const overlays = new MapOverlays(map, host, () => false);
  await painted();
  const stopGaps = frameGaps();
  const started = performance.now();
  overlays.show({ id: 'o1', name, format: 'geojson', colorIndex: 0, fit: false });
  const status = await report;
  const wall = performance.now() - started;
  await painted();
  const gap = stopGaps();
  if (status.state !== 'shown') throw new Error(status.error);
  const out = { firstDrawMs: status.report.firstDrawMs, wallMs: wall, maxFrameGapMs: gap, ...measured(started), features: status.report.featureCount, clustered: String(status.report.clustered) };
  overlays.dispose();
  close();
  return out;
}

// The same decode, index and drawing, on the page's own thread.
async function mainThread(name) {
  const { map, close } = newMap();
  await painted();
  const stopGaps = frameGaps();
  const started = performance.now();
  const bytes = structuredClone(datasets[name]);
  const index = new OverlayIndex(decodeOverlay(new Uint8Array(bytes), 'geojson'));
  const Layer = L.GridLayer.extend({
    createTile(coords) {
      const canvas = document.createElement('canvas');
      canvas.width = 256;
      canvas.height = 256;
      const content = index.tile(coords.z, coords.x, coords.y);
      if (content) drawOverlayTile(canvas.getContext('2d'), content, '#d6336c', 256);
      return canvas;
    },
  });
  const layer = new Layer();
  const loaded = new Promise((r) => layer.once('load', r));
  layer.addTo(map);
  await loaded;
  const firstDrawMs = performance.now() - started;
  await painted();
  const gap = stopGaps();
  const out = { firstDrawMs, maxFrameGapMs: gap, ...measured(started), features: index.summary.featureCount };
  close();
  return out;
}

// What most maps do: parse, then one Leaflet layer per feature on the canvas renderer.
async function common(name) {
  const { map, close } = newMap();
  await painted();
  const stopGaps = frameGaps();
  const started = performance.now();
  const bytes = structuredClone(datasets[name]);
  const json = JSON.parse(new TextDecoder().decode(bytes));
  const renderer = L.canvas();
  const layer = L.geoJSON(json, {
    renderer,
    pointToLayer: (_f, latlng) => L.circleMarker(latlng, { radius: 4, renderer, weight: 1 }),
    style: { weight: 1.5, color: '#d6336c' },
  }).addTo(map);
  await painted();
  const firstDrawMs = performance.now() - started;
  const gap = stopGaps();
  const out = { firstDrawMs, maxFrameGapMs: gap, ...measured(started), features: layer.getLayers().length };
  close();
  return out;
}

// Drawing one 256 px tile of n unclustered points: what the clustering threshold is set from.
function pointTileMs(n) {
  let s = 3;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const features = [];
  for (let i = 0; i < n; i++) {
    features.push({ type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [13 + rnd() * 0.05, 55.6 + rnd() * 0.03] } });
  }
  const index = new OverlayIndex({ features, points: n, lines: 0, polygons: 0, positions: n, bbox: undefined, withoutGeometry: 0 }, Infinity);
  const at = lonLatToTile(8, 13.025, 55.615);
  const content = index.tile(8, at.x, at.y);
  const runs = [];
  for (let r = 0; r < 7; r++) {
    const canvas = new OffscreenCanvas(512, 512);
    const ctx = canvas.getContext('2d');
    ctx.scale(2, 2);
    const t = performance.now();
    drawOverlayTile(ctx, content, '#d6336c', 256);
    ctx.getImageData(0, 0, 512, 512);
    runs.push(performance.now() - t);
  }
  return { ms: median(runs), inTile: content ? content.shapes.length : 0 };
}

window.loadData = async (names) => {
  for (const name of names) datasets[name] = await (await fetch('/data/' + name + '.geojson')).arrayBuffer();
};
window.runOne = async (approach, name) => {
  window.gc?.();
  await painted();
  return approach === 'ours' ? ours(name) : approach === 'mainThread' ? mainThread(name) : common(name);
};
window.pointTiles = () => {
  const out = {};
  for (const n of [1000, 5000, 20000, 50000]) {
    const r = pointTileMs(n);
    out['pointTileDrawMs_' + n] = r.ms;
    if (r.inTile !== n) throw new Error('expected all ' + n + ' points in the tile, found ' + r.inTile);
  }
  return out;
};
`;

const APPROACHES = ['ours', 'mainThread', 'common'] as const;
const DATASETS = ['buildings', 'assets'] as const;

/** Runs the overlay benchmark and returns its figures. */
export async function run(): Promise<Figures> {
  const code = await bundleBenchPage({
    contents: PAGE_ENTRY,
    sourcefile: 'overlayBenchPage.ts',
    worker: { name: 'overlayWorker', entry: 'src/webview/overlayWorker.ts' },
  });
  const data: Record<string, string> = {
    buildings: buildingsGeoJson(FILE_BYTES),
    assets: assetsGeoJson(FILE_BYTES),
  };
  const browser = await launchBenchBrowser();
  const figures: Figures = {};
  for (const name of DATASETS)
    figures[`${name}MB`] = Number(((data[name]?.length ?? 0) / 1e6).toFixed(1));
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await openBenchPage(page, ORIGIN, code, (url) => {
      const file = /^\/data\/(\w+)\.geojson$/.exec(url.pathname);
      const body = file ? data[file[1] ?? ''] : undefined;
      return body ? { contentType: 'application/geo+json', body } : undefined;
    });
    await page.evaluate(`window.loadData(${JSON.stringify(DATASETS)})`);
    Object.assign(figures, await page.evaluate<Figures>('window.pointTiles()'));
    for (const burner of [false, true]) {
      // One busy process per core, as the README's overlay figures were measured.
      const running = burner ? startCpuBurner(availableParallelism()) : undefined;
      try {
        for (const name of DATASETS) {
          for (const approach of APPROACHES) {
            const result = await page.evaluate<Figures>(
              `window.runOne(${JSON.stringify(approach)}, ${JSON.stringify(name)})`,
            );
            const prefix = `${name}.${approach}${burner ? '.burner' : ''}`;
            for (const [key, value] of Object.entries(result)) {
              if (key === 'features' || key === 'clustered') {
                figures[`${name}.${key}`] = value;
                continue;
              }
              figures[`${prefix}.${key}`] =
                typeof value === 'number' ? Number(value.toFixed(1)) : value;
            }
          }
        }
      } finally {
        running?.stop();
      }
    }
    figures.chromium = browser.version();
    return figures;
  } finally {
    await browser.close();
  }
}
