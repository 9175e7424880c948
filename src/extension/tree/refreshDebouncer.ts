// Passes a burst of model changes to the view as one refresh of the whole tree, a moment later.
// Refreshing one element while VS Code still registers its children makes it refuse them as
// duplicates ("Element with id … is already registered"); a whole refresh clears its registry
// first, and the model answers again from what it has loaded.

/** How long after the first change of a burst the view is refreshed, in milliseconds. */
export const REFRESH_DELAY_MS = 30;

/** Coalesces change notices into one call of `refresh`. */
export class RefreshDebouncer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private settle: (() => void) | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly refresh: () => void,
    private readonly delayMs = REFRESH_DELAY_MS,
  ) {}

  /** Notes a change; the view is refreshed once for all the changes noted before it is. */
  schedule(): void {
    if (this.timer) return;
    this.pending = new Promise<void>((resolve) => (this.settle = resolve));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
      this.done();
    }, this.delayMs);
  }

  /** Settles once the latest change has been passed to the view. */
  settled(): Promise<void> {
    return this.pending;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // Nobody waits forever for a refresh that will not come.
    this.done();
  }

  private done(): void {
    const settle = this.settle;
    this.settle = undefined;
    settle?.();
  }
}
