// The end of every job: when nothing failed, the output is assembled (streamed from the stored
// units) and renamed into place, the list of skipped items is written beside it (or a stale one
// removed), and the job's state is discarded; when something failed, nothing is written under the
// final name and the state stays for a re-run. A shard writes no output: it marks its state
// complete, for `merge` (or a run without a shard) to assemble.
import { rm } from 'node:fs/promises';
import { adviceFor } from '../../shared/api/graphError';
import { csvLine } from './csv';
import { JobError, asJobError } from './jobErrors';
import { type JobStore, writeOutput } from './jobStore';
import {
  type JobName,
  type JobProgress,
  type JobResult,
  type SkippedItem,
  shortText,
} from './jobTypes';

/** Suffix of the file listing what a job skipped, beside its output. */
export const SKIPPED_SUFFIX = '.skipped.csv';

/** What {@link completeJob} needs. */
export interface CompleteJobArgs {
  job: JobName;
  output: string;
  /** Where the skipped list goes (default `<output>.skipped.csv`). */
  skippedFile?: string;
  store: JobStore;
  /**
   * Writes the whole output under its final name, atomically, and returns the records it holds;
   * called only when nothing failed, never for a shard. It may add to `skipped`.
   */
  write: () => Promise<number>;
  /** Extra files written before the output, reported in `files`. */
  extraFiles?: string[];
  skipped: SkippedItem[];
  failed: SkippedItem[];
  reused: number;
  /** Units done by this run, now or earlier (what a shard reports). */
  units: number;
  /** The job's cancellation signal: a writer stopped by it reports a cancellation. */
  signal?: AbortSignal;
}

/** Writes the output if the job is complete, and reports. */
export async function completeJob(args: CompleteJobArgs): Promise<JobResult> {
  const base = {
    job: args.job,
    output: args.output,
    skipped: args.skipped,
    failed: args.failed,
    reused: args.reused,
  };
  const shard = args.store.shard;
  if (args.failed.length > 0) {
    return { ...base, files: [], written: 0, complete: false, ...(shard ? { shard } : {}) };
  }
  if (shard) {
    await args.store.markComplete(args.units);
    return { ...base, files: [args.store.dir], written: args.units, complete: true, shard };
  }
  const skippedFile = args.skippedFile ?? `${args.output}${SKIPPED_SUFFIX}`;
  const files = [...(args.extraFiles ?? []), args.output];
  let written: number;
  try {
    written = await args.write();
  } catch (error) {
    if (args.signal?.aborted) throw new JobError('cancelled', adviceFor('cancelled'));
    throw asJobError(error, args.output);
  }
  if (args.skipped.length > 0) {
    const lines = [
      'id,reason',
      ...args.skipped.map((s) => csvLine([shortText(s.id), shortText(s.reason, 500)])),
    ];
    await writeOutput(skippedFile, `${lines.join('\n')}\n`);
    files.push(skippedFile);
  } else {
    await rm(skippedFile, { force: true });
  }
  await args.store.discard();
  return { ...base, files, written, complete: true };
}

/** Counts a job's progress and reports it. */
export class ProgressCounter {
  done = 0;
  skipped = 0;
  failed = 0;

  constructor(
    private readonly job: JobName,
    private readonly unit: string,
    public total: number,
    private readonly listener?: (progress: JobProgress) => void,
  ) {}

  /** Adds to the counts and reports. */
  add(done: number, skipped = 0, failed = 0): void {
    this.done += done;
    this.skipped += skipped;
    this.failed += failed;
    this.report();
  }

  /** Reports the current counts. */
  report(): void {
    this.listener?.({
      job: this.job,
      unit: this.unit,
      done: this.done,
      total: this.total,
      skipped: this.skipped,
      failed: this.failed,
    });
  }
}
