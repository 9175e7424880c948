// A CPU burner: processes that spin, one core each, for as long as they run, standing for the other
// work of a loaded machine (a build, another editor, the CI's neighbours) beside a measurement. Each
// stops itself after a time limit, so a bench that dies cannot leave it running.
import { type ChildProcess, spawn } from 'node:child_process';

/** The longest a burner process spins when nobody stops it. */
const LIMIT_MS = 15 * 60_000;

// Spins until the time limit: a busy loop never lets a timer run, so it checks the clock.
const SPIN = `const end = Date.now() + ${LIMIT_MS}; while (Date.now() < end) { Math.sqrt(Math.random()); }`;

/** A running burner; `stop` ends it. */
export interface CpuBurner {
  stop(): void;
}

/** Starts `count` burners (default one). */
export function startCpuBurner(count = 1): CpuBurner {
  const children: ChildProcess[] = Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', SPIN], { stdio: 'ignore' }),
  );
  return { stop: () => children.forEach((child) => child.kill('SIGKILL')) };
}

/** Runs `measure` once without a burner and once with one beside it; figures of the second get `suffix`. */
export async function withAndWithoutBurner(
  measure: () => Promise<Record<string, number | string>>,
  suffix = 'WithBurner',
): Promise<Record<string, number | string>> {
  const quiet = await measure();
  const burner = startCpuBurner();
  try {
    const loaded = await measure();
    return {
      ...quiet,
      ...Object.fromEntries(Object.entries(loaded).map(([k, v]) => [`${k}${suffix}`, v])),
    };
  } finally {
    burner.stop();
  }
}
