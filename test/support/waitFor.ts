// Waiting for a condition instead of for a time: the probe is asked again and again until it gives
// a value, and only a generous overall timeout (for a machine that is slow or loaded) ends the wait
// with a failure that says what was awaited and what was seen last.

/** How long {@link waitFor} waits by default: long enough for a loaded two-core machine. */
export const DEFAULT_WAIT_MS = 30_000;

/** Options of {@link waitFor}. */
export interface WaitOptions {
  /** Overall limit in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Pause between two probes in milliseconds (default 20). */
  intervalMs?: number;
}

/**
 * Resolves with the first value `probe` gives that is neither undefined nor false (a `true` for a
 * plain condition). A probe that throws is asked again; its last error is reported on timeout.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_WAIT_MS);
  const interval = options.intervalMs ?? 20;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out waiting for ${what} (last seen: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
