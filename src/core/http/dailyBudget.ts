// The published tile limit is per day (50,000), and one client token is shared by every user of the
// extension, so the client counts its tile requests per UTC day and keeps the count in a JSON file:
// restarting the extension or the command line must not reset the spending.
import { readFile } from 'node:fs/promises';
import { type Logger, silentLogger } from '../../shared/logger';
import { writeFileAtomic } from '../fs/atomicWrite';

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
  private count = 0;
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
    if (options.file) {
      try {
        const json: unknown = JSON.parse(await readFile(options.file, 'utf8'));
        if (typeof json === 'object' && json !== null) {
          const { day, count } = json as { day?: unknown; count?: unknown };
          if (
            day === budget.day &&
            typeof count === 'number' &&
            Number.isFinite(count) &&
            count >= 0
          ) {
            budget.count = Math.floor(count);
          }
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          budget.logger.warn('the tile budget file was unreadable; counting today from zero');
        }
      }
    }
    return budget;
  }

  /** Requests made today. */
  used(): number {
    this.roll();
    return this.count;
  }

  /** Requests left today. */
  remaining(): number {
    this.roll();
    return Math.max(0, this.limit - this.count);
  }

  /** Counts `n` requests if they fit in today's budget; false (and nothing counted) otherwise. */
  tryConsume(n = 1): boolean {
    this.roll();
    if (this.count + n > this.limit) return false;
    this.count += n;
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
      this.count = 0;
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

  private persist(): Promise<void> {
    const file = this.options.file;
    if (!file) return Promise.resolve();
    const snapshot = JSON.stringify({ day: this.day, count: this.count });
    this.writing = this.writing
      .then(() => writeFileAtomic(file, snapshot))
      .catch((error: unknown) => {
        this.logger.warn(
          `could not save the tile budget: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    return this.writing;
  }
}
