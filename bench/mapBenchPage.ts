// The page of the map benchmark, as text: esbuild bundles it from the repository root exactly as the
// webview bundle is built (so it can use the webview's own modules), and the bench runs it in
// headless Chromium. Kept as a string so that it is checked and bundled for the browser only.
// `window.bench` offers one function per measurement; each returns its figures.

export const PAGE_ENTRY = `
import * as L from 'leaflet';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { decodeTile } from './src/shared/tiles/boundedDecoder';
import { buildRenderTile } from './src/shared/map/renderTile';
import { TilePainter } from './src/webview/tilePainter';
import { RequestChannel } from './src/shared/channel/requestChannel';
import { tileRequest } from './src/shared/messages';
import { DEFAULT_MAP_SETTINGS } from './src/shared/map/mapSettingsDefaults';
import { pickableKinds } from './src/shared/map/picking';
import { MapillaryLayer } from './src/webview/mapillaryLayer';
import { TileStore, tilesFromHost } from './src/webview/tileStore';
import { WorkerPool } from './src/webview/workerPool';
import { DrawStateHolder } from './src/webview/drawStateHolder';

window.L = L;
const X0 = 3251;
const Y0 = 6257;
const median = (a) => { const s = a.slice().sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const pct = (a, p) => { const s = a.slice().sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const lat = (y) => (180 / Math.PI) * Math.atan(Math.sinh(Math.PI - (2 * Math.PI * y) / 2 ** 14));
const lng = (x) => (x / 2 ** 14) * 360 - 180;

async function bytesOf(name) {
  return new Uint8Array(await (await fetch('/tiles/' + name + '.mvt')).arrayBuffer());
}
// A z14 tile of the grid the bench shows: the real tiles, repeated every two tiles.
function fixtureOf(x, y) {
  return (X0 + (((x - X0) % 2) + 2) % 2) + '_' + (Y0 + (((y - Y0) % 2) + 2) % 2);
}

function box(w, h) {
  const div = document.createElement('div');
  div.style.width = w + 'px';
  div.style.height = h + 'px';
  div.style.position = 'relative';
  document.body.append(div);
  return div;
}

function longTaskRecorder() {
  const tasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
  return {
    reset: () => (tasks.length = 0),
    take: () => { const t = tasks.slice(); tasks.length = 0; return t; },
    stop: () => observer.disconnect(),
  };
}

const state0 = { settings: DEFAULT_MAP_SETTINGS, highlighted: new Set(), selected: new Set(), current: '' };
const painter = new TilePainter();

// 1. Decode and draw of one dense tile on the main thread, in one go: the work our workers do.
async function oursOnce(bytes) {
  const started = performance.now();
  const decoded = decodeTile(bytes);
  const tile = buildRenderTile(decoded.value.layers, bytes.length);
  const canvas = document.createElement('canvas');
  canvas.width = 256;
  canvas.height = 256;
  box(0, 0).append(canvas);
  const { bitmap, counts } = painter.paint([tile], { x0: 0, y0: 0, size: 4096, pixels: 256, zoom: 14 }, state0, 256, 256);
  canvas.getContext('2d').drawImage(bitmap, 0, 0);
  bitmap.close();
  await painted();
  const ms = performance.now() - started;
  canvas.parentElement.remove();
  return { ms, images: counts.image, sequences: counts.sequence };
}

// The common approach: every feature to GeoJSON, drawn by Leaflet's canvas renderer.
async function commonOnce(bytes) {
  const started = performance.now();
  const vt = new VectorTile(new PbfReader(bytes));
  const features = [];
  for (const name of Object.keys(vt.layers)) {
    const layer = vt.layers[name];
    for (let i = 0; i < layer.length; i++) features.push(layer.feature(i).toGeoJSON(X0, Y0, 14));
  }
  const div = box(256, 256);
  const map = L.map(div, { zoomControl: false, attributionControl: false, preferCanvas: true });
  map.setView(L.latLng(lat(Y0 + 0.5), lng(X0 + 0.5)), 14, { animate: false });
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

async function denseTile() {
  const dense = await bytesOf(fixtureOf(X0, Y0));
  const ours = [];
  const common = [];
  let drawn;
  for (let run = 0; run < 2; run++) { await oursOnce(dense); await commonOnce(dense); }
  for (let run = 0; run < 5; run++) {
    window.gc?.();
    drawn = await oursOnce(dense);
    ours.push(drawn.ms);
    window.gc?.();
    common.push((await commonOnce(dense)).ms);
  }
  // The drawing alone (what a redraw costs a worker), whole and by part.
  const decoded = decodeTile(dense);
  const tile = buildRenderTile(decoded.value.layers, dense.length);
  const view = { x0: 0, y0: 0, size: 4096, pixels: 256, zoom: 14 };
  const paintMs = (t) => {
    const times = [];
    for (let run = 0; run < 9; run++) {
      const s = performance.now();
      painter.paint([t], view, state0, 256, 256).bitmap?.close();
      times.push(performance.now() - s);
    }
    return median(times);
  };
  const drawMs = paintMs(tile);
  const linesOnlyMs = paintMs({ ...tile, points: [] });
  const pointsOnlyMs = paintMs({ ...tile, lines: undefined });
  return {
    denseTileDrawMs: drawMs,
    denseTileLinesDrawMs: linesOnlyMs,
    denseTilePointsDrawMs: pointsOnlyMs,
    denseTileBytes: dense.length,
    oursDecodeDrawMs: median(ours),
    commonGeoJsonDrawMs: median(common),
    commonOverOurs: median(common) / median(ours),
    oursImagesDrawn: drawn.images,
    oursSequencesDrawn: drawn.sequences,
  };
}

// Our layer over an n × n grid of dense tiles at z14, through the workers, with a host stand-in.
async function oursLayer(n, served) {
  let webviewEnd;
  const hostEnd = new RequestChannel({ post: (m) => setTimeout(() => webviewEnd.receive(m), 0) });
  webviewEnd = new RequestChannel({ post: (m) => hostEnd.receive(m) });
  hostEnd.handle(tileRequest, (t) => ({ bytes: served[fixtureOf(t.x, t.y)].slice().buffer }));
  const div = box(256 * n, 256 * n);
  const map = L.map(div, { zoomControl: false, attributionControl: false, fadeAnimation: false, maxZoom: 20 });
  const workers = new WorkerPool(() => undefined);
  const holder = new DrawStateHolder(workers, DEFAULT_MAP_SETTINGS);
  const store = new TileStore(tilesFromHost(webviewEnd), workers);
  const layer = new MapillaryLayer({ store, drawer: workers, sets: () => ['mly1_public'], state: () => holder.get(), maxZoom: 20 });
  return { div, map, workers, holder, layer };
}

async function loadTiles(n, burner) {
  const served = {};
  for (let i = 0; i < 4; i++) {
    const x = X0 + (i % 2);
    const y = Y0 + Math.floor(i / 2);
    served[x + '_' + y] = await bytesOf(x + '_' + y);
  }
  window.gc?.();
  await painted();
  const f = {};
  const p = 'tiles' + n * n + (burner ? 'Burner' : 'Idle');
  const { div, map, workers, holder, layer } = await oursLayer(n, served);
  f.workers = workers.size;
  const tasks = longTaskRecorder();
  const centre = L.latLng(lat(Y0 + n / 2), lng(X0 + n / 2));
  const started = performance.now();
  const loaded = new Promise((r) => layer.once('load', r));
  map.setView(centre, 14, { animate: false });
  layer.addTo(map);
  await loaded;
  await painted();
  f[p + 'LoadMs'] = performance.now() - started;
  await new Promise((r) => setTimeout(r, 100));
  let t = tasks.take();
  f[p + 'LongTasksLoading'] = t.length;
  f[p + 'LongestTaskLoadingMs'] = t.length ? Math.max(...t) : 0;
  f[p + 'ImagesDrawn'] = layer.summary().counts.image;

  // Redraw of every canvas after a filter change (the fixtures carry no dates: a date bound hides
  // everything, clearing it draws everything again) and after a highlight.
  const redraw = async (change) => {
    const started = performance.now();
    holder.update(change);
    await layer.redrawHeld();
    return performance.now() - started;
  };
  const on = [];
  const off = [];
  const lit = [];
  for (let run = 0; run < 5; run++) {
    on.push(await redraw({ settings: { ...DEFAULT_MAP_SETTINGS, filters: { ...DEFAULT_MAP_SETTINGS.filters, fromDate: '2020-01-01' } } }));
    off.push(await redraw({ settings: DEFAULT_MAP_SETTINGS }));
    lit.push(await redraw({ highlighted: new Set(['x' + run]) }));
  }
  t = tasks.take();
  f[p + 'RedrawFilterOnMs'] = median(on);
  f[p + 'RedrawFilterOffMs'] = median(off);
  f[p + 'RedrawHighlightMs'] = median(lit);
  f[p + 'LongTasksRedrawing'] = t.length;

  // Panning at z15 across the tiles and back: overzoomed canvases are drawn as they come in.
  map.setView(centre, 15, { animate: false });
  await new Promise((r) => layer.once('load', r));
  await painted();
  tasks.reset();
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
      map.panBy([frame < steps / 2 ? 12 : -12, frame % 40 < 20 ? 4 : -4], { animate: false });
      channel.port1.onmessage = () => work.push(performance.now() - started);
      channel.port2.postMessage(0);
      if (++frame < steps) requestAnimationFrame(step);
      else setTimeout(resolve, 200);
    };
    requestAnimationFrame(step);
  });
  t = tasks.take();
  f[p + 'PanFrameIntervalP50Ms'] = pct(intervals, 0.5);
  f[p + 'PanFrameIntervalP95Ms'] = pct(intervals, 0.95);
  f[p + 'PanFrameWorkP95Ms'] = pct(work, 0.95);
  f[p + 'LongTasksPanning'] = t.length;

  if (n === 2 && !burner) {
    // Hover-pick latency at z14 over the dense tile.
    map.setView(L.latLng(lat(Y0 + 1), lng(X0 + 1)), 14, { animate: false });
    await new Promise((r) => setTimeout(r, 50));
    if (layer.summary().loading) await new Promise((r) => layer.once('load', r));
    const kinds = pickableKinds(14, DEFAULT_MAP_SETTINGS);
    const nw = map.latLngToContainerPoint(L.latLng(lat(Y0), lng(X0)));
    const picks = [];
    let hits = 0;
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 3000; i++) {
      const q = nw.add([rnd() * 256, rnd() * 256]);
      const s = performance.now();
      if (layer.pickAt(map.containerPointToLatLng(q), 8, kinds)) hits++;
      picks.push(performance.now() - s);
    }
    f.hoverPickMeanMs = picks.reduce((a, b) => a + b, 0) / picks.length;
    f.hoverPickHits = hits;
    f.hoverPickMaxMs = Math.max(...picks);
  }
  tasks.stop();
  map.remove();
  workers.dispose();
  div.remove();
  return f;
}

window.bench = { denseTile, loadTiles };
`;
