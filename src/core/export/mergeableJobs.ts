// The jobs `merge` can assemble, each rebuilt from the parameters its shards recorded in job.json.
// The parameters come from folders that may have travelled between machines, so they are checked
// against a schema first; the job then runs as usual with nothing left to do but assemble its
// output from the shards' units (context.assembleOnly). A job added here needs one entry.
import * as z from 'zod/mini';
import { idSchema } from '../../shared/ids';
import { runDetectionsJob } from './detectionsJob';
import { runDownloadJob } from './downloadJob';
import { type IdInput } from './idInput';
import { runImagesJob } from './imagesJob';
import { type JobContext } from './jobContext';
import { JobError } from './jobErrors';
import { type JobParams } from './jobStore';
import { type JobResult } from './jobTypes';
import { runMetadataJob } from './metadataJob';

const skippedSchema = z.array(z.object({ id: z.string(), reason: z.string() }));
const imageIds = z.array(idSchema('image'));
const count = z.number().check(z.int(), z.minimum(1), z.maximum(1000));

const schemas = {
  metadata: z.object({
    ids: imageIds,
    skipped: skippedSchema,
    columns: z.array(z.string()),
    format: z.enum(['csv', 'geojson', 'jsonl', 'gpkg', 'fgb', 'parquet']),
    batchSize: count,
  }),
  images: z.object({ sequences: z.array(idSchema('sequence')), skipped: skippedSchema }),
  detections: z.object({
    ids: imageIds,
    skipped: skippedSchema,
    format: z.enum(['geojson', 'coco', 'gpkg']),
    classes: z.array(z.string()),
    batchSize: count,
  }),
  download: z.object({
    ids: imageIds,
    skipped: skippedSchema,
    sequences: z.array(z.tuple([idSchema('image'), idSchema('sequence')])),
    size: z.union([z.literal(256), z.literal(1024), z.literal(2048), z.literal('original')]),
  }),
};

type Runner = (context: JobContext, params: JobParams, output: string) => Promise<JobResult>;

function parsed<K extends keyof typeof schemas>(
  job: K,
  params: JobParams,
): z.infer<(typeof schemas)[K]> {
  const result = z.safeParse(schemas[job], params);
  if (!result.success) {
    throw new JobError(
      'input',
      `The shards' job.json does not describe a ${job} job this version can assemble: run the shards again with this version.`,
    );
  }
  return result.data as z.infer<(typeof schemas)[K]>;
}

const input = (ids: string[], skipped: IdInput['skipped'], pairs: [string, string][] = []) => ({
  ids,
  skipped,
  sequenceOf: new Map(pairs),
});

/** How to run each job `merge` can assemble, from its recorded parameters. */
export const MERGEABLE_JOBS: Readonly<Record<string, Runner>> = {
  metadata: (context, params, output) => {
    const p = parsed('metadata', params);
    return runMetadataJob(context, {
      input: input(p.ids, p.skipped),
      output,
      columns: p.columns,
      format: p.format,
      batchSize: p.batchSize,
    });
  },
  images: (context, params, output) => {
    const p = parsed('images', params);
    return runImagesJob(context, { input: input(p.sequences, p.skipped), output });
  },
  detections: (context, params, output) => {
    const p = parsed('detections', params);
    return runDetectionsJob(context, {
      input: input(p.ids, p.skipped),
      output,
      format: p.format,
      classes: p.classes,
      batchSize: p.batchSize,
    });
  },
  download: (context, params, output) => {
    const p = parsed('download', params);
    return runDownloadJob(context, {
      input: input(p.ids, p.skipped, p.sequences),
      dir: output,
      size: p.size,
    });
  },
};
