// Reconciles the tile cache's index with its folder when a process opens the cache. Entries whose
// file is gone are dropped. A tile file the index does not know is a whole tile (tiles are written
// atomically) that another process has not indexed yet, or that a crash kept out of the index: it is
// adopted, never deleted. A temporary file is removed only when the process that wrote it is gone
// (or it is far too old to be a write in progress), so a write another process is making survives.
import { readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { type Logger } from '../../shared/logger';
import { parseTempName } from '../fs/atomicWrite';
import { isProcessAlive } from '../fs/fileLock';
import {
  type CacheEntry,
  type CacheIndex,
  INDEX_FILE,
  byLastAccess,
  readIndex,
  tileFile,
  tileKey,
} from './tileCacheIndex';

/** A temporary file this old is a leftover even if its writer's process id was reused. */
const ABANDONED_TEMP_MS = 60 * 60 * 1000;

/** The index of the cache in `dir`, reconciled with its files; `changed` when it differs from disk. */
export async function scanCache(
  dir: string,
  logger: Logger,
): Promise<{ index: CacheIndex; changed: boolean }> {
  const read = await readIndex(path.join(dir, INDEX_FILE));
  if ('problem' in read && read.problem !== 'missing') {
    logger.warn(`the tile cache index is ${read.problem}; rebuilding it from the files`);
  }
  const index: CacheIndex = 'index' in read ? read.index : new Map<string, CacheEntry>();
  let changed = !('index' in read);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    names = [];
  }
  const onDisk = new Set<string>();
  for (const name of names) {
    const temp = parseTempName(name);
    if (temp) await removeAbandonedTemp(path.join(dir, name), temp.pid);
    else {
      const key = tileKey(name);
      if (key !== undefined) onDisk.add(key);
    }
  }
  for (const key of [...index.keys()]) {
    if (onDisk.has(key)) continue;
    index.delete(key);
    changed = true;
  }
  for (const key of onDisk) {
    if (index.has(key)) continue;
    try {
      const info = await stat(tileFile(dir, key));
      const at = info.mtimeMs;
      index.set(key, { size: info.size, fetchedAt: at, lastAccess: at, mtimeMs: at });
      changed = true;
    } catch {
      // Vanished meanwhile.
    }
  }
  return { index: byLastAccess(index), changed };
}

async function removeAbandonedTemp(file: string, pid: number): Promise<void> {
  try {
    const info = await stat(file);
    const inProgress =
      pid !== process.pid && isProcessAlive(pid) && Date.now() - info.mtimeMs < ABANDONED_TEMP_MS;
    if (!inProgress) await rm(file, { force: true });
  } catch {
    // Renamed into place or removed meanwhile.
  }
}
