// A CPU burner: a process that spins on one core for as long as it runs, standing for the other
// work of a loaded machine (a build, another editor, the CI's neighbours) beside a measurement.
import { type ChildProcess, spawn } from 'node:child_process';

/** A running burner; `stop` ends it. */
export interface CpuBurner {
  stop(): void;
}

/** Starts `count` burners (default one). */
export function startCpuBurner(count = 1): CpuBurner {
  const children: ChildProcess[] = Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
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
