// The ways a job stops as a whole, as opposed to one item failing: the input or the options are
// wrong, the output cannot be written (or may not be: a link on the way, another export writing it),
// the token is refused, or the user cancelled. Messages say what to do and never hold a token.
import { GraphError } from '../../shared/api/graphError';

/**
 * Why a job stopped: `refused` when the output's place is unsafe (a symbolic link on the way), `busy`
 * when another run is writing the same output.
 */
export type JobErrorKind = 'input' | 'output' | 'refused' | 'busy' | 'cancelled' | 'service';

/** A job-wide failure with a message for the person running it. */
export class JobError extends Error {
  constructor(
    readonly kind: JobErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'JobError';
  }
}

const FS_ADVICE: Record<string, string> = {
  ENOSPC: 'the disk is full: free some space and run the job again',
  EDQUOT: 'the disk quota is exceeded: free some space and run the job again',
  EROFS: 'the folder is read-only: choose another output folder',
  EACCES: 'permission denied: choose a folder you can write to',
  EPERM: 'permission denied: choose a folder you can write to',
  ENOTDIR: 'a file stands where a folder is needed',
  EISDIR: 'a folder stands where the output file should go',
};

/** The code of a file-system error, if `error` is one the job cannot work around. */
export function fatalFsCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code in FS_ADVICE ? code : undefined;
}

/** Wraps a file-system error in a {@link JobError} that names the path and what to do. */
export function outputError(error: unknown, file: string): JobError {
  const code = fatalFsCode(error) ?? (error as NodeJS.ErrnoException | undefined)?.code;
  const advice = code && FS_ADVICE[code];
  const text = advice ?? (error instanceof Error ? error.message : String(error));
  return new JobError('output', `Cannot write ${file} (${code ?? 'error'}): ${text}.`, {
    cause: error,
  });
}

// 'permission' is not among them: a 403 names one object (or one signed picture URL), not the job.
const FATAL_GRAPH_KINDS = new Set([
  'cancelled',
  'invalid-token',
  'no-token',
  'blocked',
  'budget-exhausted',
]);

/**
 * True for an error that no other item would escape either (cancelled, token refused, blocked,
 * disk full): the job stops at once instead of failing item after item.
 */
export function isJobFatal(error: unknown): boolean {
  if (error instanceof JobError) return true;
  if (error instanceof GraphError) return FATAL_GRAPH_KINDS.has(error.kind);
  return fatalFsCode(error) !== undefined;
}

/** The error a job throws for `error` when it is fatal, with a message fit to show. */
export function asJobError(error: unknown, file: string): JobError {
  if (error instanceof JobError) return error;
  if (error instanceof GraphError) {
    return new JobError(error.kind === 'cancelled' ? 'cancelled' : 'service', error.message, {
      cause: error,
    });
  }
  if (fatalFsCode(error)) return outputError(error, file);
  return new JobError('service', error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}

/** A one-line reason for an item's failure, for the skipped/failed lists. */
export function failureReason(error: unknown): string {
  if (error instanceof GraphError) return `${error.kind}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
