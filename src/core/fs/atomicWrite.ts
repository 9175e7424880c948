// Writes a file so that a crash leaves either the old content or the new, never half of either:
// the bytes go to a temporary file beside the target, which is then renamed over it (rename is
// atomic within one file system).
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** The suffix of temporary files, so a cleanup can recognise leftovers of a crash. */
export const TEMP_SUFFIX = '.tmp';

/** Atomically replaces `file` with `data`, creating its folder if needed. */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
