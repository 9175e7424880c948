// The state of a job between runs. Beside the output `out.csv` lives a folder `out.csv.partial/`
// (`out.csv.shard-k-of-n/` for a shard, see jobShard.ts) holding `job.json` (which job, against
// which service, with which parameters, and when it started) and one file per unit of work done,
// each written atomically. A re-run with the same parameters takes the units already done from
// there, so a crash or a kill at any moment loses at most the units in flight; the output is
// assembled from the units in their input order and renamed into place in one step, so it is byte
// for byte what an uninterrupted run writes, and no half-written file ever carries the final name.
// A run without a shard also takes the units of the same job's shard folders beside the output.
// The parameters recorded never include a token.
import { constants } from 'node:fs';
import { access, lstat, readFile, readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parseTempName, writeFileAtomic } from '../fs/atomicWrite';
import { type JobContext } from './jobContext';
import { outputError } from './jobErrors';
import { type Shard, ownsUnit, shardOfFolder, shardSuffix } from './jobShard';

/** Suffix of a job's state folder beside its output. */
export const STATE_SUFFIX = '.partial';

// 3: job.json records the parameters in full (a merge rebuilds the job from them), the shard and
// the start time.
const STATE_VERSION = 3;

const JOB_FILE = 'job.json';
const COMPLETE_FILE = 'complete.json';

/** The parameters that define a job; a change of any of them starts the job over. */
export type JobParams = Record<string, unknown>;

/** What `job.json` holds. */
export interface JobRecord {
  version: number;
  job: string;
  /** The Graph API base URL the units were read from. */
  service: string;
  params: JobParams;
  shard?: Shard;
  /** When the job first started, in milliseconds since the epoch. */
  startedAt: number;
}

/** A shard's state folder found beside an output. */
export interface ShardFolder {
  shard: Shard;
  dir: string;
  /** Its job.json, or undefined when it cannot be read. */
  record: JobRecord | undefined;
  /** True once the shard finished with nothing failed. */
  complete: boolean;
}

/** The state folder of `output` for a run of `shard` (or without one). */
export function stateDir(output: string, shard?: Shard): string {
  return `${output}${shard ? shardSuffix(shard) : STATE_SUFFIX}`;
}

/** The part of a record two runs must share to share units. */
function identity(record: Pick<JobRecord, 'version' | 'job' | 'service' | 'params'>): string {
  const { version, job, service, params } = record;
  return JSON.stringify({ version, job, service, params });
}

async function readRecord(dir: string): Promise<JobRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, JOB_FILE), 'utf8')) as unknown;
    const record = parsed as Partial<JobRecord> | null;
    if (!record || typeof record !== 'object' || typeof record.job !== 'string') return undefined;
    if (typeof record.service !== 'string' || typeof record.params !== 'object') return undefined;
    return record as JobRecord;
  } catch {
    return undefined;
  }
}

/** The shards' state folders beside `output` (real folders only, never links), in shard order. */
export async function findShardFolders(output: string): Promise<ShardFolder[]> {
  const folder = path.dirname(path.resolve(output));
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const found: ShardFolder[] = [];
  for (const name of names) {
    const shard = shardOfFolder(output, name);
    if (!shard) continue;
    const dir = path.join(folder, name);
    if (!(await lstat(dir)).isDirectory()) continue;
    const complete = await stat(path.join(dir, COMPLETE_FILE)).then(
      () => true,
      () => false,
    );
    found.push({ shard, dir, record: await readRecord(dir), complete });
  }
  return found.sort((a, b) => a.shard.count - b.shard.count || a.shard.index - b.shard.index);
}

/** The per-job state folder; see the file comment. */
export class JobStore {
  private constructor(
    /** The state folder. */
    readonly dir: string,
    /** True when an earlier run with the same parameters left work behind. */
    readonly resumed: boolean,
    /** The shard this run does, if it does one. */
    readonly shard: Shard | undefined,
    /** Shards' folders whose units this run takes as done. */
    readonly adopted: readonly ShardFolder[],
    /** When the job first started (the earliest of its runs and shards), ms since the epoch. */
    readonly startedAt: number,
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
    const shard = context.shard;
    const dir = stateDir(output, shard);
    const wanted = { version: STATE_VERSION, job, service: context.api.client.baseUrl, params };
    const key = identity(wanted);
    const existing = await readRecord(dir);
    const resumed =
      existing !== undefined &&
      identity(existing) === key &&
      existing.shard?.index === shard?.index &&
      existing.shard?.count === shard?.count;
    const adopted = shard
      ? []
      : (await findShardFolders(output)).filter((f) => f.record && identity(f.record) === key);
    const starts = [
      ...(resumed ? [existing.startedAt] : []),
      ...adopted.map((f) => f.record?.startedAt ?? Infinity),
    ].filter((t) => Number.isSafeInteger(t));
    const startedAt =
      context.startedAt ?? (starts.length > 0 ? Math.min(...starts) : (context.now ?? Date.now)());
    await checkWritable(path.dirname(output));
    try {
      if (!resumed) {
        await rm(dir, { recursive: true, force: true });
        const record: JobRecord = { ...wanted, ...(shard ? { shard } : {}), startedAt };
        await writeFileAtomic(path.join(dir, JOB_FILE), JSON.stringify(record));
      } else {
        // Only this job's own leftovers: the temporary files of its units in its own folder.
        for (const name of await readdir(dir)) {
          if (parseTempName(name)?.target.endsWith('.json')) {
            await rm(path.join(dir, name), { force: true });
          }
        }
        await rm(path.join(dir, COMPLETE_FILE), { force: true });
      }
    } catch (error) {
      throw outputError(error, dir);
    }
    return new JobStore(dir, resumed, shard, adopted, startedAt);
  }

  /** Whether unit `index` is this run's to do (all are, unless it runs one shard). */
  owns(index: number): boolean {
    return ownsUnit(this.shard, index);
  }

  private file(dir: string, key: string): string {
    return path.join(dir, `${key.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  }

  /** The stored result of a unit, or undefined when it was not done (or cannot be read). */
  async read<T>(key: string): Promise<T | undefined> {
    // The own folder holds this run's units and, when resumed, the earlier runs'.
    const dirs = [this.dir, ...this.adopted.map((f) => f.dir)];
    for (const dir of dirs) {
      try {
        return JSON.parse(await readFile(this.file(dir, key), 'utf8')) as T;
      } catch {
        // Not there: the next folder may have it.
      }
    }
    return undefined;
  }

  /** Whether an earlier run or a shard may have left units to take (else none is looked for). */
  get hasEarlierWork(): boolean {
    return this.resumed || this.adopted.length > 0;
  }

  /** Stores the result of a unit atomically. */
  async write(key: string, value: unknown): Promise<void> {
    const file = this.file(this.dir, key);
    try {
      // The folder was made when the job opened its state (job.json is in it).
      await writeFileAtomic(file, JSON.stringify(value), { folderExists: true });
    } catch (error) {
      throw outputError(error, file);
    }
  }

  /** Records that this shard finished with nothing failed, for `merge` to check. */
  async markComplete(units: number): Promise<void> {
    const file = path.join(this.dir, COMPLETE_FILE);
    try {
      await writeFileAtomic(file, JSON.stringify({ units }));
    } catch (error) {
      throw outputError(error, file);
    }
  }

  /** Removes the state, and the shards' folders it took units from, once the output is in place. */
  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    for (const folder of this.adopted) await rm(folder.dir, { recursive: true, force: true });
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
