// Job 3: the metadata of images, as CSV, a GeoJSON FeatureCollection (points at the images'
// positions) or JSON lines, with the columns chosen. Ids go to the service in `?ids=` batches with
// a bounded number in flight; each batch is a unit of work stored as soon as it is answered. Ids are
// written as strings in every format.
import { imageSchema } from '../../shared/api/entities';
import { chunk } from '../../shared/api/ids';
import { csvLine } from './csv';
import { type IdInput } from './idInput';
import { type JobContext } from './jobContext';
import { withClaimedOutput } from './outputClaim';
import { ProgressCounter, completeJob } from './jobOutput';
import { JobStore } from './jobStore';
import { type JobResult, type SkippedItem } from './jobTypes';
import { columnValue, fieldsForColumns } from './metadataColumns';
import { gatherBatches, runUnits } from './unitRunner';

/** Output formats of the metadata job. */
export type MetadataFormat = 'csv' | 'geojson' | 'jsonl';

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

function record(entity: Entity, columns: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of columns) {
    const value = columnValue(entity, column);
    if (value !== undefined) out[column] = value;
  }
  return out;
}

/** The metadata of `entities` in `kind`, with `columns` (also the image search's output). */
export function formatMetadata(
  entities: readonly Entity[],
  columns: readonly string[],
  kind: MetadataFormat,
): string {
  if (kind === 'csv') {
    const lines = [
      columns.join(','),
      ...entities.map((e) => csvLine(columns.map((c) => columnValue(e, c)))),
    ];
    return `${lines.join('\n')}\n`;
  }
  if (kind === 'jsonl') {
    return entities.map((e) => `${JSON.stringify(record(e, columns))}\n`).join('');
  }
  const features = entities.map((e) =>
    JSON.stringify({
      type: 'Feature',
      id: e.id,
      geometry: e.geometry ?? null,
      properties: record(e, columns),
    }),
  );
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;
}

/** Reads the images' metadata and writes it in the chosen format. */
export function runMetadataJob(
  context: JobContext,
  options: MetadataJobOptions,
): Promise<JobResult> {
  return withClaimedOutput(context, options.output, 'file', () => metadataJob(context, options));
}

async function metadataJob(context: JobContext, options: MetadataJobOptions): Promise<JobResult> {
  const { input, output, columns } = options;
  const fields = fieldsForColumns(columns);
  // GeoJSON needs the position even when no column shows it.
  if (options.format === 'geojson' && !fields.includes('geometry')) fields.push('geometry');
  const batchSize = options.batchSize ?? 50;
  const batches = chunk(input.ids, batchSize);
  const store = await JobStore.open(context, output, 'metadata', {
    ids: input.ids,
    fields,
    columns,
    format: options.format,
    batchSize,
  });
  const progress = new ProgressCounter('metadata', 'images', input.ids.length, context.onProgress);
  progress.add(0, input.skipped.length);
  const run = await runUnits<string[], Entity[]>(context, {
    units: batches,
    key: (_unit, index) => `batch-${index}`,
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
    onUnit: (batch, entities) => progress.add(batch.length, batch.length - entities.length),
    onFailure: (batch) => progress.add(0, 0, batch.length),
  });
  const gathered = gatherBatches(run, batches);
  const entities = gathered.items;
  const skipped: SkippedItem[] = [...input.skipped, ...gathered.notFound];
  const failed = gathered.failed;
  return completeJob({
    job: 'metadata',
    output,
    store,
    skipped,
    failed,
    reused: run.reused,
    written: () => entities.length,
    data: () => formatMetadata(entities, columns, options.format),
  });
}
