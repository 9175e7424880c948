// Job 4: the detections of images as GeoJSON, COCO or GeoPackage. A unit of work is a batch of
// images: their size and sequence (and, for a GeoPackage, their positions) in one `?ids=` call, then
// each image's detections, a few at a time, keeping only the classes asked for. The raw base64
// geometries are stored; decoding happens when the output is streamed from the stored batches.
import { imageSchema } from '../../shared/api/entities';
import { chunk } from '../../shared/api/ids';
import { mapConcurrent } from '../http/semaphore';
import { writeCoco } from './cocoOutput';
import {
  type DetectionFormat,
  type StoredDetectionImage,
  classMatcher,
  detectionImageFields,
  writeDetectionsGeoJson,
  writeDetectionsGeoPackage,
} from './detectionFormats';
import { type IdInput } from './idInput';
import { type JobContext } from './jobContext';
import { withClaimedOutput } from './outputClaim';
import { ProgressCounter, completeJob } from './jobOutput';
import { JobStore } from './jobStore';
import { type JobResult } from './jobTypes';
import { batchFailed, notFoundIn, runUnits, storedItems } from './unitRunner';

/** Options of {@link runDetectionsJob}. */
export interface DetectionsJobOptions {
  input: IdInput;
  output: string;
  format: DetectionFormat;
  /** The classes to keep: values, or patterns with `*` (`regulatory--*`); default all. */
  classes?: readonly string[];
  /** Images per unit (default 25). */
  batchSize?: number;
}

const batchKey = (_unit: unknown, index: number) => `batch-${index}`;

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
  const { input, output, format } = options;
  const classes = options.classes ?? [];
  const batchSize = options.batchSize ?? 25;
  const batches = chunk(input.ids, batchSize);
  const store = await JobStore.open(context, output, 'detections', {
    ids: input.ids,
    skipped: input.skipped,
    format,
    classes,
    batchSize,
  });
  const progress = new ProgressCounter(
    'detections',
    'images',
    input.ids.length,
    context.onProgress,
  );
  progress.add(0, input.skipped.length);
  const signal = context.signal;
  const wanted = classMatcher(classes);
  const fields = detectionImageFields(format);
  const run = await runUnits<string[], StoredDetectionImage[]>(context, {
    units: batches,
    key: batchKey,
    store,
    concurrency: context.concurrency ?? 3,
    output,
    work: async (batch) => {
      const found = await context.api.getMany(batch, fields, imageSchema, {
        concurrency: 1,
        signal,
      });
      const present = batch.filter((id) => found.found.has(id));
      return mapConcurrent(present, 4, async (id) => {
        const image = found.found.get(id) as Record<string, unknown>;
        const detections = await context.api.getDetections(id, ['id', 'value', 'geometry'], {
          signal,
        });
        const stored: StoredDetectionImage = { id, detections: [] };
        for (const field of fields) {
          if (field !== 'id' && image[field] !== undefined) {
            (stored as unknown as Record<string, unknown>)[field] = image[field];
          }
        }
        stored.detections = detections
          .filter((d) => typeof d.geometry === 'string' && wanted(d.value ?? 'unknown'))
          .map((d) => ({ id: d.id, value: d.value ?? 'unknown', geometry: d.geometry as string }))
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        return stored;
      });
    },
    skippedOf: notFoundIn,
    failedOf: batchFailed,
    onUnit: (batch, images) => progress.add(batch.length, batch.length - images.length),
    onFailure: (batch) => progress.add(0, 0, batch.length),
  });
  const skipped = [...input.skipped, ...run.skipped];
  async function* images(): AsyncGenerator<StoredDetectionImage> {
    yield* storedItems<string[], StoredDetectionImage>(store, batches, batchKey, signal);
  }
  return completeJob({
    job: 'detections',
    output,
    store,
    skipped,
    failed: run.failed,
    reused: run.reused,
    units: run.done,
    signal,
    write: () => {
      if (format === 'coco') return writeCoco({ file: output, images, classes, skipped });
      if (format === 'gpkg') {
        return writeDetectionsGeoPackage(output, images, skipped, {
          signal,
          lastChange: new Date(store.startedAt),
        });
      }
      return writeDetectionsGeoJson(output, images, skipped);
    },
  });
}
