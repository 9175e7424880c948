// What every export job shares: its name, the progress it reports, the items it left out and why,
// and the result it hands back.

/** The jobs, named as the command line names them. */
export type JobName =
  'sequences' | 'images' | 'metadata' | 'detections' | 'map-features' | 'download' | 'search';

/** An input item the job did not turn into output, and why. */
export interface SkippedItem {
  /** The id (or input line) concerned, at most {@link SHORT_TEXT} characters. */
  id: string;
  reason: string;
}

/** Characters of an input's text kept in a message or in the skipped list. */
export const SHORT_TEXT = 100;

/**
 * `text` cut to `max` characters with an ellipsis: a hostile line must not fill the skipped list or
 * a message.
 */
export function shortText(text: string, max = SHORT_TEXT): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Progress of a job, reported after each unit of work. */
export interface JobProgress {
  job: JobName;
  /** Items (ids, sequences, tiles or files) handled so far, whether done now or in an earlier run. */
  done: number;
  total: number;
  /** What the counted items are, e.g. "images". */
  unit: string;
  skipped: number;
  failed: number;
}

/** What a job did. */
export interface JobResult {
  job: JobName;
  /** The main output (a file, or the download folder). */
  output: string;
  /** Every file written or confirmed at the end (output, manifest, skipped list). */
  files: string[];
  /** Records in the output (rows, features, annotations or files); for a shard, its units done. */
  written: number;
  /** Items left out on purpose: malformed, duplicate, not found, already present… */
  skipped: SkippedItem[];
  /** Items that could not be done this time (network, service); a re-run retries them. */
  failed: SkippedItem[];
  /** Units of work taken from an earlier, interrupted run instead of being done again. */
  reused: number;
  /** True when the output is complete: nothing failed. The output is written only then. */
  complete: boolean;
  /**
   * Set when the run did one shard of the job: it wrote no output, and `complete` says whether that
   * shard is finished (see jobShard.ts).
   */
  shard?: { index: number; count: number };
}

/** Reasons of a skip that do not make a job's result less than complete. */
export const HARMLESS_SKIPS: readonly string[] = ['duplicate', 'already present'];

/** True when every input item was done or was harmlessly skipped (a duplicate, already present). */
export function everythingDone(result: JobResult): boolean {
  return result.complete && result.skipped.every((s) => HARMLESS_SKIPS.includes(s.reason));
}
