// Job progress on the terminal: a bar redrawn in place when stderr is a terminal, and plain lines
// (at most one per tenth of the work, plus the last) when it is a file or a CI log.
import type { JobProgress } from '../core/export/jobTypes';

/** Writes progress to `stream`; call `end()` before printing anything else. */
export class CliProgress {
  private lastDraw = 0;
  private lastTenth = -1;
  private drawn = false;
  private readonly tty: boolean;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    now: () => number = Date.now,
  ) {
    this.tty = (stream as { isTTY?: boolean }).isTTY === true;
    this.now = now;
  }

  private readonly now: () => number;

  /** Reports one progress event. */
  update(progress: JobProgress): void {
    const { done, total } = progress;
    const extra = `${progress.skipped ? `, ${progress.skipped} skipped` : ''}${progress.failed ? `, ${progress.failed} failed` : ''}`;
    if (this.tty) {
      const time = this.now();
      if (time - this.lastDraw < 100 && done < total) return;
      this.lastDraw = time;
      const width = 28;
      const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
      const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
      const percent = total > 0 ? `${Math.floor((done / total) * 100)}%`.padStart(4) : '';
      this.stream.write(
        `\r${progress.job} [${bar}] ${percent} ${done}/${total} ${progress.unit}${extra}\x1b[K`,
      );
      this.drawn = true;
      return;
    }
    const tenth = total > 0 ? Math.floor((done / total) * 10) : 0;
    if (tenth === this.lastTenth && done < total) return;
    if (done >= total && this.lastTenth === 10) return;
    this.lastTenth = done >= total ? 10 : tenth;
    this.stream.write(`${progress.job}: ${done}/${total} ${progress.unit}${extra}\n`);
  }

  /** Ends the bar's line. */
  end(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
