// The end of every job: when nothing failed, the assembled output is renamed into place, the list of
// skipped items is written beside it (or a stale one removed), and the job's state is discarded;
// when something failed, nothing is written under the final name and the state stays for a re-run.
import { rm } from 'node:fs/promises';
import { csvLine } from './csv';
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
  store: JobStore | undefined;
  /** The whole output; built only when nothing failed. */
  data: () => string | Uint8Array;
  /** Records in the output. */
  written: () => number;
  /** Extra files written before the output, reported in `files`. */
  extraFiles?: string[];
  skipped: SkippedItem[];
  failed: SkippedItem[];
  reused: number;
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
  if (args.failed.length > 0) return { ...base, files: [], written: 0, complete: false };
  const skippedFile = args.skippedFile ?? `${args.output}${SKIPPED_SUFFIX}`;
  const files = [...(args.extraFiles ?? []), args.output];
  await writeOutput(args.output, args.data());
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
  await args.store?.discard();
  return { ...base, files, written: args.written(), complete: true };
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
