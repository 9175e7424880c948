// A CPU-burning process for the benchmarks that must run on a busy machine: a child process whose
// threads spin until it is stopped, beside the browser under test. It stops itself after a time
// limit, so a bench that dies cannot leave it running.
import { spawn } from 'node:child_process';

// `node -e CODE threads limitMs`: the arguments after the code are argv[1] and argv[2].
const CHILD = `
const { Worker } = require('node:worker_threads');
const threads = Number(process.argv[1]) || 1;
const limitMs = Number(process.argv[2]) || 600000;
for (let i = 0; i < threads; i++) new Worker('for (;;) { Math.sqrt(Math.random()); }', { eval: true });
setTimeout(() => process.exit(0), limitMs);
`;

/** A running burner. */
export interface CpuBurner {
  readonly threads: number;
  stop(): Promise<void>;
}

/** Starts a process spinning `threads` threads, for at most `limitMs`. */
export function startCpuBurner(threads: number, limitMs = 15 * 60_000): CpuBurner {
  const child = spawn(process.execPath, ['-e', CHILD, String(threads), String(limitMs)], {
    stdio: 'ignore',
  });
  return {
    threads,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
