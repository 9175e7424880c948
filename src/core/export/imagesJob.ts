// Job 2: the images of sequences, as CSV `seq_id,img_id` in capture order, one unit of work per
// sequence (`/image_ids?sequence_id=` answers a whole sequence at once).
import { csvLine } from './csv';
import { type IdInput } from './idInput';
import { type JobContext } from './jobContext';
import { withClaimedOutput } from './outputClaim';
import { failureReason } from './jobErrors';
import { ProgressCounter, completeJob } from './jobOutput';
import { JobStore } from './jobStore';
import { type JobResult, type SkippedItem } from './jobTypes';
import { runUnits } from './unitRunner';

/** Options of {@link runImagesJob}. */
export interface ImagesJobOptions {
  /** The sequence keys. */
  input: IdInput;
  output: string;
}

/** Lists every sequence's images and writes the CSV. */
export function runImagesJob(context: JobContext, options: ImagesJobOptions): Promise<JobResult> {
  return withClaimedOutput(context, options.output, 'file', () => imagesJob(context, options));
}

async function imagesJob(context: JobContext, options: ImagesJobOptions): Promise<JobResult> {
  const { input, output } = options;
  const sequences = input.ids;
  const store = await JobStore.open(context, output, 'images', { sequences });
  const progress = new ProgressCounter('images', 'sequences', sequences.length, context.onProgress);
  progress.add(0, input.skipped.length);
  const run = await runUnits<string, string[]>(context, {
    units: sequences,
    key: (_unit, index) => `seq-${index}`,
    store,
    concurrency: context.concurrency ?? 8,
    output,
    work: (sequence) => context.api.getImageIds(sequence, { signal: context.signal }),
    onUnit: (_unit, ids) => progress.add(1, ids.length === 0 ? 1 : 0),
    onFailure: () => progress.add(0, 0, 1),
  });
  const skipped: SkippedItem[] = [...input.skipped];
  run.results.forEach((ids, i) => {
    if (ids?.length === 0) skipped.push({ id: sequences[i] ?? '', reason: 'not found or empty' });
  });
  let written = 0;
  return completeJob({
    job: 'images',
    output,
    store,
    skipped,
    failed: run.failures.map((f) => ({ id: f.unit, reason: failureReason(f.error) })),
    reused: run.reused,
    written: () => written,
    data: () => {
      const lines = ['seq_id,img_id'];
      run.results.forEach((ids, i) => {
        for (const id of ids ?? []) lines.push(csvLine([sequences[i], id]));
      });
      written = lines.length - 1;
      return `${lines.join('\n')}\n`;
    },
  });
}
