// What every GIS writer does around its format: write under a temporary name beside the target and
// rename it into place only when the file is whole (a failed or cancelled export leaves nothing
// under the final name), turn file-system errors into job errors that say what to do, and stop
// between features when cancelled.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { TEMP_SUFFIX } from '../fs/atomicWrite';
import { JobError, fatalFsCode, outputError } from '../export/jobErrors';

/** Options every writer accepts. */
export interface GisWriteOptions {
  /** Stops the writer between features; the partial file is removed. */
  signal?: AbortSignal;
}

/** Writes `file` through `write(temp)`, then renames the temporary file over it. */
export async function writeThroughTemp<T>(
  file: string,
  write: (temp: string) => Promise<T>,
): Promise<T> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
  } catch (error) {
    throw outputError(error, file);
  }
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    const result = await write(temp);
    await rename(temp, file);
    return result;
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    if (error instanceof JobError) throw error;
    if (fatalFsCode(error) || (error as NodeJS.ErrnoException | undefined)?.code) {
      throw outputError(error, file);
    }
    throw error;
  }
}

/** Throws the job's cancellation error when `signal` is aborted. */
export function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new JobError('cancelled', 'The export was cancelled.');
}
