// An on-disk cache of tiles. Tiles cost a share of a daily budget that every user of one client token
// spends together, so a tile is fetched at most once per time-to-live (default 24 h). The cache is
// bounded in bytes and evicts the least recently used tiles; each tile is written atomically, so a
// crash never leaves a partial tile; the index survives restarts, and a corrupt or missing index is
// rebuilt from the files on disk instead of failing.
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { type Logger, silentLogger } from '../../shared/logger';
import { TEMP_SUFFIX, writeFileAtomic } from '../fs/atomicWrite';

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

interface Entry {
  size: number;
  fetchedAt: number;
  lastAccess: number;
}

const INDEX_FILE = 'index.json';
const TILE_SUFFIX = '.tile';
const keyPattern = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/** A byte-bounded, least-recently-used tile cache on disk. */
export class TileCache {
  /** Entries in least-recently-used-first order (a Map keeps insertion order). */
  private readonly entries = new Map<string, Entry>();
  private total = 0;
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
      this.forget(key);
      return undefined;
    }
    if (bytes.byteLength !== entry.size) {
      // Changed behind the cache's back: not trustworthy.
      this.forget(key);
      await rm(this.fileOf(key), { force: true }).catch(() => undefined);
      return undefined;
    }
    entry.lastAccess = this.now();
    this.entries.delete(key);
    this.entries.set(key, entry);
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
    await writeFileAtomic(this.fileOf(key), bytes);
    const previous = this.entries.get(key);
    if (previous) this.forget(key);
    const now = this.now();
    this.entries.set(key, { size: bytes.byteLength, fetchedAt: now, lastAccess: now });
    this.total += bytes.byteLength;
    await this.evict();
    this.schedule();
  }

  /** Removes a tile. */
  async delete(key: string): Promise<void> {
    if (!this.entries.has(key)) return;
    this.forget(key);
    await rm(this.fileOf(key), { force: true });
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

  /** Writes the index now and waits for it (call before exit). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.writeIndex();
  }

  private isStale(entry: Entry): boolean {
    return this.now() - entry.fetchedAt >= this.ttlMs;
  }

  private fileOf(key: string): string {
    if (!keyPattern.test(key) || key.includes('..')) throw new RangeError(`bad cache key ${key}`);
    return path.join(this.options.dir, key.replace(/\//g, '+') + TILE_SUFFIX);
  }

  private keyOfFile(name: string): string | undefined {
    if (!name.endsWith(TILE_SUFFIX)) return undefined;
    return name.slice(0, -TILE_SUFFIX.length).replace(/\+/g, '/');
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.total -= entry.size;
    this.entries.delete(key);
  }

  private async evict(): Promise<void> {
    const victims: string[] = [];
    for (const [key, entry] of this.entries) {
      if (this.total <= this.maxBytes) break;
      victims.push(key);
      this.total -= entry.size;
    }
    for (const key of victims) {
      this.entries.delete(key);
      await rm(this.fileOf(key), { force: true }).catch(() => undefined);
    }
    if (victims.length) this.logger.debug(`tile cache evicted ${victims.length} tile(s)`);
  }

  private async load(): Promise<void> {
    const indexFile = path.join(this.options.dir, INDEX_FILE);
    let loaded: [string, Entry][] | undefined;
    try {
      loaded = parseIndex(await readFile(indexFile, 'utf8'));
      if (!loaded)
        this.logger.warn('the tile cache index is corrupt; rebuilding it from the files');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn('the tile cache index is unreadable; rebuilding it from the files');
      }
    }
    let names: string[];
    try {
      names = await readdir(this.options.dir);
    } catch {
      names = [];
    }
    const onDisk = new Set<string>();
    for (const name of names) {
      if (name.endsWith(TEMP_SUFFIX)) {
        // The leftover of a write interrupted by a crash.
        await rm(path.join(this.options.dir, name), { force: true }).catch(() => undefined);
        continue;
      }
      const key = this.keyOfFile(name);
      if (key !== undefined) onDisk.add(key);
    }
    const entries: [string, Entry][] = [];
    if (loaded) {
      for (const [key, entry] of loaded) if (onDisk.has(key)) entries.push([key, entry]);
    } else {
      for (const key of onDisk) {
        try {
          const info = await stat(this.fileOf(key));
          entries.push([
            key,
            { size: info.size, fetchedAt: info.mtimeMs, lastAccess: info.mtimeMs },
          ]);
        } catch {
          // Vanished or unusable: leave it out.
        }
      }
    }
    entries.sort((a, b) => a[1].lastAccess - b[1].lastAccess);
    for (const [key, entry] of entries) {
      this.entries.set(key, entry);
      this.total += entry.size;
    }
    // Files the index does not know are orphans of a crash between a tile write and an index write.
    const known = new Set(this.entries.keys());
    for (const key of onDisk) {
      if (!known.has(key)) await rm(this.fileOf(key), { force: true }).catch(() => undefined);
    }
    await this.evict();
    if (!loaded) await this.writeIndex();
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
    const snapshot = JSON.stringify({ version: 1, entries: Object.fromEntries(this.entries) });
    const file = path.join(this.options.dir, INDEX_FILE);
    this.writing = this.writing
      .then(() => writeFileAtomic(file, snapshot))
      .catch((error: unknown) => {
        this.logger.warn(
          `could not save the tile cache index: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    return this.writing;
  }
}

/** Parses the index file; undefined when it is not a valid index. */
function parseIndex(text: string): [string, Entry][] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { version, entries } = json as { version?: unknown; entries?: unknown };
  if (version !== 1 || typeof entries !== 'object' || entries === null) return undefined;
  const out: [string, Entry][] = [];
  for (const [key, raw] of Object.entries(entries as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null || !keyPattern.test(key)) continue;
    const { size, fetchedAt, lastAccess } = raw as Record<string, unknown>;
    if (
      typeof size === 'number' &&
      typeof fetchedAt === 'number' &&
      typeof lastAccess === 'number' &&
      size >= 0
    ) {
      out.push([key, { size, fetchedAt, lastAccess }]);
    }
  }
  return out;
}
