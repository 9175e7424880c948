// `merge`: assembles the output of a job that ran as shards (see jobShard.ts) from the shards' state
// folders beside the output, byte for byte what a single run writes. It checks that the folders
// belong to one job (the same job, service, parameters and number of shards), that every shard is
// there and finished, and that none is running; then it runs the job from the parameters the shards
// recorded, with no request to make: every unit comes from a shard. Once the output is in place the
// shards' folders are removed.
import * as path from 'node:path';
import { MapillaryApi } from '../api/mapillaryApi';
import { FileLock } from '../fs/fileLock';
import { GraphClient } from '../http/graphClient';
import { type JobContext } from './jobContext';
import { JobError, outputError } from './jobErrors';
import { shardText } from './jobShard';
import { type ShardFolder, findShardFolders } from './jobStore';
import { type JobResult } from './jobTypes';
import { MERGEABLE_JOBS } from './mergeableJobs';
import { LOCK_SUFFIX, checkOutputPath } from './outputClaim';

/** What a merge needs besides the output: the hooks and limits of a job's context. */
export type MergeContext = Omit<JobContext, 'api' | 'tiles' | 'shard' | 'assembleOnly'>;

/** The shards of `output`, checked to form one whole, finished job; see the file comment. */
export async function checkShards(output: string): Promise<ShardFolder[]> {
  const folders = await findShardFolders(output);
  const name = path.basename(output);
  if (folders.length === 0) {
    throw new JobError(
      'input',
      `No shard of ${output} is here: run the job with --shard k/n first, or copy the shards' ${name}.shard-k-of-n folders beside ${output}.`,
    );
  }
  const unreadable = folders.find((f) => !f.record);
  if (unreadable) {
    throw new JobError(
      'input',
      `${unreadable.dir} has no readable job.json: run shard ${shardText(unreadable.shard)} again.`,
    );
  }
  const first = folders[0] as ShardFolder;
  const identity = (f: ShardFolder) => {
    const { version, job, service, params } = f.record ?? {};
    return JSON.stringify({ version, job, service, params, count: f.shard.count });
  };
  if (folders.some((f) => identity(f) !== identity(first))) {
    throw new JobError(
      'input',
      `The shard folders beside ${output} belong to different jobs (another job, service, input or number of shards): keep only one job's ${name}.shard-k-of-n folders.`,
    );
  }
  const count = first.shard.count;
  const have = new Set(folders.map((f) => f.shard.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !have.has(k));
  if (missing.length > 0) {
    throw new JobError(
      'input',
      `Shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} of ${output} ${missing.length > 1 ? 'are' : 'is'} missing: run ${missing.length > 1 ? 'them' : 'it'}, or copy ${missing.length > 1 ? 'their' : 'its'} ${name}.shard-k-of-${count} folder here.`,
    );
  }
  const unfinished = folders.filter((f) => !f.complete);
  if (unfinished.length > 0) {
    throw new JobError(
      'input',
      `Shard ${unfinished.map((f) => shardText(f.shard)).join(', ')} of ${output} has not finished: run it again to finish it, then merge.`,
    );
  }
  return folders;
}

/** Merges the shards of `output` into it; see the file comment. */
export async function mergeShards(context: MergeContext, output: string): Promise<JobResult> {
  const folders = await checkShards(output);
  const record = folders[0]?.record;
  const run = record && MERGEABLE_JOBS[record.job];
  if (!record || !run) {
    throw new JobError(
      'input',
      `${record?.job ?? 'This'} job cannot be merged by this command: run the same command again without --shard, which takes the shards' work as done.`,
    );
  }
  const kind = record.job === 'download' ? 'folder' : 'file';
  await checkOutputPath(context, output, kind);
  // No shard may still be writing its folder while its units are read.
  const locks: FileLock[] = [];
  try {
    for (const folder of folders) {
      const lockFile = `${folder.dir}${LOCK_SUFFIX}`;
      let lock: Awaited<ReturnType<typeof FileLock.tryAcquire>>;
      try {
        lock = await FileLock.tryAcquire(lockFile);
      } catch (error) {
        throw outputError(error, lockFile);
      }
      if (!(lock instanceof FileLock)) {
        throw new JobError(
          'busy',
          `Shard ${shardText(folder.shard)} of ${output} is still running: wait for it to finish, then merge.`,
        );
      }
      locks.push(lock);
    }
    // The units were read from this service; nothing is asked of it now (and no token is sent).
    const api = new MapillaryApi(
      new GraphClient({ baseUrl: record.service, getToken: () => Promise.resolve(undefined) }),
    );
    return await run({ ...context, api, assembleOnly: true }, record.params, output);
  } finally {
    for (const lock of locks) await lock.release();
  }
}
