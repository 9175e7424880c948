// Reads entities by id for hovers, cheaply: ids asked for within a short window go out together in
// one batched read (up to `maxBatch`), topped up with ids near the hovered one that are likely to be
// hovered next; answers (and "does not exist") are cached; a per-minute cap refuses lookups past it
// instead of queueing them; and a lookup whose caller gave up is dropped before it is sent, or its
// request aborted when nobody waits for it any more. Time and timers come from the caller.
import { type MinuteCap } from './minuteCap';
import { type TtlCache } from './ttlCache';

/** What a lookup found: the entity, or that the service does not know the id. */
export type LookupOutcome<V> = { status: 'found'; value: V } | { status: 'missing' };

/** Timers as the batcher uses them (the global ones, or a test's). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The per-minute cap was reached: nothing was sent. */
export class LookupCapError extends Error {
  constructor(
    readonly retryAfterMs: number,
    readonly limit: number,
  ) {
    super(
      `Lookups paused for ${Math.ceil(retryAfterMs / 1000)} s: at most ${limit} lookups a minute.`,
    );
    this.name = 'LookupCapError';
  }
}

/** The caller stopped waiting (its signal aborted). */
export class LookupCancelledError extends Error {
  constructor() {
    super('The lookup was cancelled.');
    this.name = 'LookupCancelledError';
  }
}

/** Settings of a {@link BatchLookup}. */
export interface BatchLookupOptions<V> {
  /** Reads the ids; ids absent from the map do not exist. Must honour the signal. */
  fetch(ids: string[], signal: AbortSignal): Promise<Map<string, V>>;
  cache: TtlCache<LookupOutcome<V>>;
  cap: MinuteCap;
  timers: Timers;
  /** How long ids are collected before a read is sent (default 50 ms). */
  windowMs?: number;
  /** Ids per read (default 50). */
  maxBatch?: number;
  /** How long "does not exist" is remembered (default: the cache's time to live). */
  missingTtlMs?: number;
}

interface Waiter<V> {
  resolve(outcome: LookupOutcome<V>): void;
  reject(error: unknown): void;
}

interface Entry<V> {
  id: string;
  waiters: Set<Waiter<V>>;
  /** Set once the entry's read is sent. */
  batch?: { controller: AbortController; entries: Entry<V>[] };
}

/** Counters, for the log and the benchmark. */
export interface BatchLookupStats {
  /** Reads sent. */
  requests: number;
  /** Ids sent in those reads. */
  idsRequested: number;
  /** Lookups answered from the cache. */
  cacheHits: number;
  /** Lookups refused by the cap. */
  capRefusals: number;
}

/** Batched, cached, capped and cancellable lookups of one kind of entity. */
export class BatchLookup<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** Ids that someone waits for, in the order asked. */
  private readonly wanted: string[] = [];
  /** Ids to read along with them, nearest first. */
  private readonly passengers: string[] = [];
  private timer: unknown;
  readonly stats: BatchLookupStats = { requests: 0, idsRequested: 0, cacheHits: 0, capRefusals: 0 };

  constructor(private readonly options: BatchLookupOptions<V>) {}

  /** Whether the cache can answer `id` now, or a read for it is already on its way. */
  known(id: string): boolean {
    return this.options.cache.has(id) || this.entries.get(id)?.batch !== undefined;
  }

  /** The cached outcome of `id`, if any, without reading. */
  peek(id: string): LookupOutcome<V> | undefined {
    return this.options.cache.get(id);
  }

  /**
   * Looks `id` up; `alongWith` names ids to read in the same batch if there is room. Rejects with
   * {@link LookupCapError} past the cap, {@link LookupCancelledError} when `signal` aborts, or the
   * read's own error.
   */
  get(
    id: string,
    options: { signal?: AbortSignal; alongWith?: readonly string[] } = {},
  ): Promise<LookupOutcome<V>> {
    const cached = this.options.cache.get(id);
    if (cached) {
      this.stats.cacheHits += 1;
      return Promise.resolve(cached);
    }
    if (options.signal?.aborted) return Promise.reject(new LookupCancelledError());
    return new Promise<LookupOutcome<V>>((resolve, reject) => {
      let entry = this.entries.get(id);
      if (!entry) {
        entry = { id, waiters: new Set() };
        this.entries.set(id, entry);
      }
      const waiter: Waiter<V> = { resolve, reject };
      entry.waiters.add(waiter);
      if (!entry.batch && !this.wanted.includes(id)) {
        this.wanted.push(id);
        const at = this.passengers.indexOf(id);
        if (at >= 0) this.passengers.splice(at, 1);
      }
      for (const other of options.alongWith ?? []) {
        if (other === id || this.options.cache.has(other) || this.entries.has(other)) continue;
        if (!this.passengers.includes(other)) this.passengers.push(other);
      }
      const target = entry;
      options.signal?.addEventListener('abort', () => this.abandon(target, waiter), { once: true });
      this.schedule();
    });
  }

  private schedule(): void {
    const maxBatch = this.options.maxBatch ?? 50;
    if (this.wanted.length >= maxBatch) {
      this.flush();
      return;
    }
    if (this.timer === undefined) {
      this.timer = this.options.timers.setTimeout(() => this.flush(), this.options.windowMs ?? 50);
    }
  }

  private abandon(entry: Entry<V>, waiter: Waiter<V>): void {
    if (!entry.waiters.delete(waiter)) return;
    waiter.reject(new LookupCancelledError());
    if (entry.waiters.size > 0) return;
    if (!entry.batch) {
      this.entries.delete(entry.id);
      const at = this.wanted.indexOf(entry.id);
      if (at >= 0) this.wanted.splice(at, 1);
      if (this.wanted.length === 0) this.clearPending();
      return;
    }
    // Nobody waits for anything in this read any more: stop it.
    if (entry.batch.entries.every((e) => e.waiters.size === 0)) entry.batch.controller.abort();
  }

  private clearPending(): void {
    if (this.timer !== undefined) this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.passengers.length = 0;
  }

  private flush(): void {
    if (this.timer !== undefined) this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
    const maxBatch = this.options.maxBatch ?? 50;
    while (this.wanted.length > 0) {
      const ids = this.wanted.splice(0, maxBatch);
      while (ids.length < maxBatch && this.passengers.length > 0) {
        const other = this.passengers.shift() as string;
        if (!this.entries.has(other) && !this.options.cache.has(other)) ids.push(other);
      }
      this.send(ids);
    }
    this.passengers.length = 0;
  }

  private send(ids: string[]): void {
    const entries = ids.map((id) => {
      let entry = this.entries.get(id);
      if (!entry) {
        entry = { id, waiters: new Set() };
        this.entries.set(id, entry);
      }
      return entry;
    });
    if (!this.options.cap.tryTake()) {
      this.stats.capRefusals += 1;
      const error = new LookupCapError(this.options.cap.retryAfterMs(), this.options.cap.limit);
      for (const entry of entries) {
        this.entries.delete(entry.id);
        for (const waiter of entry.waiters) waiter.reject(error);
      }
      return;
    }
    const batch = { controller: new AbortController(), entries };
    for (const entry of entries) entry.batch = batch;
    this.stats.requests += 1;
    this.stats.idsRequested += ids.length;
    const settle = (outcome: (id: string) => LookupOutcome<V> | undefined, error?: unknown) => {
      for (const entry of entries) {
        if (this.entries.get(entry.id) === entry) this.entries.delete(entry.id);
        const result = outcome(entry.id);
        for (const waiter of entry.waiters) {
          if (result) waiter.resolve(result);
          else waiter.reject(error);
        }
      }
    };
    this.options.fetch(ids, batch.controller.signal).then(
      (found) => {
        settle((id) => {
          const value = found.get(id);
          const outcome: LookupOutcome<V> =
            value === undefined ? { status: 'missing' } : { status: 'found', value };
          this.options.cache.set(
            id,
            outcome,
            outcome.status === 'missing' ? this.options.missingTtlMs : undefined,
          );
          return outcome;
        });
      },
      (error: unknown) => settle(() => undefined, error),
    );
  }
}
