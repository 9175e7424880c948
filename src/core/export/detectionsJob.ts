// Job 4: the detections of images as GeoJSON or COCO. A unit of work is a batch of images: their
// size and sequence in one `?ids=` call, then each image's detections, a few at a time. The raw
// base64 geometries are stored; decoding happens when the output is assembled.
import { imageSchema } from '../../shared/api/entities';
import { chunk } from '../../shared/api/ids';
import { mapConcurrent } from '../http/semaphore';
import {
  type DetectionFormat,
  type StoredDetectionImage,
  decodeStored,
  detectionsCoco,
  detectionsGeoJson,
} from './detectionFormats';
import { type IdInput } from './idInput';
import { type JobContext } from './jobContext';
import { withClaimedOutput } from './outputClaim';
import { ProgressCounter, completeJob } from './jobOutput';
import { JobStore } from './jobStore';
import { type JobResult, type SkippedItem } from './jobTypes';
import { gatherBatches, runUnits } from './unitRunner';

/** Options of {@link runDetectionsJob}. */
export interface DetectionsJobOptions {
  input: IdInput;
  output: string;
  format: DetectionFormat;
  /** Images per unit (default 25). */
  batchSize?: number;
}

/** Reads the images' detections and writes them in the chosen format. */
export function runDetectionsJob(
  context: JobContext,
  options: DetectionsJobOptions,
): Promise<JobResult> {
  return withClaimedOutput(context, options.output, 'file', () => detectionsJob(context, options));
}

async function detectionsJob(
  context: JobContext,
  options: DetectionsJobOptions,
): Promise<JobResult> {
  const { input, output } = options;
  const batches = chunk(input.ids, options.batchSize ?? 25);
  const store = await JobStore.open(context, output, 'detections', {
    ids: input.ids,
    format: options.format,
    batchSize: options.batchSize ?? 25,
  });
  const progress = new ProgressCounter(
    'detections',
    'images',
    input.ids.length,
    context.onProgress,
  );
  progress.add(0, input.skipped.length);
  const signal = context.signal;
  const run = await runUnits<string[], StoredDetectionImage[]>(context, {
    units: batches,
    key: (_unit, index) => `batch-${index}`,
    store,
    concurrency: context.concurrency ?? 3,
    output,
    work: async (batch) => {
      const sizes = await context.api.getMany(
        batch,
        ['id', 'width', 'height', 'sequence'],
        imageSchema,
        { concurrency: 1, signal },
      );
      const present = batch.filter((id) => sizes.found.has(id));
      return mapConcurrent(present, 4, async (id) => {
        const image = sizes.found.get(id);
        const detections = await context.api.getDetections(id, ['id', 'value', 'geometry'], {
          signal,
        });
        const stored: StoredDetectionImage = {
          id,
          sequence: image?.sequence,
          width: image?.width,
          height: image?.height,
          detections: detections
            .filter((d) => typeof d.geometry === 'string')
            .map((d) => ({ id: d.id, value: d.value ?? 'unknown', geometry: d.geometry as string }))
            .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
        };
        return stored;
      });
    },
    onUnit: (batch, images) => progress.add(batch.length, batch.length - images.length),
    onFailure: (batch) => progress.add(0, 0, batch.length),
  });
  const gathered = gatherBatches(run, batches);
  const images = gathered.items;
  const skipped: SkippedItem[] = [...input.skipped, ...gathered.notFound];
  let written = 0;
  return completeJob({
    job: 'detections',
    output,
    store,
    skipped,
    failed: gathered.failed,
    reused: run.reused,
    written: () => written,
    data: () => {
      const decoded = decodeStored(images, skipped);
      if (options.format === 'coco') {
        for (const d of decoded) {
          if (!d.pixels) skipped.push({ id: d.detection.id, reason: 'image size unknown' });
        }
        written = decoded.filter((d) => d.pixels).length;
        return detectionsCoco(decoded);
      }
      written = decoded.length;
      return detectionsGeoJson(decoded);
    },
  });
}
