// Street-level viewer benchmark, in headless Chromium against the emulator with no added latency
// (see viewerHarness.ts): an image shown on a map click until its picture is drawn; a step to the
// next image of a sequence once that image is prefetched (p50, p95), back to back and settled (see
// stepThrough); the JS heap after 500 steps against the heap after 50, and after 1,000 against
// 500 (after a garbage collection each); and the requests that stepping through 100 images of a
// sequence costs, from the emulator's request log. The timings run once on a quiet machine and
// once with a CPU burner (a busy process) beside them.
import { type Page } from 'playwright-core';
import { type ViewerToHost } from '../src/shared/viewer/viewerMessages';
import { startCpuBurner } from './cpuBurner';
import { startViewerHarness, type ViewerHarness } from './viewerHarness';

type Figures = Record<string, number | string>;

const pct = (values: number[], p: number): number => {
  const s = values.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN;
};
const round = (n: number): number => Math.round(n * 10) / 10;

const isDrawn =
  (id: string) =>
  (m: ViewerToHost): m is ViewerToHost & { type: 'drawn' } =>
    m.type === 'drawn' && m.imageId === id;

/** Milliseconds from a map click (the host's `show`) until the picture is drawn. */
async function clickToDrawn(h: ViewerHarness, imageId: string): Promise<number> {
  const drawn = h.next(isDrawn(imageId), 60_000);
  const started = performance.now();
  // A click on the map knows the image's sequence (from the tile) and where the click was.
  const clicked = h.emulator.dataset.images.find((i) => i.id === imageId);
  await h.show(imageId, clicked?.sequenceId, clicked ? [clicked.lon, clicked.lat] : undefined);
  await drawn;
  return performance.now() - started;
}

/** Waits until the 1024 picture of `imageId` has been answered (the viewer prefetched it). */
async function prefetched(h: ViewerHarness, imageId: string, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const done = h.answered.some(
      (a) =>
        a.method === 'viewerPicture' &&
        (a.params as { imageId?: string; size?: string }).imageId === imageId &&
        (a.params as { size?: string }).size === '1024',
    );
    if (done) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

// Runs in the page (as text: this file is not compiled for the browser): presses → and resolves
// with the milliseconds until the viewer shows the image `id` (it is the library's current image)
// and, when `drawn` is asked for, until its picture has been drawn (two frames later).
const STEP = `(id, drawn) => new Promise((resolve) => {
  const root = document.getElementById('viewer');
  const started = performance.now();
  let shown;
  const check = () => {
    if (shown === undefined && root.dataset.imageId === id) shown = performance.now() - started;
    if (shown === undefined || (drawn && root.dataset.drawn !== id)) return;
    observer.disconnect();
    resolve({ shown, drawn: drawn ? performance.now() - started : undefined });
  };
  const observer = new MutationObserver(check);
  observer.observe(root, { attributes: true, attributeFilter: ['data-image-id', 'data-drawn'] });
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
})`;

interface StepTime {
  shown: number;
  drawn?: number;
}

/** Presses → in the page; resolves once `next` is shown (and drawn, with `drawn`). */
function stepOnce(page: Page, next: string, drawn: boolean): Promise<StepTime> {
  return page.evaluate<StepTime>(`(${STEP})(${JSON.stringify(next)}, ${String(drawn)})`);
}

/**
 * Steps from `ids[0]` to `ids[count]`, each once the next image is prefetched. Back to back, the
 * next key is pressed as soon as the image is shown, while the library may still be animating the
 * move; settled, only once its picture has been drawn, as a person presses after looking.
 */
async function stepThrough(
  h: ViewerHarness,
  ids: readonly string[],
  count: number,
  mode: 'back to back' | 'settled',
  onStep?: (step: number) => Promise<void>,
): Promise<{ times: StepTime[]; notPrefetched: number }> {
  const times: StepTime[] = [];
  let notPrefetched = 0;
  for (let k = 1; k <= count; k++) {
    const next = ids[k];
    if (!next) break;
    if (!(await prefetched(h, next))) notPrefetched++;
    times.push(await stepOnce(h.page, next, mode === 'settled'));
    await onStep?.(k);
  }
  return { times, notPrefetched };
}

/**
 * The page's JS heap once no request of the page is in flight (a picture on its way holds its
 * bytes), the least of three readings, each after a garbage collection.
 */
async function heapUsed(h: ViewerHarness): Promise<number> {
  for (let waited = 0; h.inFlight() > 0 && waited < 10_000; waited += 20) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const cdp = await h.page.context().newCDPSession(h.page);
  let least = Infinity;
  for (let k = 0; k < 3; k++) {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    least = Math.min(least, usage.usedSize);
  }
  await cdp.detach();
  return least;
}

/** Opens several images of different sequences, each as a map click would. */
async function clicks(h: ViewerHarness, figures: Figures, suffix: string): Promise<void> {
  const ds = h.emulator.dataset;
  const picks = ds.sequences.slice(1, 8).map((s) => s.imageIds[Math.floor(s.imageIds.length / 2)]);
  const times: number[] = [];
  for (const id of picks) if (id) times.push(await clickToDrawn(h, id));
  figures[`clickToDrawnFirstMs${suffix}`] = round(times[0] ?? NaN);
  figures[`clickToDrawnMedianMs${suffix}`] = round(pct(times.slice(1), 0.5));
  figures[`clickToDrawnMaxMs${suffix}`] = round(Math.max(...times.slice(1)));
}

async function timings(
  suffix: string,
  figures: Figures,
  withHeap: boolean,
  pictures: 'streets' | 'plain' = 'streets',
): Promise<void> {
  const h = await startViewerHarness({ emulator: { pictures } });
  try {
    await clicks(h, figures, suffix);
    const long = h.emulator.dataset.sequences[0];
    if (!long) throw new Error('the dataset has no long sequence');
    const ids = long.imageIds;
    await clickToDrawn(h, ids[0] ?? '');
    let heap50 = 0;
    let heap500 = 0;
    let heap1000 = 0;
    // With the heap: 1,000 steps, to see whether the heap keeps growing after the caches fill.
    const steps = withHeap ? 1000 : 120;
    const run = await stepThrough(h, ids, steps, 'back to back', async (k) => {
      if (withHeap && k === 50) heap50 = await heapUsed(h);
      if (withHeap && k === 500) heap500 = await heapUsed(h);
      if (withHeap && k === 1000) heap1000 = await heapUsed(h);
    });
    const shown = run.times.map((t) => t.shown);
    figures[`stepMedianMs${suffix}`] = round(pct(shown, 0.5));
    figures[`stepP95Ms${suffix}`] = round(pct(shown, 0.95));
    figures[`steps${suffix}`] = run.times.length;
    figures[`stepsNotPrefetched${suffix}`] = run.notPrefetched;
    // Then 120 settled steps further along the same sequence.
    const settled = await stepThrough(h, ids.slice(steps), 120, 'settled');
    const settledShown = settled.times.map((t) => t.shown);
    const settledDrawn = settled.times.map((t) => t.drawn ?? NaN);
    figures[`settledStepShownMedianMs${suffix}`] = round(pct(settledShown, 0.5));
    figures[`settledStepShownP95Ms${suffix}`] = round(pct(settledShown, 0.95));
    figures[`settledStepDrawnMedianMs${suffix}`] = round(pct(settledDrawn, 0.5));
    figures[`settledStepDrawnP95Ms${suffix}`] = round(pct(settledDrawn, 0.95));
    figures[`settledSteps${suffix}`] = settled.times.length;
    figures[`settledStepsNotPrefetched${suffix}`] = settled.notPrefetched;
    if (withHeap) {
      figures.heapAfter50StepsMB = round(heap50 / 1024 / 1024);
      figures.heapAfter500StepsMB = round(heap500 / 1024 / 1024);
      figures.heapAfter1000StepsMB = round(heap1000 / 1024 / 1024);
      figures.heapRatio500to50 = Math.round((heap500 / heap50) * 100) / 100;
      figures.heapRatio1000to500 = Math.round((heap1000 / heap500) * 100) / 100;
    }
    figures[`cspViolations${suffix}`] = h.violations.length;
  } finally {
    await h.close();
  }
}

/** The page's requests that each cost MapillaryJS's own data provider one Graph call. */
const STOCK_METHODS = ['viewerCell', 'viewerImages', 'viewerSequence'];

/**
 * Requests of stepping through 100 images of a sequence, from a fresh start (a click on the map),
 * then of stepping on to 500 images.
 */
export async function requests(figures: Figures): Promise<void> {
  const h = await startViewerHarness();
  try {
    const long = h.emulator.dataset.sequences[0];
    if (!long) throw new Error('the dataset has no long sequence');
    const ids = long.imageIds.slice(600, 1100);
    if (ids.length < 500) throw new Error('the long sequence is too short');
    // The map beside the viewer learnt the tile token's kind (one `/me` per session) when it drew
    // its first tiles, before any click: that call is not the viewer's.
    await h.client.tileToken();
    h.emulator.resetLog();
    h.reads.length = 0;
    h.answered.length = 0;
    await clickToDrawn(h, ids[0] ?? '');
    await stepThrough(h, ids, 99, 'back to back');
    // The baseline: MapillaryJS's own GraphDataProvider makes one Graph call for each of these
    // requests (a cell's images, images, a sequence), and more for picture tiles.
    const stockCalls = (): number =>
      h.answered.filter((a) => STOCK_METHODS.includes(a.method)).length;
    figures.seq100StockProviderGraphCalls = stockCalls();
    const log = h.emulator.requests();
    const count = (prefix: string): number =>
      log.filter((r) => r.endpoint.startsWith(prefix)).length;
    figures.seq100GraphCalls = count('graph:');
    figures.seq100GraphImageBatches = count('graph:images_batch') + count('graph:ids');
    figures.seq100GraphImageIds = count('graph:image_ids');
    figures.seq100GraphOther =
      figures.seq100GraphCalls - figures.seq100GraphImageBatches - figures.seq100GraphImageIds;
    // The host's own account of its Graph reads: image batches (the stepped images and their
    // neighbours in other sequences, which MapillaryJS asks for) and sequence orders.
    const reads = (what: string): number => h.reads.filter((r) => r.what === what).length;
    figures.seq100ImageReads = reads('images');
    figures.seq100ImagesRead = h.reads
      .filter((r) => r.what === 'images')
      .reduce((sum, r) => sum + r.ids, 0);
    figures.seq100SequenceReads = reads('image_ids');
    figures.seq100PictureDownloads = count('thumb');
    figures.seq100TileRequests = count('tiles:');
    await stepThrough(h, ids.slice(99), 400, 'back to back');
    const graph500 = h.emulator.requests().filter((r) => r.endpoint.startsWith('graph:')).length;
    figures.seq500GraphCalls = graph500;
    figures.seq500StockProviderGraphCalls = stockCalls();
    figures.seq500ImagesPerGraphCall = round(500 / graph500);
    // What MapillaryJS asked for in those 500 steps: the least any reader could do is one call
    // per 100 distinct images and one per sequence.
    const asked = new Set<string>();
    const sequences = new Set<string>();
    for (const a of h.answered) {
      if (a.method === 'viewerImages')
        for (const id of (a.params as { ids: string[] }).ids) asked.add(id);
      if (a.method === 'viewerSequence')
        sequences.add((a.params as { sequenceId: string }).sequenceId);
    }
    figures.seq500ImagesAskedFor = asked.size;
    figures.seq500ImagesAskedForInOtherSequences = [...asked].filter(
      (id) => !long.imageIds.includes(id),
    ).length;
    figures.seq500SequencesAskedFor = sequences.size;
    figures.seq500LeastGraphCalls = Math.ceil(asked.size / 100) + sequences.size;
  } finally {
    await h.close();
  }
}

/** Runs the viewer benchmark and returns its figures. */
export async function run(): Promise<Figures> {
  const figures: Figures = {};
  await requests(figures);
  await timings('', figures, true);
  const burner = startCpuBurner();
  try {
    await timings('WithBurner', figures, false);
    // The emulator paints each street picture (a JPEG of up to 2,048 px, in a worker) on the same
    // two cores, work the real service does on its own machines. With plain pictures, painted
    // once per size, the burner is the only load beside the viewer.
    await timings('WithBurnerPlainPictures', figures, false, 'plain');
  } finally {
    burner.stop();
  }
  return figures;
}
