// The baselines of the map benchmark, as text appended to the page (see mapBenchPage): the four
// real tiles shown by Leaflet.VectorGrid (its canvas renderer, every feature a path, decoded on the
// page) and by our layer, each load timed from the start to the last tile drawn, with the longest
// main-thread task on the way.

export const BASELINES_ENTRY = `
// The four real tiles shown by Leaflet.VectorGrid (its canvas renderer, every feature a path).
async function vectorGridOnce(run) {
  const div = box(512, 512);
  const map = L.map(div, { zoomControl: false, attributionControl: false, fadeAnimation: false });
  map.setView(L.latLng(lat(Y0 + 1), lng(X0 + 1)), 14, { animate: false });
  const tasks = longTaskRecorder();
  const started = performance.now();
  const layer = L.vectorGrid.protobuf('/mvt/{z}/{x}/{y}.mvt?vg=' + run, {
    rendererFactory: L.canvas.tile,
    vectorTileLayerStyles: {
      sequence: { weight: 1.5, color: '#05cb63' },
      image: { radius: 1.5, fill: true, fillColor: '#05cb63', fillOpacity: 1, weight: 0 },
    },
  });
  const loaded = new Promise((r) => layer.once('load', r));
  layer.addTo(map);
  await loaded;
  await painted();
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 50));
  const t = tasks.take();
  tasks.stop();
  map.remove();
  div.remove();
  return { ms, longest: t.length ? Math.max(...t) : 0, longTasks: t.length };
}

async function baselines() {
  const f = {};
  const served = {};
  for (let i = 0; i < 4; i++) {
    const x = X0 + (i % 2);
    const y = Y0 + Math.floor(i / 2);
    served[x + '_' + y] = await bytesOf(x + '_' + y);
  }
  const ours = [];
  let oursLongest = 0;
  for (let run = 0; run < 4; run++) {
    window.gc?.();
    const { div, map, workers, layer } = await oursLayer(2, served);
    const tasks = longTaskRecorder();
    const started = performance.now();
    const loaded = new Promise((r) => layer.once('load', r));
    map.setView(L.latLng(lat(Y0 + 1), lng(X0 + 1)), 14, { animate: false });
    layer.addTo(map);
    await loaded;
    await painted();
    if (run > 0) ours.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 50));
    const t = tasks.take();
    tasks.stop();
    if (run > 0) oursLongest = Math.max(oursLongest, ...t, 0);
    map.remove();
    workers.dispose();
    div.remove();
  }
  const vg = [];
  let vgLongest = 0;
  for (let run = 0; run < 3; run++) {
    window.gc?.();
    const r = await vectorGridOnce(run);
    if (run > 0) { vg.push(r.ms); vgLongest = Math.max(vgLongest, r.longest); }
  }
  f.fourRealTilesOursMs = median(ours);
  f.fourRealTilesOursLongestTaskMs = oursLongest;
  f.fourRealTilesVectorGridMs = median(vg);
  f.fourRealTilesVectorGridLongestTaskMs = vgLongest;
  f.vectorGridOverOurs = median(vg) / median(ours);
  return f;
}

window.bench.baselines = baselines;
`;
