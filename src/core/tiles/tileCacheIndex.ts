// The tile cache's index file, shared by every process that uses the cache folder (two editor
// windows, the editor and the command line). It is never simply overwritten: each process rewrites
// it under a lock, merging what is on disk with what it changed itself since it last did, so no
// process loses the tiles another one added. An entry records the tile file's modification time,
// which names the exact file it describes: a process deletes a tile file only when it is still
// that file, never one another process has written since.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** What the index knows of one tile. */
export interface CacheEntry {
  size: number;
  /** When the tile was fetched, in milliseconds since the epoch. */
  fetchedAt: number;
  lastAccess: number;
  /** The file's modification time when it was written or adopted. */
  mtimeMs?: number;
}

/** Index entries by tile key. */
export type CacheIndex = Map<string, CacheEntry>;

/** The name of the index file in the cache folder. */
export const INDEX_FILE = 'index.json';

const KEY_PATTERN = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

const TILE_SUFFIX = '.tile';

/** Whether `key` can name a tile (and so a file of the cache). */
export function isCacheKey(key: string): boolean {
  return KEY_PATTERN.test(key) && !key.includes('..');
}

/** The file of the tile under `key` in the cache folder `dir`. */
export function tileFile(dir: string, key: string): string {
  if (!isCacheKey(key)) throw new RangeError(`bad cache key ${key}`);
  return path.join(dir, key.replace(/\//g, '+') + TILE_SUFFIX);
}

/** The key of a tile file's name, or undefined for any other file. */
export function tileKey(name: string): string | undefined {
  if (!name.endsWith(TILE_SUFFIX)) return undefined;
  const key = name.slice(0, -TILE_SUFFIX.length).replace(/\+/g, '/');
  return isCacheKey(key) ? key : undefined;
}

/** The index in least-recently-used-first order. */
export function byLastAccess(index: CacheIndex): CacheIndex {
  return new Map([...index].sort((a, b) => a[1].lastAccess - b[1].lastAccess));
}

/** Parses the index file; undefined when it is not a valid index. */
export function parseIndex(text: string): CacheIndex | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { version, entries } = json as { version?: unknown; entries?: unknown };
  if (version !== 1 || typeof entries !== 'object' || entries === null) return undefined;
  const out: CacheIndex = new Map();
  for (const [key, raw] of Object.entries(entries as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null || !isCacheKey(key)) continue;
    const { size, fetchedAt, lastAccess, mtimeMs } = raw as Record<string, unknown>;
    if (
      typeof size === 'number' &&
      typeof fetchedAt === 'number' &&
      typeof lastAccess === 'number' &&
      size >= 0
    ) {
      const entry: CacheEntry = { size, fetchedAt, lastAccess };
      if (typeof mtimeMs === 'number') entry.mtimeMs = mtimeMs;
      out.set(key, entry);
    }
  }
  return out;
}

/** The index file's text. */
export function serializeIndex(index: CacheIndex): string {
  return JSON.stringify({ version: 1, entries: Object.fromEntries(index) });
}

/** Reads the index file: its entries, or why there are none. */
export async function readIndex(
  file: string,
): Promise<{ index: CacheIndex } | { problem: 'missing' | 'corrupt' | 'unreadable' }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return {
      problem: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable',
    };
  }
  const index = parseIndex(text);
  return index ? { index } : { problem: 'corrupt' };
}

/** What one process changed since it last merged the index. */
export interface IndexChanges {
  /** Its current entries. */
  local: CacheIndex;
  /** Keys it stored or read since. */
  touched: ReadonlySet<string>;
  /** Keys it removed since, with the fetch time of the entry removed. */
  removed: ReadonlyMap<string, number>;
}

/**
 * Merges one process's changes into the index on disk: its removals drop the entries it removed (not
 * newer ones another process stored since), its stores and reads win unless the disk holds a newer
 * fetch, and everything else on disk is kept. Returns the merged index, least recently used first.
 */
export function mergeIndex(disk: CacheIndex, changes: IndexChanges): CacheIndex {
  const merged = new Map(disk);
  for (const [key, fetchedAt] of changes.removed) {
    const entry = merged.get(key);
    if (entry && entry.fetchedAt <= fetchedAt) merged.delete(key);
  }
  for (const key of changes.touched) {
    const mine = changes.local.get(key);
    if (!mine) continue;
    const theirs = merged.get(key);
    if (!theirs || mine.fetchedAt >= theirs.fetchedAt) {
      merged.set(key, { ...mine, lastAccess: Math.max(mine.lastAccess, theirs?.lastAccess ?? 0) });
    } else {
      merged.set(key, { ...theirs, lastAccess: Math.max(mine.lastAccess, theirs.lastAccess) });
    }
  }
  return byLastAccess(merged);
}
