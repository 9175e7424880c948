// The published tile limit is per day (50,000), and one client token is shared by every user of the
// extension, so the client counts its tile requests per UTC day and keeps the count in a JSON file:
// restarting the extension or the command line must not reset the spending. Several processes may
// count into one file (two editor windows, the editor and the command line), so the file is never
// overwritten with one process's view: each adds what it spent since it last wrote, under a lock,
// and takes the sum, which includes what the others spent.
import { readFile } from 'node:fs/promises';
import { type Logger, silentLogger } from '../../shared/logger';
import { writeFileAtomic } from '../fs/atomicWrite';
import { FileLock } from '../fs/fileLock';

/** The published tile limit: 50,000 requests per day. */
export const TILE_REQUESTS_PER_DAY = 50_000;

/** Settings of {@link DailyBudget}. */
export interface DailyBudgetOptions {
  /** Where the count is kept; without it the count lives in memory only. */
  file?: string;
  /** Requests allowed per UTC day (default 50,000). */
  limit?: number;
  now?: () => number;
  /** How long to gather increments before writing the file (default 1 s). */
  writeDelayMs?: number;
  logger?: Logger;
}

/** The UTC calendar day of `ms`, as `YYYY-MM-DD`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A per-UTC-day request counter persisted to a file. */
export class DailyBudget {
  private day: string;
  /** Today's count in the file when this process last read or wrote it. */
  private shared = 0;
  /** Requests counted here since then. */
  private pending = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly logger: Logger;
  /** Requests allowed per UTC day. */
  readonly limit: number;

  private constructor(private readonly options: DailyBudgetOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.limit = options.limit ?? TILE_REQUESTS_PER_DAY;
    this.day = utcDay(this.now());
  }

  /** Opens the budget, reading today's count from the file; a missing or corrupt file counts as 0. */
  static async open(options: DailyBudgetOptions = {}): Promise<DailyBudget> {
    const budget = new DailyBudget(options);
    if (options.file) budget.shared = await budget.readCount(options.file, budget.day);
    return budget;
  }

  /** Requests made today, by every process that shares the file as far as this one knows. */
  used(): number {
    this.roll();
    return this.shared + this.pending;
  }

  /** Requests left today. */
  remaining(): number {
    return Math.max(0, this.limit - this.used());
  }

  /** Counts `n` requests if they fit in today's budget; false (and nothing counted) otherwise. */
  tryConsume(n = 1): boolean {
    if (this.used() + n > this.limit) return false;
    this.pending += n;
    this.schedule();
    return true;
  }

  /** Writes the count now and waits for it. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.persist();
  }

  private roll(): void {
    const today = utcDay(this.now());
    if (today !== this.day) {
      this.day = today;
      this.shared = 0;
      this.pending = 0;
    }
  }

  private schedule(): void {
    if (!this.options.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.persist();
    }, this.options.writeDelayMs ?? 1000);
    // A pending write must not keep the command line alive; `flush` is called on exit.
    this.timer.unref?.();
  }

  /** Today's count in `file`; 0 for another day, a missing file or a corrupt one. */
  private async readCount(file: string, day: string): Promise<number> {
    try {
      const json: unknown = JSON.parse(await readFile(file, 'utf8'));
      if (typeof json === 'object' && json !== null) {
        const { day: fileDay, count } = json as { day?: unknown; count?: unknown };
        if (fileDay === day && typeof count === 'number' && Number.isFinite(count) && count >= 0) {
          return Math.floor(count);
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn('the tile budget file was unreadable; counting today from zero');
      }
    }
    return 0;
  }

  private persist(): Promise<void> {
    const file = this.options.file;
    if (!file) return Promise.resolve();
    this.writing = this.writing
      .then(() =>
        FileLock.with(
          `${file}.lock`,
          () => this.merge(file),
          () => {
            // What was spent stays pending and is added at the next write.
            this.logger.warn(
              'could not lock the tile budget file (busy or not writable); saving later',
            );
            return Promise.resolve();
          },
          { staleMs: 30_000, timeoutMs: 5_000 },
        ),
      )
      .catch((error: unknown) => {
        this.logger.warn(
          `could not save the tile budget: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    return this.writing;
  }

  /** Adds what was spent here to the file's count (lock held) and takes the sum. */
  private async merge(file: string): Promise<void> {
    this.roll();
    const day = this.day;
    const spent = this.pending;
    const total = (await this.readCount(file, day)) + spent;
    // Nothing spent here: the count is only read, so a run without tiles leaves no file behind.
    if (spent > 0) await writeFileAtomic(file, JSON.stringify({ day, count: total }));
    if (this.day === day) {
      this.shared = total;
      this.pending -= spent;
    }
  }
}
