// The files of the download job: where a picture goes (`<dir>/<seq_id>/<img_id>_<size>.jpg`, named
// only by ids that pass the id rule), whether a file there is a whole picture, and the folders on
// the way: none may be a symbolic link, and what a killed run left in them (temporary files of this
// job's pictures) is removed once per run, before anything is written there.
import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { type ThumbnailSize } from '../api/thumbnails';
import { parseTempName } from '../fs/atomicWrite';
import { isProcessAlive } from '../fs/fileLock';
import { UnsafePathError, pathForIds, refuseSymlinks } from '../fs/safePaths';
import { JobError, outputError } from './jobErrors';

/** Where one picture goes. */
export interface PictureTarget {
  /** The picture's path, inside the folder. */
  file: string;
  /** Its path relative to the folder, with `/` separators, as the manifest names it. */
  name: string;
}

/** True when `bytes` hold a whole JPEG (or PNG): start and end markers both present. */
export function isCompleteImage(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    return bytes[n - 2] === 0xff && bytes[n - 1] === 0xd9;
  }
  if (n >= 12 && bytes[0] === 0x89 && bytes[1] === 0x50) {
    return Buffer.from(bytes.subarray(n - 8, n - 4)).toString('latin1') === 'IEND';
  }
  return false;
}

/** The SHA-256 of `bytes`, in hex. */
export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/** The bytes of a whole picture already at `file`, or undefined. */
export async function readComplete(file: string): Promise<Uint8Array | undefined> {
  try {
    // Only a regular file counts: a link planted under the picture's name is replaced, not read.
    if (!(await lstat(file)).isFile()) return undefined;
    const bytes = new Uint8Array(await readFile(file));
    return isCompleteImage(bytes) ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** The picture of image `id` of `sequence`, or undefined when the sequence id cannot name a folder. */
export function pictureTarget(
  dir: string,
  sequence: string,
  id: string,
  size: ThumbnailSize,
): PictureTarget | undefined {
  let file: string;
  try {
    file = pathForIds(
      dir,
      [
        ['sequence', sequence],
        ['image', id],
      ],
      `_${size}.jpg`,
    );
  } catch (error) {
    // A sequence id from the service that cannot name a folder (`../../x`): never written.
    if (error instanceof UnsafePathError) return undefined;
    throw error;
  }
  return { file, name: path.relative(dir, file).split(path.sep).join('/') };
}

/** Checks and cleans each folder of a download once per run; see the file comment. */
export class PictureFolders {
  private readonly ready = new Map<string, Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly size: ThumbnailSize,
    /**
     * False when other shards may write the same folders at the same time: then only files whose
     * writer is gone are removed.
     */
    private readonly exclusive: boolean,
  ) {}

  /** Resolves once the folder of `file` may be written; throws a JobError when it may not. */
  prepare(file: string): Promise<void> {
    const folder = path.dirname(file);
    let ready = this.ready.get(folder);
    if (!ready) {
      ready = this.check(folder);
      this.ready.set(folder, ready);
    }
    return ready;
  }

  private async check(folder: string): Promise<void> {
    try {
      await refuseSymlinks(this.dir, folder);
    } catch (error) {
      if (error instanceof UnsafePathError) throw new JobError('refused', error.message);
      throw outputError(error, folder);
    }
    let present: string[];
    try {
      present = await readdir(folder);
    } catch {
      return;
    }
    const ours = new RegExp(`^\\d+_${this.size}\\.jpg$`);
    for (const name of present) {
      const temp = parseTempName(name);
      if (!temp || !ours.test(temp.target)) continue;
      // Another shard may be writing this folder: its files in flight are left alone.
      if (!this.exclusive && temp.pid !== process.pid && isProcessAlive(temp.pid)) continue;
      await rm(path.join(folder, name), { force: true });
    }
  }
}
