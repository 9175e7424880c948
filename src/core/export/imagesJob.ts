// Job 2: the images of sequences, as CSV `seq_id,img_id` in capture order, one unit of work per
// sequence (`/image_ids?sequence_id=` answers a whole sequence at once); the CSV is streamed from
// the stored units at the end.
import { csvLine } from './csv';
import { type IdInput } from './idInput';
import { type JobContext } from './jobContext';
import { withClaimedOutput } from './outputClaim';
import { ProgressCounter, completeJob } from './jobOutput';
import { JobStore } from './jobStore';
import { type JobResult } from './jobTypes';
import { runUnits, storedUnits } from './unitRunner';
import { writeTextOutput } from './textOutput';

const sequenceKey = (_unit: unknown, index: number) => `seq-${index}`;

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
  const store = await JobStore.open(context, output, 'images', {
    sequences,
    skipped: input.skipped,
  });
  const progress = new ProgressCounter('images', 'sequences', sequences.length, context.onProgress);
  progress.add(0, input.skipped.length);
  const run = await runUnits<string, string[]>(context, {
    units: sequences,
    key: sequenceKey,
    store,
    concurrency: context.concurrency ?? 8,
    output,
    work: (sequence) => context.api.getImageIds(sequence, { signal: context.signal }),
    skippedOf: (sequence, ids) =>
      ids.length === 0 ? [{ id: sequence, reason: 'not found or empty' }] : [],
    onUnit: (_unit, ids) => progress.add(1, ids.length === 0 ? 1 : 0),
    onFailure: () => progress.add(0, 0, 1),
  });
  return completeJob({
    job: 'images',
    output,
    store,
    skipped: [...input.skipped, ...run.skipped],
    failed: run.failed,
    reused: run.reused,
    units: run.done,
    signal: context.signal,
    write: () =>
      writeTextOutput(output, async (sink) => {
        let written = 0;
        await sink.write('seq_id,img_id\n');
        for await (const { unit, result } of storedUnits<string, string[]>(
          store,
          sequences,
          sequenceKey,
          context.signal,
        )) {
          for (const id of result) await sink.write(`${csvLine([unit, id])}\n`);
          written += result.length;
        }
        return written;
      }),
  });
}
