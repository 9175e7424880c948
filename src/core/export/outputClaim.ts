// Claims an output for one run of a job. Two runs writing the same output at once would mix their
// units and race their renames, so the second is refused, by a lock beside the output
// (`<output>.lock`) that names its process; a lock left by a killed run is taken over (see
// FileLock). A run of one shard locks only that shard (`<output>.shard-k-of-n.lock`), so the shards
// of a job can run side by side. Before anything is written, the folders on the way to the output,
// and its state folder, are checked not to be symbolic links: a cloned repository could plant one to
// send files elsewhere.
import * as path from 'node:path';
import { FileLock } from '../fs/fileLock';
import { UnsafePathError, isWithin, refuseSymlinks } from '../fs/safePaths';
import { type JobContext } from './jobContext';
import { JobError, outputError } from './jobErrors';
import { shardText } from './jobShard';
import { stateDir } from './jobStore';

/** Suffix of the lock beside an output. */
export const LOCK_SUFFIX = '.lock';

/** A lock not refreshed for this long belongs to a run that is gone. */
const LOCK_STALE_MS = 60_000;
const LOCK_REFRESH_MS = 15_000;

/** What an output is: a file (with its state folder beside it) or the download's folder. */
export type OutputKind = 'file' | 'folder';

/** The folder symbolic links are checked from: the context's root when the output is inside it. */
function trustedRoot(context: Pick<JobContext, 'root'>, output: string, kind: OutputKind): string {
  const folder = kind === 'folder' ? output : path.dirname(output);
  if (context.root && isWithin(context.root, folder)) return path.resolve(context.root);
  // Outside any root, the folder the user named is trusted as it is, and what lies inside it is checked.
  return kind === 'folder' ? path.dirname(output) : folder;
}

/** Throws a {@link JobError} when a symbolic link is on the way to `output` or is its state folder. */
export async function checkOutputPath(
  context: Pick<JobContext, 'root' | 'shard'>,
  output: string,
  kind: OutputKind,
): Promise<void> {
  const full = path.resolve(output);
  const root = trustedRoot(context, full, kind);
  try {
    if (kind === 'folder') await refuseSymlinks(root, full);
    await refuseSymlinks(root, stateDir(full, context.shard));
  } catch (error) {
    if (error instanceof UnsafePathError) throw new JobError('refused', error.message);
    throw outputError(error, full);
  }
}

/** Runs `run` with `output` claimed for this run alone; see the file comment. */
export async function withClaimedOutput<T>(
  context: JobContext,
  output: string,
  kind: OutputKind,
  run: () => Promise<T>,
): Promise<T> {
  await checkOutputPath(context, output, kind);
  const shard = context.shard;
  const lockFile = `${shard ? stateDir(path.resolve(output), shard) : path.resolve(output)}${LOCK_SUFFIX}`;
  let claim: Awaited<ReturnType<typeof FileLock.tryAcquire>>;
  try {
    claim = await FileLock.tryAcquire(lockFile, { staleMs: LOCK_STALE_MS });
  } catch (error) {
    throw outputError(error, lockFile);
  }
  if (!(claim instanceof FileLock)) {
    const owner = claim.heldBy;
    const who = owner
      ? ` (process ${owner.pid} on ${owner.host}, since ${new Date(owner.since).toISOString()})`
      : '';
    const what = shard ? `shard ${shardText(shard)} of ${output}` : output;
    throw new JobError(
      'busy',
      `Another export is writing ${what} right now${who}: wait for it to finish, or choose another output.`,
    );
  }
  claim.keepFresh(LOCK_REFRESH_MS);
  try {
    return await run();
  } finally {
    await claim.release();
  }
}
