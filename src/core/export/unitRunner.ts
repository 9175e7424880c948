// Runs a job's units of work: the ones an earlier run (or a shard) finished come from the job's
// state, the rest run with bounded concurrency, each result stored as soon as it is known and then
// let go: nothing here holds the results, so memory does not grow with the job, and the output is
// assembled afterwards by reading the stored units back in order (storedUnits). A unit that fails
// does not stop the others (the common scripts' first error loses everything after it); failed
// units are tried again in later rounds, and what still fails is reported. Errors no unit could
// escape (cancelled, token refused, disk full) stop the job at once, its finished units kept for a
// re-run. A run of one shard does only the units of that shard.
import { adviceFor } from '../../shared/api/graphError';
import { mapConcurrent } from '../http/semaphore';
import { JobError, asJobError, failureReason, isJobFatal } from './jobErrors';
import { type JobContext } from './jobContext';
import { type SkippedItem } from './jobTypes';
import { type JobStore } from './jobStore';
import { systemClock } from '../http/clock';

/** Options of {@link runUnits}; the cancellation signal and the retry rounds come from the context. */
export interface RunUnitsOptions<U, R> {
  units: readonly U[];
  /** A stable name for the unit's stored result (e.g. its batch number). */
  key: (unit: U, index: number) => string;
  /** Where results are kept between runs, and where the output is assembled from. */
  store: JobStore;
  /** Units in flight at most. */
  concurrency: number;
  work: (unit: U, index: number) => Promise<R>;
  /** Called when a unit is done, now or in an earlier run. */
  onUnit?: (unit: U, result: R, reused: boolean) => void;
  /** Called when a unit fails in the last round. */
  onFailure?: (unit: U, error: unknown) => void;
  /** The items a unit's result leaves out (not found, no picture…), for the skipped list. */
  skippedOf?: (unit: U, result: R, index: number) => SkippedItem[];
  /** The items a failed unit stands for (default: the unit itself, as text). */
  failedOf?: (unit: U, error: unknown, index: number) => SkippedItem[];
  /** The path named in messages about the output. */
  output: string;
}

/** What {@link runUnits} did. */
export interface RunUnitsResult<U> {
  failures: { unit: U; index: number; error: unknown }[];
  /** Units taken from an earlier run or a shard. */
  reused: number;
  /** Units done, now or earlier. */
  done: number;
  /** What the done units left out, in unit order. */
  skipped: SkippedItem[];
  /** What the failed units stand for, in unit order. */
  failed: SkippedItem[];
}

function cancelled(): JobError {
  return new JobError('cancelled', adviceFor('cancelled'));
}

/** The error of a unit a merge found in no shard's state. */
export class UnitMissingError extends Error {
  constructor() {
    super('not done by any shard: run its shard to the end, then merge again');
    this.name = 'UnitMissingError';
  }
}

/**
 * Runs `units`, resuming from the store; see the file comment. The context's signal cancels, and its
 * `rounds` (default 3) and `roundPauseMs` (default 500, times the round number) pace the retries.
 */
export async function runUnits<U, R>(
  context: JobContext,
  options: RunUnitsOptions<U, R>,
): Promise<RunUnitsResult<U>> {
  const { units, store } = options;
  const signal = context.signal;
  const skippedAt = new Map<number, SkippedItem[]>();
  const noteSkipped = (unit: U, result: R, index: number) => {
    const items = options.skippedOf?.(unit, result, index) ?? [];
    if (items.length > 0) skippedAt.set(index, items);
  };
  let pending: number[] = [];
  let reused = 0;
  let done = 0;
  const earlier = store.hasEarlierWork;
  for (let i = 0; i < units.length; i++) {
    if (!store.owns(i)) continue;
    const unit = units[i] as U;
    const stored = earlier ? await store.read<R>(options.key(unit, i)) : undefined;
    if (stored !== undefined) {
      reused += 1;
      done += 1;
      noteSkipped(unit, stored, i);
      options.onUnit?.(unit, stored, true);
    } else pending.push(i);
  }
  const errors = new Map<number, unknown>();
  if (context.assembleOnly) {
    for (const i of pending) errors.set(i, new UnitMissingError());
  }
  const rounds = context.assembleOnly ? 0 : Math.max(1, context.rounds ?? 3);
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
        await store.write(options.key(unit, i), result);
        done += 1;
        noteSkipped(unit, result, i);
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
  const failures = pending.map((i) => ({ unit: units[i] as U, index: i, error: errors.get(i) }));
  for (const failure of failures) options.onFailure?.(failure.unit, failure.error);
  const failedOf =
    options.failedOf ??
    ((unit: U, error: unknown) => [{ id: String(unit), reason: failureReason(error) }]);
  const skipped = [...skippedAt.keys()].sort((a, b) => a - b).flatMap((i) => skippedAt.get(i)!);
  return {
    failures,
    reused,
    done,
    skipped,
    failed: failures.flatMap((f) => failedOf(f.unit, f.error, f.index)),
  };
}

/**
 * The stored results of `units`, one at a time and in order, each read when it is wanted and let go
 * after: the output of a job is assembled from this. Every unit must have been done.
 */
export async function* storedUnits<U, R>(
  store: JobStore,
  units: readonly U[],
  key: (unit: U, index: number) => string,
  signal?: AbortSignal,
): AsyncGenerator<{ unit: U; index: number; result: R }> {
  for (let index = 0; index < units.length; index++) {
    if (signal?.aborted) throw cancelled();
    const unit = units[index] as U;
    const result = await store.read<R>(key(unit, index));
    if (result === undefined) {
      throw new JobError(
        'output',
        `The stored result of unit ${index + 1} of ${units.length} is gone from ${store.dir}: run the same command again.`,
      );
    }
    yield { unit, index, result };
  }
}

/** Every item of the units' stored results, in unit order (for units whose result is a list). */
export async function* storedItems<U, T>(
  store: JobStore,
  units: readonly U[],
  key: (unit: U, index: number) => string,
  signal?: AbortSignal,
): AsyncGenerator<T> {
  for await (const { result } of storedUnits<U, T[]>(store, units, key, signal)) yield* result;
}

/** Waits between rounds; a cancelled job stops waiting with the job's own cancellation error. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await systemClock.sleep(ms, signal);
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    throw error;
  }
}

/** The items of a batch of ids its stored result does not hold, as 'not found'. */
export function notFoundIn(batch: readonly string[], found: readonly { id: string }[]) {
  const have = new Set(found.map((item) => item.id));
  return batch.filter((id) => !have.has(id)).map((id) => ({ id, reason: 'not found' }));
}

/** The failed items of a batch of ids: every id, with the failure's reason. */
export function batchFailed(batch: readonly string[], error: unknown): SkippedItem[] {
  return batch.map((id) => ({ id, reason: failureReason(error) }));
}
