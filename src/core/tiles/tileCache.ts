// An on-disk cache of tiles. Tiles cost a share of a daily budget that every user of one client token
// spends together, so a tile is fetched at most once per time-to-live (default 24 h). The cache is
// bounded in bytes and evicts the least recently used tiles; each tile is written atomically, so a
// crash never leaves a partial tile; the index survives restarts, and a corrupt or missing index is
// rebuilt from the files on disk instead of failing.
//
// Several processes may share one cache folder (two editor windows, the editor and the command line),
// so nothing here deletes what another process may own: the index is merged under a lock, never
// overwritten (see tileCacheIndex); tile files the index does not know yet are adopted, not treated
// as debris, and temporary files are removed only when their writer is gone (see tileCacheScan); and
// a tile file is deleted only while it is still the very file the index describes.
import { readFile, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { type Logger, silentLogger } from '../../shared/logger';
import { writeFileAtomic } from '../fs/atomicWrite';
import { FileLock } from '../fs/fileLock';
import {
  type CacheEntry,
  type CacheIndex,
  INDEX_FILE,
  byLastAccess,
  mergeIndex,
  readIndex,
  serializeIndex,
  tileFile,
} from './tileCacheIndex';
import { scanCache } from './tileCacheScan';

/** Settings of {@link TileCache}. */
export interface TileCacheOptions {
  /** The cache folder (created when missing). */
  dir: string;
  /** Most bytes of tiles kept (default 512 MB). */
  maxBytes?: number;
  /** How long a tile stays fresh, in milliseconds (default 24 h). */
  ttlMs?: number;
  now?: () => number;
  /** How long to gather changes before writing the index (default 2 s). */
  indexWriteDelayMs?: number;
  logger?: Logger;
}

/** A cached tile. */
export interface CachedTile {
  bytes: Uint8Array;
  /** When it was fetched, in milliseconds since the epoch. */
  fetchedAt: number;
  /** Whether it is older than the time-to-live. */
  stale: boolean;
}

const LOCK_FILE = 'index.lock';
/** The index lock is held for one read and one write of the index. */
const LOCK_OPTIONS = { staleMs: 30_000, timeoutMs: 10_000 };

/** A byte-bounded, least-recently-used tile cache on disk. */
export class TileCache {
  /** Entries in least-recently-used-first order (a Map keeps insertion order). */
  private entries: CacheIndex = new Map();
  private total = 0;
  /** Keys stored or read here since the index was last merged. */
  private touched = new Set<string>();
  /** Keys removed here since then, with the fetch time of what was removed. */
  private removed = new Map<string, number>();
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly logger: Logger;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly options: TileCacheOptions) {
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  /** Opens the cache in `options.dir`, loading its index or rebuilding it from the files. */
  static async open(options: TileCacheOptions): Promise<TileCache> {
    const cache = new TileCache(options);
    await cache.load();
    return cache;
  }

  /** The tile under `key` if cached (fresh or stale), marking it recently used. */
  async get(key: string): Promise<CachedTile | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    let bytes: Uint8Array;
    try {
      const buffer = await readFile(this.fileOf(key));
      // A plain Uint8Array view, so callers see the same type as a network fetch returns.
      bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch {
      this.forget(key, true);
      return undefined;
    }
    if (bytes.byteLength !== entry.size) {
      // Not the tile the index describes (another process may have replaced it): not trusted here,
      // and not deleted either; the next merge of the index tells what it is.
      this.forget(key, false);
      return undefined;
    }
    entry.lastAccess = this.now();
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.touched.add(key);
    this.schedule();
    return { bytes, fetchedAt: entry.fetchedAt, stale: this.isStale(entry) };
  }

  /** The tile under `key` when cached and fresh, otherwise undefined. */
  async getFresh(key: string): Promise<Uint8Array | undefined> {
    const entry = this.entries.get(key);
    if (!entry || this.isStale(entry)) return undefined;
    return (await this.get(key))?.bytes;
  }

  /** Stores a tile (an empty tile too), then evicts the least recently used beyond the byte bound. */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    if (bytes.byteLength > this.maxBytes) return;
    const file = this.fileOf(key);
    await writeFileAtomic(file, bytes);
    const mtimeMs = await stat(file).then(
      (info) => info.mtimeMs,
      () => undefined,
    );
    if (this.entries.has(key)) this.forget(key, false);
    const now = this.now();
    this.entries.set(key, { size: bytes.byteLength, fetchedAt: now, lastAccess: now, mtimeMs });
    this.total += bytes.byteLength;
    this.touched.add(key);
    this.removed.delete(key);
    await this.evict();
    this.schedule();
  }

  /** Whether `key` is cached (fresh or stale). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Number of tiles and bytes held. */
  stats(): { entries: number; bytes: number; maxBytes: number } {
    return { entries: this.entries.size, bytes: this.total, maxBytes: this.maxBytes };
  }

  /** Merges and writes the index now, and waits for it (call before exit). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.writeIndex();
  }

  private isStale(entry: CacheEntry): boolean {
    return this.now() - entry.fetchedAt >= this.ttlMs;
  }

  private fileOf(key: string): string {
    return tileFile(this.options.dir, key);
  }

  /** Drops an entry here; `gone` records it as removed, so the merged index drops it too. */
  private forget(key: string, gone: boolean): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.total -= entry.size;
    this.entries.delete(key);
    this.touched.delete(key);
    if (gone) this.removed.set(key, entry.fetchedAt);
  }

  /** Deletes a tile's file, unless it is no longer the file `entry` describes. */
  private async removeFile(key: string, entry: CacheEntry): Promise<void> {
    const file = this.fileOf(key);
    try {
      const info = await stat(file);
      if (info.size !== entry.size) return;
      if (entry.mtimeMs !== undefined && info.mtimeMs !== entry.mtimeMs) return;
      await rm(file, { force: true });
    } catch {
      // Gone already.
    }
  }

  private async evict(): Promise<void> {
    const victims: [string, CacheEntry][] = [];
    let excess = this.total - this.maxBytes;
    for (const [key, entry] of this.entries) {
      if (excess <= 0) break;
      victims.push([key, entry]);
      excess -= entry.size;
    }
    for (const [key, entry] of victims) {
      this.forget(key, true);
      await this.removeFile(key, entry);
    }
    if (victims.length) this.logger.debug(`tile cache evicted ${victims.length} tile(s)`);
  }

  private async load(): Promise<void> {
    const lock = path.join(this.options.dir, LOCK_FILE);
    const scan = async (locked: boolean) => {
      const { index, changed } = await scanCache(this.options.dir, this.logger);
      this.adopt(index);
      await this.evict();
      // Under the lock the reconciled index is the disk's own, evictions applied: written as it is.
      // Without the lock it is left alone; the next merge brings it up to date.
      if (locked && (changed || this.removed.size > 0)) {
        await writeFileAtomic(
          path.join(this.options.dir, INDEX_FILE),
          serializeIndex(this.entries),
        );
        this.removed.clear();
      }
    };
    await FileLock.with(
      lock,
      () => scan(true),
      () => scan(false),
      LOCK_OPTIONS,
    );
  }

  private adopt(index: CacheIndex): void {
    this.entries = byLastAccess(index);
    this.total = 0;
    for (const entry of index.values()) this.total += entry.size;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeIndex();
    }, this.options.indexWriteDelayMs ?? 2000);
    this.timer.unref?.();
  }

  private writeIndex(): Promise<void> {
    this.writing = this.writing
      .then(() =>
        FileLock.with(
          path.join(this.options.dir, LOCK_FILE),
          () => this.writeMerged(),
          () => {
            // The changes stay recorded and are merged at the next write.
            this.logger.warn(
              'could not lock the tile cache index (busy or not writable); saving later',
            );
            return Promise.resolve();
          },
          LOCK_OPTIONS,
        ),
      )
      .catch((error: unknown) => {
        this.logger.warn(
          `could not save the tile cache index: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    return this.writing;
  }

  /** Merges this process's changes into the index on disk and takes the result (lock held). */
  private async writeMerged(): Promise<void> {
    const file = path.join(this.options.dir, INDEX_FILE);
    const touched = this.touched;
    const removed = this.removed;
    this.touched = new Set();
    this.removed = new Map();
    try {
      const read = await readIndex(file);
      const disk: CacheIndex = 'index' in read ? read.index : new Map<string, CacheEntry>();
      const merged = mergeIndex(disk, { local: this.entries, touched, removed });
      await writeFileAtomic(file, serializeIndex(merged));
      // What changed here while the merge ran stays as it is here, for the next merge.
      for (const key of this.touched) {
        const mine = this.entries.get(key);
        if (mine) merged.set(key, mine);
      }
      for (const key of this.removed.keys()) merged.delete(key);
      this.adopt(merged);
    } catch (error) {
      for (const key of touched) this.touched.add(key);
      for (const [key, at] of removed) if (!this.removed.has(key)) this.removed.set(key, at);
      throw error;
    }
    await this.evict();
  }
}
