// A bounded cache whose entries expire: at most `maxEntries`, the least recently used dropped first,
// each entry kept for its time to live. Time comes from the caller, so tests move it by hand.
import { setNewest } from '../boundedMap';

/** Settings of a {@link TtlCache}. */
export interface TtlCacheOptions {
  maxEntries: number;
  /** How long an entry lives, in milliseconds, unless `set` says otherwise. */
  ttlMs: number;
  now: () => number;
}

/** A least-recently-used cache with a time to live. */
export class TtlCache<V> {
  // A Map iterates in insertion order: re-inserting on use keeps the least recent first.
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(private readonly options: TtlCacheOptions) {
    if (!(options.maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');
  }

  /** The live value of `key`, marking it recently used; undefined when absent or expired. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= this.options.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Whether `key` has a live value (without marking it used). */
  has(key: string): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.expires > this.options.now();
  }

  /** Stores `value` under `key` for `ttlMs` (default: the cache's). */
  set(key: string, value: V, ttlMs = this.options.ttlMs): void {
    const expires = this.options.now() + ttlMs;
    setNewest(this.entries, key, { value, expires }, this.options.maxEntries);
  }

  /** Entries held, expired ones included until they are next touched. */
  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
