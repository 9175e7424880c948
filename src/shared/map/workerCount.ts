// How many drawing workers the map starts: one per core, so that tiles decode and draw in
// parallel, but never more than four, past which a webview's workers only compete with the rest
// of the editor for the same cores.

/** Most drawing workers, whatever the machine. */
export const MAX_WORKERS = 4;

/** Workers for a machine with `cores` cores (unknown: two): one per core, from one to four. */
export function workerCount(cores: number | undefined): number {
  const n = cores !== undefined && Number.isFinite(cores) && cores > 0 ? Math.floor(cores) : 2;
  return Math.max(1, Math.min(MAX_WORKERS, n));
}
