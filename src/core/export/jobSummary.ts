// What a job says when it ends, worded once for the command line and the editor: the headline (what
// was written, or why nothing was), what was skipped and why, what an earlier run had already done,
// and the advice after a cancellation or a stop. Each front end adds only its own prefix.
import { type ExportJob } from './jobCatalog';
import { type JobError } from './jobErrors';
import { type JobResult } from './jobTypes';

/** The advice after a job stopped with its state kept. */
export const RESUME_ADVICE = 'the work done so far is kept: run the same command again to finish';

/** A job's summary in parts; the command line prints them as lines, the editor joins them. */
export interface JobSummary {
  /** "300 images written to out.csv", or "not finished: …" with what to do. */
  headline: string;
  /** "3 skipped: 1 duplicate, 1 malformed id, 1 not found", when something was skipped. */
  skipped?: string;
  /** "4 unit(s) taken from an earlier run", when a run resumed. */
  reused?: string;
  /** The first failures, one line each, then how many more. */
  failures: string[];
  /** Files written besides the output (the skipped list). */
  alsoWrote: string[];
}

const SHOWN_FAILURES = 5;

/** Summarises `result`; `where` names the output as the front end shows it. */
export function summariseJob(
  job: ExportJob,
  result: JobResult,
  where: string = result.output,
): JobSummary {
  const first = result.failed[0];
  const shard = result.shard;
  const headline = !result.complete
    ? `not finished: ${result.failed.length} item(s) failed${first ? ` (${first.reason})` : ''}; nothing was written under the final name. Run the same command again to finish.`
    : shard
      ? `shard ${shard.index}/${shard.count} finished (${result.written} unit(s) of work, kept in ${result.files[0] ?? where}); once all ${shard.count} shards have finished, merge them into ${where}`
      : `${result.written} ${job.counts} written to ${where}`;
  const reasons = new Map<string, number>();
  for (const s of result.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const failures = result.failed.slice(0, SHOWN_FAILURES).map((f) => `failed ${f.id}: ${f.reason}`);
  if (result.failed.length > SHOWN_FAILURES) {
    failures.push(`… and ${result.failed.length - SHOWN_FAILURES} more`);
  }
  return {
    headline,
    skipped: result.skipped.length
      ? `${result.skipped.length} skipped: ${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ')}`
      : undefined,
    reused: result.reused > 0 ? `${result.reused} unit(s) taken from an earlier run` : undefined,
    failures,
    alsoWrote: shard ? [] : result.files.slice(1),
  };
}

/** What to say when the user cancelled `who` (a command or a title). */
export function cancelledText(who: string): string {
  return `${who}: cancelled; ${RESUME_ADVICE}.`;
}

/** What to say when a job stopped as a whole: its reason, and whether running it again helps. */
export function stoppedText(error: JobError): string {
  // Running again helps only once the reason is gone: these say what to do themselves.
  if (error.kind === 'input' || error.kind === 'refused' || error.kind === 'busy') {
    return error.message;
  }
  return `${error.message} ${RESUME_ADVICE[0]?.toUpperCase() ?? ''}${RESUME_ADVICE.slice(1)}.`;
}
