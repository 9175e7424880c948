// A CPU burner for the benchmarks that must show how they fare on a loaded machine: one busy
// process per core, started before a measurement and stopped after it.
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Starts `count` busy processes (one per core by default); call the result to stop them. */
export function startCpuBurner(count = availableParallelism()): () => Promise<void> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    children.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  }
  return async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
  };
}
