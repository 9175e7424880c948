// The export jobs against the emulator with 100 ms of latency per answer. Metadata of 10,000 images:
// the job (batches of 50 ids, 16 batches in flight) against the common script's way (one 50-id
// request at a time, with bare fetch), and against the ideal time for its batch size and concurrency
// (rounds of batches × latency) and the same batches sent with bare fetch (what the emulator can
// serve at all). Downloads of 2,000 thumbnails: pictures per second at 8 downloads in flight (the
// earlier default, whose figure was 37 pictures/s) and at the default, each also with a CPU burner
// beside it, with the Graph calls per picture (the URLs of 50 pictures come in one call); then the
// same under a 5% fault rate, with the count of files that are complete and hold their own image
// (each emulator JPEG names its image). The emulator runs in a process of its own, as the service
// is remote, so its work does not share the client's event loop. Figures describe this machine and
// this run.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMapillaryClient } from '../src/core/api/mapillaryClient';
import {
  DOWNLOAD_CONCURRENCY,
  URL_BATCH,
  isCompleteImage,
  runDownloadJob,
} from '../src/core/export/downloadJob';
import { idListInput } from '../src/core/export/idInput';
import { everythingDone } from '../src/core/export/jobTypes';
import { METADATA_CONCURRENCY, runMetadataJob } from '../src/core/export/metadataJob';
import { DEFAULT_METADATA_COLUMNS } from '../src/core/export/metadataColumns';
import { mapConcurrent } from '../src/core/http/semaphore';
import { chunk } from '../src/shared/api/ids';
import { buildDataset } from '../test/emulator/dataset';
import { startCpuBurner } from './cpuBurner';
import { startRemoteEmulator } from './remoteEmulator';

const LATENCY_MS = 100;
const METADATA_IMAGES = 10_000;
const BATCH = 50;
const DOWNLOADS = 2_000;
const SEED = 5;

/** Runs the benchmark and returns its figures. */
export async function run(): Promise<Record<string, number | string>> {
  const emulator = await startRemoteEmulator({ size: 'city', seed: SEED, latencyMs: LATENCY_MS });
  // The same deterministic dataset the emulator built, for its ids.
  const dataset = buildDataset(SEED, 'city');
  const dir = await mkdtemp(path.join(tmpdir(), 'mly-export-bench-'));
  try {
    const client = await createMapillaryClient({
      graphUrl: emulator.graphUrl,
      tilesUrl: emulator.tilesUrl,
      getToken: () => Promise.resolve(emulator.clientToken),
      clientToken: emulator.clientToken,
    });
    const context = { api: client.api };
    const ids = dataset.images.slice(0, METADATA_IMAGES).map((image) => image.id);
    const fields = ['id', 'sequence', 'captured_at', 'compass_angle', 'thumb_256_url', 'width'];

    // The common script: one batch after the other, each parsed and appended before the next.
    let started = performance.now();
    const lines: string[] = [DEFAULT_METADATA_COLUMNS.join(',')];
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const response = await fetch(
        `${emulator.graphUrl}/?ids=${batch.join(',')}&fields=${fields.join(',')}`,
        { headers: { authorization: `OAuth ${emulator.clientToken}` } },
      );
      const body = (await response.json()) as Record<string, Record<string, unknown>>;
      for (const id of batch) {
        const image = body[id];
        if (image) lines.push(fields.map((f) => JSON.stringify(image[f] ?? '')).join(','));
      }
    }
    const baselineMs = performance.now() - started;

    // Warm up the client's connections and the JIT on other images, as the baseline's loop was.
    await runMetadataJob(context, {
      input: idListInput(
        dataset.images.slice(METADATA_IMAGES, METADATA_IMAGES + 800).map((image) => image.id),
        'image',
      ),
      output: path.join(dir, 'warm-up.csv'),
      columns: DEFAULT_METADATA_COLUMNS,
      format: 'csv',
    });

    started = performance.now();
    const metadata = await runMetadataJob(context, {
      input: idListInput(ids, 'image'),
      output: path.join(dir, 'metadata.csv'),
      columns: DEFAULT_METADATA_COLUMNS,
      format: 'csv',
    });
    const oursMs = performance.now() - started;
    const idealMs = Math.ceil(ids.length / BATCH / METADATA_CONCURRENCY) * LATENCY_MS;

    // The same batches at the same concurrency with bare fetch and no output: what the emulator
    // (one process, one thread) can serve at all, the floor any client meets.
    started = performance.now();
    await mapConcurrent(chunk(ids, BATCH), METADATA_CONCURRENCY, async (batch) => {
      const response = await fetch(
        `${emulator.graphUrl}/?ids=${batch.join(',')}&fields=${fields.join(',')}`,
        { headers: { authorization: `OAuth ${emulator.clientToken}` } },
      );
      await response.json();
    });
    const bareMs = performance.now() - started;

    const downloadIds = dataset.images.slice(0, DOWNLOADS).map((image) => image.id);
    const download = async (folder: string, concurrency = DOWNLOAD_CONCURRENCY) => {
      const begun = performance.now();
      const result = await runDownloadJob(
        { ...context, concurrency },
        { input: idListInput(downloadIds, 'image'), dir: path.join(dir, folder), size: 256 },
      );
      const seconds = (performance.now() - begun) / 1000;
      return { result, perSecond: downloadIds.length / seconds, seconds };
    };
    await emulator.resetLog();
    const clean = await download('clean');
    const cleanRequests = await emulator.requestCount();
    const at8 = await download('at-8', 8);
    const burner = startCpuBurner();
    let loaded: Awaited<ReturnType<typeof download>>;
    let loadedAt8: Awaited<ReturnType<typeof download>>;
    try {
      loaded = await download('loaded');
      loadedAt8 = await download('loaded-at-8', 8);
    } finally {
      burner.stop();
    }
    // About one request in twenty fails: 5xx, connection resets, truncated bodies, and (for the
    // pictures) expired signed URLs.
    await emulator.addFault({ kind: 'serverError', rate: 0.02 });
    await emulator.addFault({ kind: 'reset', rate: 0.01 });
    await emulator.addFault({ kind: 'truncate', rate: 0.01 });
    await emulator.addFault({ kind: 'expiredThumb', match: '/thumbs', rate: 0.02 });
    await emulator.resetLog();
    const faulty = await download('faulty');
    const total = await emulator.requestCount();
    // Without faults: a request per picture, and one per batch of URLs; the rest are retries.
    const retried = total - (downloadIds.length + Math.ceil(downloadIds.length / URL_BATCH));
    await emulator.clearFaults();
    const correct = await countCorrect(path.join(dir, 'faulty'), downloadIds);

    return {
      metadataImages: ids.length,
      metadataBaselineMs: Math.round(baselineMs),
      metadataOursMs: Math.round(oursMs),
      metadataIdealMs: idealMs,
      metadataSpeedup: Number((baselineMs / oursMs).toFixed(2)),
      metadataOfIdeal: Number((oursMs / idealMs).toFixed(2)),
      metadataBareFetchMs: Math.round(bareMs),
      metadataOfBareFetch: Number((oursMs / bareMs).toFixed(2)),
      metadataComplete: String(everythingDone(metadata)),
      downloadImages: downloadIds.length,
      downloadConcurrency: DOWNLOAD_CONCURRENCY,
      downloadPerSecond: Number(clean.perSecond.toFixed(1)),
      downloadPerSecondWithBurner: Number(loaded.perSecond.toFixed(1)),
      downloadPerSecondAt8: Number(at8.perSecond.toFixed(1)),
      downloadPerSecondAt8WithBurner: Number(loadedAt8.perSecond.toFixed(1)),
      downloadGraphCallsPerPicture: Number(
        ((cleanRequests - downloadIds.length) / downloadIds.length).toFixed(3),
      ),
      downloadComplete: String(
        [clean, at8, loaded, loadedAt8].every((d) => everythingDone(d.result)),
      ),
      faultyDownloadPerSecond: Number(faulty.perSecond.toFixed(1)),
      faultyRequests: total,
      faultyRetriedShare: Number((retried / Math.max(1, total)).toFixed(3)),
      faultyDownloadComplete: String(everythingDone(faulty.result)),
      faultyFilesCorrect: `${correct}/${downloadIds.length}`,
    };
  } finally {
    emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Files under `dir` that are whole JPEGs holding their own image's id, one per expected id. */
async function countCorrect(dir: string, ids: readonly string[]): Promise<number> {
  const wanted = new Set(ids);
  let correct = 0;
  for (const sequence of await readdir(dir, { withFileTypes: true })) {
    if (!sequence.isDirectory()) continue;
    for (const name of await readdir(path.join(dir, sequence.name))) {
      const id = /^(\d+)_256\.jpg$/.exec(name)?.[1];
      if (!id || !wanted.has(id)) continue;
      const bytes = await readFile(path.join(dir, sequence.name, name));
      if (isCompleteImage(bytes) && bytes.includes(Buffer.from(`mapillary-image-id:${id}`))) {
        correct += 1;
      }
    }
  }
  return correct;
}
