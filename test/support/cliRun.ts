// The command line run in process, as the tests drive it: its output captured as text, and, against
// an emulator, its Graph and tiles URLs and its token pointed there.
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/cli';
import { type Emulator } from '../emulator/emulator';

/** A stream that keeps what is written to it, as text; `isTTY` as a terminal would say. */
export class Capture extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Options of {@link runCliAgainst}. */
export interface CliRunOptions {
  /** Whether stderr says it is a terminal (progress is drawn only there). */
  tty?: boolean;
  /** Whether the emulator's token is given (default true). */
  token?: boolean;
}

/**
 * Runs the command line against the emulator, with one retry per request so that a failure the
 * test provokes ends quickly; resolves with the exit code and what it wrote.
 */
export async function runCliAgainst(
  emulator: Emulator,
  args: readonly string[],
  options: CliRunOptions = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture(options.tty);
  const env = options.token === false ? {} : { MAPILLARY_ACCESS_TOKEN: emulator.clientToken };
  const code = await runCli(
    ['--api-url', emulator.graphUrl, '--tiles-url', emulator.tilesUrl, '--retries', '1', ...args],
    { stdout, stderr, env },
  );
  return { code, stdout: stdout.text, stderr: stderr.text };
}
