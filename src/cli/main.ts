// The command-line entry point: the same core as the extension, without VS Code.
import { setFlagsFromString } from 'node:v8';
import { runCli } from './cli';

// A long export allocates fast and keeps little: V8 would let the heap grow up to four times the
// live size after each full collection, so the peak memory of a job grew with its length. Growing
// it by half at most keeps the peak flat (npm run bench -- --only scale) at no measurable cost in
// time. The flag is read at every collection, so setting it here, first thing, takes effect.
setFlagsFromString('--heap-growing-percent=50');

// The first Ctrl+C asks the job to stop cleanly (its state is kept); a second one ends at once.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
})
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
