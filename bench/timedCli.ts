// Runs the built command line (dist/cli.js) under GNU time (`/usr/bin/time -v`) and reads its peak
// resident memory and wall time, the figures the scale and format benchmarks report. Builds the
// bundles first when they are missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const TIME = '/usr/bin/time';

/** What one timed run of the command line measured. */
export interface TimedRun {
  code: number | null;
  /** Peak resident set size, MiB. */
  rssMiB: number;
  wallMs: number;
  stdout: string;
  stderr: string;
}

/** Builds dist/ when dist/cli.js or dist/gis.js is missing; throws without GNU time. */
export function ensureCli(): void {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing (apt-get install time)`);
  if (existsSync(CLI) && existsSync(path.join(ROOT, 'dist', 'gis.js'))) return;
  const built = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('the build failed');
}

/** Runs `node dist/cli.js ...args` under GNU time, with `env` added to this process's. */
export function timedCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<TimedRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, ['-v', process.execPath, CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
      resolve({ code, rssMiB: rss / 1024, wallMs: performance.now() - started, stdout, stderr });
    });
  });
}
