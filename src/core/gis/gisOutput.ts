// What every GIS writer does around its format: write under a temporary name beside the target and
// rename it into place only when the file is whole (a failed or cancelled export leaves nothing
// under the final name), and stop between features when cancelled. Errors are thrown as they come
// (a file-system error keeps its `code`), for the job to report with its own wording; the writers
// import nothing of the jobs, so their bundle stays small.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { TEMP_SUFFIX } from '../fs/atomicWrite';

/** Options every writer accepts. */
export interface GisWriteOptions {
  /** Stops the writer between features (it throws the signal's reason); nothing is left behind. */
  signal?: AbortSignal;
}

/** Writes `file` through `write(temp)`, then renames the temporary file over it. */
export async function writeThroughTemp<T>(
  file: string,
  write: (temp: string) => Promise<T>,
): Promise<T> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    const result = await write(temp);
    await rename(temp, file);
    return result;
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Throws the signal's reason when the export was cancelled. */
export function checkCancelled(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}
