// The baselines of the map benchmark, as text appended to the page (see mapBenchPage): the four
// real tiles shown by Leaflet.VectorGrid (its canvas renderer, every feature a path, decoded on the
// page), by MapLibre GL JS (WebGL, tiles decoded in its workers) and by our layer, each load timed
// from the start to the last tile drawn, with the longest main-thread task on the way.

export const BASELINES_ENTRY = `
// Times a Leaflet layer's load, from its making to the frame after its last tile is drawn, with the
// main thread's long tasks on the way (reported a little after they end, hence the short wait).
async function timedLoad(map, makeLayer) {
  const tasks = longTaskRecorder();
  const started = performance.now();
  const layer = makeLayer();
  const loaded = new Promise((r) => layer.once('load', r));
  layer.addTo(map);
  await loaded;
  await painted();
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 50));
  const t = tasks.take();
  tasks.stop();
  return { ms, longest: t.length ? Math.max(...t) : 0, longTasks: t.length };
}

// The four real tiles shown by Leaflet.VectorGrid (its canvas renderer, every feature a path).
async function vectorGridOnce(run) {
  const div = box(512, 512);
  const map = L.map(div, { zoomControl: false, attributionControl: false, fadeAnimation: false });
  map.setView(L.latLng(lat(Y0 + 1), lng(X0 + 1)), 14, { animate: false });
  const result = await timedLoad(map, () =>
    L.vectorGrid.protobuf('/mvt/{z}/{x}/{y}.mvt?vg=' + run, {
      rendererFactory: L.canvas.tile,
      vectorTileLayerStyles: {
        sequence: { weight: 1.5, color: '#05cb63' },
        image: { radius: 1.5, fill: true, fillColor: '#05cb63', fillOpacity: 1, weight: 0 },
      },
    }),
  );
  map.remove();
  div.remove();
  return result;
}

// The four real tiles shown by MapLibre GL JS, from its published build (served to the page by the
// bench, with its worker beside it) and a minimal local style: one vector source, a line layer for
// sequences and a circle layer for images; no glyphs, no sprites, no network. Its vector tiles are
// 512 px, so the same z14 tiles at the same scale fill 1024 CSS px: a pixel ratio of 0.5 draws them
// into a 512 x 512 canvas (the other two draw 512 x 512 too), with widths doubled in CSS px to
// 1.5 device px. The source's bounds hold it to the four tiles (it would otherwise fetch the eight
// around them too). Tiles come from memory through a protocol handler, as ours come from the host
// stand-in, and it gets as many workers as ours. Timed from adding the source to the frame after
// its idle event with every tile loaded; the map and its style are ready before, as for the others.
const MAPLIBRE_URL = '/maplibre/maplibre-gl.mjs';
async function mapLibreOnce(ml, served, workers) {
  ml.setWorkerCount(workers);
  const div = box(1024, 1024);
  const map = new ml.Map({
    container: div,
    style: { version: 8, sources: {}, layers: [] },
    center: [lng(X0 + 1), lat(Y0 + 1)],
    zoom: 14,
    pixelRatio: 0.5,
    fadeDuration: 0,
    interactive: false,
    attributionControl: false,
  });
  const failed = new Promise((_, reject) => map.on('error', (e) => reject(e.error ?? e)));
  await Promise.race([new Promise((r) => map.once('load', r)), failed]);
  const requested = [];
  ml.addProtocol('bench', async ({ url }) => {
    const [z, x, y] = url.slice('bench://'.length).split('/').map(Number);
    if (z !== 14) throw new Error('no such tile: ' + url);
    requested.push(url);
    return { data: served[fixtureOf(x, y)].slice().buffer };
  });
  const e = 1e-7;
  const tasks = longTaskRecorder();
  const started = performance.now();
  map.addSource('mly', {
    type: 'vector',
    tiles: ['bench://{z}/{x}/{y}'],
    minzoom: 14,
    maxzoom: 14,
    bounds: [lng(X0) + e, lat(Y0 + 2) + e, lng(X0 + 2) - e, lat(Y0) - e],
  });
  map.addLayer({ id: 'sequence', type: 'line', source: 'mly', 'source-layer': 'sequence', paint: { 'line-color': '#05cb63', 'line-width': 3 } });
  map.addLayer({ id: 'image', type: 'circle', source: 'mly', 'source-layer': 'image', paint: { 'circle-color': '#05cb63', 'circle-radius': 3 } });
  const drawn = new Promise((resolve) => {
    const check = () => {
      if (!map.isSourceLoaded('mly') || !map.areTilesLoaded()) return;
      map.off('idle', check);
      resolve();
    };
    map.on('idle', check);
  });
  await Promise.race([drawn, failed]);
  await painted();
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 50));
  const t = tasks.take();
  tasks.stop();
  const images = map.querySourceFeatures('mly', { sourceLayer: 'image' }).length;
  ml.removeProtocol('bench');
  map.remove();
  div.remove();
  // A figure of a map that drew something else would mean nothing: say so instead.
  if (requested.length !== 4 || images === 0) {
    throw new Error('MapLibre GL JS drew ' + images + ' images from ' + requested.length + ' tiles (' + requested.join(', ') + '), not the four real tiles');
  }
  return { ms, longest: t.length ? Math.max(...t) : 0 };
}

// The four real tiles shown by our layer, through its workers, with the host stand-in.
async function oursFourOnce(served) {
  const { div, map, workers, layer } = await oursLayer(2, served);
  const size = workers.size;
  const { ms, longest } = await timedLoad(map, () => {
    map.setView(L.latLng(lat(Y0 + 1), lng(X0 + 1)), 14, { animate: false });
    return layer;
  });
  map.remove();
  workers.dispose();
  div.remove();
  return { ms, longest, workers: size };
}

// Rounds of ours, VectorGrid and MapLibre in turn, so that a change in the machine's load falls on
// all three alike; the first round only warms up.
const ROUNDS = 5;

async function baselines() {
  const f = {};
  const served = {};
  for (let i = 0; i < 4; i++) {
    const x = X0 + (i % 2);
    const y = Y0 + Math.floor(i / 2);
    served[x + '_' + y] = await bytesOf(x + '_' + y);
  }
  const ml = await import(MAPLIBRE_URL);
  const ours = { ms: [], longest: 0 };
  const vg = { ms: [], longest: 0 };
  const gl = { ms: [], longest: 0 };
  const keep = (into, r, round) => {
    if (round === 0) return;
    into.ms.push(r.ms);
    into.longest = Math.max(into.longest, r.longest);
  };
  let workers = 0;
  for (let round = 0; round < ROUNDS; round++) {
    window.gc?.();
    const r = await oursFourOnce(served);
    workers = r.workers;
    keep(ours, r, round);
    window.gc?.();
    keep(vg, await vectorGridOnce(round), round);
    window.gc?.();
    keep(gl, await mapLibreOnce(ml, served, workers), round);
  }
  f.fourRealTilesOursMs = median(ours.ms);
  f.fourRealTilesOursLongestTaskMs = ours.longest;
  f.fourRealTilesVectorGridMs = median(vg.ms);
  f.fourRealTilesVectorGridLongestTaskMs = vg.longest;
  f.vectorGridOverOurs = median(vg.ms) / median(ours.ms);
  f.fourRealTilesMapLibreMs = median(gl.ms);
  f.fourRealTilesMapLibreLongestTaskMs = gl.longest;
  f.mapLibreOverOurs = median(gl.ms) / median(ours.ms);
  f.mapLibreWorkers = workers;
  f.mapLibreVersion = ml.getVersion();
  return f;
}

window.bench.baselines = baselines;
`;
