// The state of a job between runs. Beside the output `out.csv` lives a folder `out.csv.partial/`
// holding `job.json` (which job, with which parameters) and one file per unit of work done, each
// written atomically. A re-run with the same parameters takes the units already done from there, so
// a crash or a kill at any moment loses at most the units in flight; the output itself is assembled
// from the units in their input order and renamed into place in one step, so it is byte for byte
// what an uninterrupted run writes, and no half-written file ever carries the final name. The
// parameters recorded never include a token.
import { constants } from 'node:fs';
import { access, readFile, readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parseTempName, writeFileAtomic } from '../fs/atomicWrite';
import { type JobContext } from './jobContext';
import { outputError } from './jobErrors';

/** Suffix of a job's state folder beside its output. */
export const STATE_SUFFIX = '.partial';

// 2: the identity names the service, so a job started against one service is not resumed with units
// from another.
const STATE_VERSION = 2;

/** The parameters that define a job; a change of any of them starts the job over. */
export type JobParams = Record<string, string | number | boolean | readonly string[] | undefined>;

/** The per-job state folder. */
export class JobStore {
  private constructor(
    /** The state folder. */
    readonly dir: string,
    /** True when an earlier run with the same parameters left work behind. */
    readonly resumed: boolean,
  ) {}

  /**
   * Opens (or starts) the state of the job writing `output`. State left by the same job with other
   * parameters, or against another service, is cleared (the job starts clean instead of mixing
   * units), as are temporary files a killed run left behind.
   */
  static async open(
    context: JobContext,
    output: string,
    job: string,
    params: JobParams,
  ): Promise<JobStore> {
    const dir = `${output}${STATE_SUFFIX}`;
    const service = context.api.client.baseUrl;
    const identity = JSON.stringify({ version: STATE_VERSION, job, service, params });
    let existing: string | undefined;
    try {
      existing = await readFile(path.join(dir, 'job.json'), 'utf8');
    } catch {
      existing = undefined;
    }
    const resumed = existing === identity;
    await checkWritable(path.dirname(output));
    try {
      if (!resumed) {
        await rm(dir, { recursive: true, force: true });
        await writeFileAtomic(path.join(dir, 'job.json'), identity);
      } else {
        // Only this job's own leftovers: the temporary files of its units in its own folder.
        for (const name of await readdir(dir)) {
          if (parseTempName(name)?.target.endsWith('.json')) {
            await rm(path.join(dir, name), { force: true });
          }
        }
      }
    } catch (error) {
      throw outputError(error, dir);
    }
    return new JobStore(dir, resumed);
  }

  private file(key: string): string {
    return path.join(this.dir, `${key.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  }

  /** The stored result of a unit, or undefined when it was not done (or cannot be read). */
  async read<T>(key: string): Promise<T | undefined> {
    if (!this.resumed) return undefined;
    try {
      return JSON.parse(await readFile(this.file(key), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  /** Stores the result of a unit atomically. */
  async write(key: string, value: unknown): Promise<void> {
    const file = this.file(key);
    try {
      await writeFileAtomic(file, JSON.stringify(value));
    } catch (error) {
      throw outputError(error, file);
    }
  }

  /** Removes the state once the output is in place. */
  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Writes a finished output file atomically, turning file-system errors into clear job errors. */
export async function writeOutput(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(file, data);
  } catch (error) {
    throw outputError(error, file);
  }
}

/**
 * Fails early, with the real reason, when `folder` (or the nearest folder above it that exists)
 * cannot be written: a recursive mkdir on a read-only file system reports only ENOENT.
 */
export async function checkWritable(folder: string): Promise<void> {
  let current = path.resolve(folder);
  for (;;) {
    try {
      await stat(current);
      break;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  try {
    await access(current, constants.W_OK);
  } catch (error) {
    throw outputError(error, folder);
  }
}
