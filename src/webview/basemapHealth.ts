// Keeps count of the basemap's failed tiles: the log gets one line a minute at most while tiles
// fail (with the host and how many failed since the last line), instead of a line per tile, and the
// map shows a small note with a link to the basemap setting while the basemap is failing. A tile
// that loads after failures clears the note. The clock is injected, so tests decide when a minute
// has passed.

/** How often at most the log hears about failures. */
export const LOG_INTERVAL_MS = 60_000;

/** Where the health goes: the log, and the note on the map. */
export interface BasemapHealthSink {
  log(text: string): void;
  /** Shows (text) or hides (undefined) the note. */
  note(text: string | undefined): void;
}

/** The failure count of one basemap. */
export class BasemapHealth {
  private failed = 0;
  private unreported = 0;
  private lastLogAt: number | undefined;
  private failing = false;

  constructor(
    private readonly host: string,
    private readonly sink: BasemapHealthSink,
    private readonly now: () => number = Date.now,
  ) {}

  /** Failures so far. */
  get failures(): number {
    return this.failed;
  }

  /** Whether the note is showing. */
  get isFailing(): boolean {
    return this.failing;
  }

  /** A tile failed to load. */
  tileFailed(): void {
    this.failed++;
    this.unreported++;
    if (!this.failing) {
      this.failing = true;
      this.sink.note(`Basemap tiles from ${this.host} are not loading.`);
    }
    this.flush(false);
  }

  /** A tile loaded: the basemap works again. */
  tileLoaded(): void {
    if (!this.failing) return;
    this.failing = false;
    this.sink.note(undefined);
    this.flush(true);
  }

  /** Writes the count not logged yet, when a minute has passed since the last line (or `force`). */
  flush(force: boolean): void {
    if (this.unreported === 0) return;
    const t = this.now();
    if (!force && this.lastLogAt !== undefined && t - this.lastLogAt < LOG_INTERVAL_MS) return;
    const since = this.lastLogAt === undefined ? '' : ' since the last report';
    this.sink.log(
      `basemap tiles from ${this.host} failed to load: ${this.unreported}${since} (${this.failed} in all)`,
    );
    this.unreported = 0;
    this.lastLogAt = t;
  }
}

/** The host of a tile URL template, for the log and the note (the template's own text if none). */
export function basemapHost(template: string): string {
  const match = /^https?:\/\/([^/?#]+)/i.exec(template);
  return (match?.[1] ?? template).replace(/\{s\}/g, '*').slice(0, 100);
}
