// Job 3: the metadata of images, as CSV, a GeoJSON FeatureCollection (points at the images'
// positions), JSON lines, GeoPackage, FlatGeobuf or GeoParquet, with the columns chosen. Ids go to
// the service in `?ids=` batches with a bounded number in flight; each batch is a unit of work
// stored as soon as it is answered, and the output is streamed from the stored batches at the end
// (imageRecords.ts). Ids are written as strings in every format.
import { imageSchema } from '../../shared/api/entities';
import { chunk } from '../../shared/api/ids';
import { type IdInput } from './idInput';
import { type RecordFormat, fieldsForFormat, writeImageRecords } from './imageRecords';
import { type JobContext } from './jobContext';
import { withClaimedOutput } from './outputClaim';
import { ProgressCounter, completeJob } from './jobOutput';
import { JobStore } from './jobStore';
import { type JobResult } from './jobTypes';
import { fieldsForColumns } from './metadataColumns';
import { batchFailed, notFoundIn, runUnits, storedItems } from './unitRunner';

/** Output formats of the metadata job. */
export type MetadataFormat = RecordFormat;

/** Options of {@link runMetadataJob}. */
export interface MetadataJobOptions {
  input: IdInput;
  output: string;
  /** The columns, e.g. {@link DEFAULT_METADATA_COLUMNS}. */
  columns: readonly string[];
  format: MetadataFormat;
  /** Ids per request (default 50). */
  batchSize?: number;
}

/** Default batches in flight: enough to hide the latency, far below the service's limits. */
export const METADATA_CONCURRENCY = 16;

/** An image as the service returned it, with its id. */
export type Entity = Record<string, unknown> & { id: string };

const batchKey = (_unit: unknown, index: number) => `batch-${index}`;

/** Reads the images' metadata and writes it in the chosen format. */
export function runMetadataJob(
  context: JobContext,
  options: MetadataJobOptions,
): Promise<JobResult> {
  return withClaimedOutput(context, options.output, 'file', () => metadataJob(context, options));
}

async function metadataJob(context: JobContext, options: MetadataJobOptions): Promise<JobResult> {
  const { input, output, columns, format } = options;
  const fields = fieldsForColumns(columns);
  for (const field of fieldsForFormat(format)) if (!fields.includes(field)) fields.push(field);
  const batchSize = options.batchSize ?? 50;
  const batches = chunk(input.ids, batchSize);
  const store = await JobStore.open(context, output, 'metadata', {
    ids: input.ids,
    skipped: input.skipped,
    fields,
    columns,
    format,
    batchSize,
  });
  const progress = new ProgressCounter('metadata', 'images', input.ids.length, context.onProgress);
  progress.add(0, input.skipped.length);
  const run = await runUnits<string[], Entity[]>(context, {
    units: batches,
    key: batchKey,
    store,
    concurrency: context.concurrency ?? METADATA_CONCURRENCY,
    output,
    work: async (batch) => {
      const result = await context.api.getMany(batch, fields, imageSchema, {
        batchSize,
        concurrency: 1,
        signal: context.signal,
      });
      // Only what was asked for is kept, in a fixed key order, so every run stores the same bytes.
      return batch.flatMap((id) => {
        const entity = result.found.get(id);
        if (!entity) return [];
        const kept: Entity = { id };
        for (const field of fields) {
          // A nested field (`organization.name`) arrives inside its first part (`organization`).
          const key = field.split('.')[0] ?? field;
          if (entity[key] !== undefined) kept[key] = entity[key];
        }
        return [kept];
      });
    },
    skippedOf: notFoundIn,
    failedOf: batchFailed,
    onUnit: (batch, entities) => progress.add(batch.length, batch.length - entities.length),
    onFailure: (batch) => progress.add(0, 0, batch.length),
  });
  const skipped = [...input.skipped, ...run.skipped];
  async function* records(): AsyncGenerator<Entity> {
    yield* storedItems<string[], Entity>(store, batches, batchKey, context.signal);
  }
  return completeJob({
    job: 'metadata',
    output,
    store,
    skipped,
    failed: run.failed,
    reused: run.reused,
    units: run.done,
    signal: context.signal,
    write: () =>
      writeImageRecords({
        file: output,
        format,
        columns,
        records,
        skipped,
        signal: context.signal,
        lastChange: new Date(store.startedAt),
      }),
  });
}
