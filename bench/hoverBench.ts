// Id hovers against the local emulator with no added latency:
// - the time from a hover on an id not seen before to its description with the thumbnail (the
//   50 ms collection window included), over ids spread so that none was read along with another;
// - the requests made by scrolling through a 10,000-row metadata export page by page (40 rows on
//   screen) while hovering every visible row, as counted by the emulator's request log, against the
//   strongest fair baseline: the same cache and cap, but each hover reading only its own id. Hovers
//   are spaced 300 ms apart on a simulated clock (the editor's hover delay), so the per-minute caps
//   see a person's pace; the window is 0 ms there, as one hover at a time has nothing to collect.
// Figures describe this machine and this run.
import { createMapillaryClient } from '../src/core/api/mapillaryClient';
import { IdLookupService } from '../src/core/idLookup/idLookupService';
import { detectIds, nearbyIds } from '../src/shared/idDetect/detectIds';
import { startEmulator, type Emulator } from '../test/emulator/emulator';

const ROWS = 10_000;
const VISIBLE_ROWS = 40;
const HOVER_PACE_MS = 300;
const COLD_SAMPLES = 40;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function apiOf(emulator: Emulator) {
  const client = await createMapillaryClient({
    graphUrl: emulator.graphUrl,
    tilesUrl: emulator.tilesUrl,
    getToken: () => Promise.resolve(emulator.clientToken),
  });
  return client.api;
}

/** The CSV "Export Metadata…" writes with its default columns (signed URLs left empty here). */
function exportCsv(emulator: Emulator, rows: number): string {
  const lines = ['seq_id,img_id,captured_at,compass_angle,thumb_256_url,width'];
  for (const image of emulator.dataset.images.slice(0, rows)) {
    lines.push(
      `${image.sequenceId},${image.id},${image.capturedAt},${image.compassAngle},,${image.width}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function coldHovers(emulator: Emulator): Promise<Record<string, number>> {
  const api = await apiOf(emulator);
  const service = new IdLookupService({
    api: () => Promise.resolve(api),
    thumbnailsPerMinute: 10_000,
    readsPerMinute: 10_000,
  });
  const images = emulator.dataset.images;
  // Warm the JIT, the connection and the emulator's own picture drawing on other ids.
  for (let i = 0; i < 20; i++) await service.describe('image', images[i * 7]?.id ?? '');
  const times: number[] = [];
  for (let i = 0; i < COLD_SAMPLES; i++) {
    const id = images[200 + i * 37]?.id ?? '';
    const started = performance.now();
    const description = await service.describe('image', id);
    times.push(performance.now() - started);
    if (description.status !== 'found' || description.kind !== 'image' || !description.thumbnail)
      throw new Error(`no hover for ${id}`);
  }
  return {
    hoverColdSamples: COLD_SAMPLES,
    hoverColdMedianMs: percentile(times, 50),
    hoverColdP95Ms: percentile(times, 95),
    hoverColdMaxMs: Math.max(...times),
  };
}

async function scroll(
  emulator: Emulator,
  withNeighbours: boolean,
): Promise<{
  graph: number;
  thumbs: number;
  skipped: number;
  refused: number;
  hovers: number;
  shown: number;
}> {
  let now = Date.now();
  const api = await apiOf(emulator);
  const service = new IdLookupService({
    api: () => Promise.resolve(api),
    now: () => now,
    windowMs: 0,
  });
  const text = exportCsv(emulator, ROWS);
  const ids = detectIds(text, 'csv');
  const imageIndexes = ids.flatMap((d, i) => (d.kind === 'image' ? [i] : []));
  if (imageIndexes.length !== ROWS) throw new Error(`detected ${imageIndexes.length} image ids`);
  emulator.resetLog();
  let hovers = 0;
  let shown = 0;
  for (let top = 0; top < ROWS; top += VISIBLE_ROWS) {
    for (const index of imageIndexes.slice(top, top + VISIBLE_ROWS)) {
      const hit = ids[index];
      if (!hit) continue;
      const alongWith = withNeighbours
        ? nearbyIds(ids, index, 'image', 49, (id) => service.known('image', id))
        : [];
      const description = await service.describe('image', hit.id, { alongWith });
      if (description.status === 'found') shown += 1;
      else if (description.status !== 'error')
        throw new Error(`hover on ${hit.id}: ${description.status}`);
      hovers += 1;
      now += HOVER_PACE_MS;
    }
  }
  const stats = service.stats();
  return {
    graph: emulator.count('graph:'),
    thumbs: emulator.count('thumb'),
    skipped: stats.thumbnailsSkipped,
    refused: stats.capRefusals,
    hovers,
    shown,
  };
}

/** Runs the benchmark and returns its figures. */
export async function run(): Promise<Record<string, number | string>> {
  const small = await startEmulator({ seed: 3, size: 'small' });
  let cold: Record<string, number>;
  try {
    cold = await coldHovers(small);
  } finally {
    await small.close();
  }
  const city = await startEmulator({ seed: 5, size: 'city' });
  try {
    const ours = await scroll(city, true);
    const baseline = await scroll(city, false);
    return {
      ...cold,
      scrollRows: ROWS,
      scrollHovers: ours.hovers,
      scrollSimulatedMinutes: Math.round((ours.hovers * HOVER_PACE_MS) / 60_000),
      scrollGraphRequests: ours.graph,
      scrollThumbnailRequests: ours.thumbs,
      scrollThumbnailsSkippedByCap: ours.skipped,
      scrollHoversWithFacts: ours.shown,
      scrollLookupsRefusedByCap: ours.refused,
      baselineScrollGraphRequests: baseline.graph,
      baselineScrollHoversWithFacts: baseline.shown,
      baselineScrollLookupsRefusedByCap: baseline.refused,
    };
  } finally {
    await city.close();
  }
}
