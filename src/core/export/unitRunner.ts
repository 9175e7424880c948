// Runs a job's units of work: the ones an earlier run finished come from the job's state, the rest
// run with bounded concurrency, each result stored as soon as it is known. A unit that fails does
// not stop the others (the common scripts' first error loses everything after it); failed units are
// tried again in later rounds, and what still fails is reported. Errors no unit could escape
// (cancelled, token refused, disk full) stop the job at once, its finished units kept for a re-run.
import { adviceFor } from '../../shared/api/graphError';
import { onAbort } from '../http/abortListeners';
import { mapConcurrent } from '../http/semaphore';
import { JobError, asJobError, failureReason, isJobFatal } from './jobErrors';
import { type JobContext } from './jobContext';
import { type SkippedItem } from './jobTypes';
import { type JobStore } from './jobStore';

/** Options of {@link runUnits}; the cancellation signal and the retry rounds come from the context. */
export interface RunUnitsOptions<U, R> {
  units: readonly U[];
  /** A stable name for the unit's stored result (e.g. its batch number). */
  key: (unit: U, index: number) => string;
  /** Where results are kept between runs; without it every unit runs (it keeps its own state). */
  store?: JobStore;
  /** Units in flight at most. */
  concurrency: number;
  work: (unit: U, index: number) => Promise<R>;
  /** Called when a unit is done, now or in an earlier run. */
  onUnit?: (unit: U, result: R, reused: boolean) => void;
  /** Called when a unit fails in the last round. */
  onFailure?: (unit: U, error: unknown) => void;
  /** The path named in messages about the output. */
  output: string;
}

/** What {@link runUnits} did. */
export interface RunUnitsResult<U, R> {
  /** One entry per unit, in order; undefined for a unit that failed. */
  results: (R | undefined)[];
  failures: { unit: U; error: unknown }[];
  /** Units taken from an earlier run. */
  reused: number;
}

function cancelled(): JobError {
  return new JobError('cancelled', adviceFor('cancelled'));
}

/**
 * Runs `units`, resuming from `store`; see the file comment. The context's signal cancels, and its
 * `rounds` (default 3) and `roundPauseMs` (default 500, times the round number) pace the retries.
 */
export async function runUnits<U, R>(
  context: JobContext,
  options: RunUnitsOptions<U, R>,
): Promise<RunUnitsResult<U, R>> {
  const { units, store } = options;
  const signal = context.signal;
  const results: (R | undefined)[] = new Array<R | undefined>(units.length);
  let pending: number[] = [];
  let reused = 0;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as U;
    const stored = await store?.read<R>(options.key(unit, i));
    if (stored !== undefined) {
      results[i] = stored;
      reused += 1;
      options.onUnit?.(unit, stored, true);
    } else pending.push(i);
  }
  const errors = new Map<number, unknown>();
  const rounds = Math.max(1, context.rounds ?? 3);
  for (let round = 0; round < rounds && pending.length > 0; round++) {
    if (round > 0) await pause((context.roundPauseMs ?? 500) * round, signal);
    errors.clear();
    // A fatal error stops new units from starting; the ones in flight settle (and are stored)
    // before the job returns, so nothing is still writing once the caller hears of the failure.
    let fatal: Error | undefined;
    await mapConcurrent(pending, options.concurrency, async (i) => {
      if (fatal !== undefined) return;
      if (signal?.aborted) {
        fatal = cancelled();
        return;
      }
      const unit = units[i] as U;
      try {
        const result = await options.work(unit, i);
        await store?.write(options.key(unit, i), result);
        results[i] = result;
        options.onUnit?.(unit, result, false);
      } catch (error) {
        if (signal?.aborted) fatal ??= cancelled();
        else if (isJobFatal(error)) fatal ??= asJobError(error, options.output);
        else errors.set(i, error);
      }
    });
    if (fatal !== undefined) throw fatal;
    pending = pending.filter((i) => errors.has(i));
  }
  const failures = pending.map((i) => ({ unit: units[i] as U, error: errors.get(i) }));
  for (const failure of failures) options.onFailure?.(failure.unit, failure.error);
  return { results, failures, reused };
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
    const stop = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(cancelled());
        })
      : () => undefined;
  });
}

/** The items of batched units, with what the batches did not bring back. */
export interface GatheredBatches<T> {
  /** Every item found, in input order. */
  items: T[];
  /** Ids a batch ran for but did not return, as 'not found'. */
  notFound: SkippedItem[];
  /** Ids of batches that failed, with the failure's reason. */
  failed: SkippedItem[];
}

/** Gathers the results of units that are batches of ids, each returning the items it found. */
export function gatherBatches<T extends { id: string }>(
  run: RunUnitsResult<string[], T[]>,
  batches: readonly (readonly string[])[],
): GatheredBatches<T> {
  const items: T[] = [];
  const notFound: SkippedItem[] = [];
  run.results.forEach((found, i) => {
    if (!found) return;
    const have = new Set(found.map((item) => item.id));
    for (const id of batches[i] ?? [])
      if (!have.has(id)) notFound.push({ id, reason: 'not found' });
    items.push(...found);
  });
  const failed = run.failures.flatMap((f) =>
    f.unit.map((id) => ({ id, reason: failureReason(f.error) })),
  );
  return { items, notFound, failed };
}
