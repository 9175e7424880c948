// Writes a file so that a crash leaves either the old content or the new, never half of either:
// the bytes go to a temporary file beside the target, which is then renamed over it (rename is
// atomic within one file system).
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** The suffix of temporary files, so a cleanup can recognise leftovers of a crash. */
export const TEMP_SUFFIX = '.tmp';

const TEMP_NAME = /^(.+)\.(\d+)\.[0-9a-f]+\.tmp$/;

/**
 * The parts of one of our temporary file names (`<file>.<pid>.<random>.tmp`): the file it was to
 * become and the process that wrote it; undefined for any other name. A cleanup uses them to remove
 * only its own leftovers, never a file another process is still writing.
 */
export function parseTempName(name: string): { target: string; pid: number } | undefined {
  const match = TEMP_NAME.exec(name);
  return match ? { target: match[1] as string, pid: Number(match[2]) } : undefined;
}

/**
 * Atomically replaces `file` with `data`, creating its folder if needed (unless the caller knows it
 * is there: `folderExists`, which saves a system call per file for a writer of many small files).
 */
export async function writeFileAtomic(
  file: string,
  data: Uint8Array | string,
  options: { folderExists?: boolean } = {},
): Promise<void> {
  if (!options.folderExists) await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
