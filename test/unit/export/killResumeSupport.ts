// Runs the command line in a child process that is stopped mid-way (kill -9 or Ctrl+C) and then
// again, to compare the re-run's output with that of a run nobody stopped.
import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/cli';
import { isCompleteImage } from '../../../src/core/export/downloadJob';
import { type Emulator } from '../../emulator/emulator';
import { Capture } from '../../support/cliRun';
import { startProxy } from '../../support/httpProxy';
import { waitFor } from '../../support/waitFor';
import { useEmulator } from '../core/harness';

const ROOT = path.resolve(__dirname, '../../..');

/** Every file under `dir` (relative path → bytes), sorted. */
export function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(path.relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

/** A command-line child process, its output and how it ended. */
interface Child {
  process: ChildProcess;
  output(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnCli(args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, output: () => output, exit };
}

/**
 * Runs the command line against `target` through a proxy that holds every request back once
 * `ready()` holds, so the job cannot finish before the test stops it, however fast or loaded the
 * machine; then sends `signal` and returns how the child ended. The proxy stays up, no longer
 * holding, for the re-run: a job resumes only against the service it started with, so the re-run
 * must use the same URLs (`urls`); `close` stops the proxy.
 */
export async function runAndStop(
  target: string,
  args: (urls: string[]) => string[],
  env: NodeJS.ProcessEnv,
  ready: () => boolean,
  signal: NodeJS.Signals,
): Promise<{
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  urls: string[];
  close(): Promise<void>;
}> {
  let stopped = false;
  const proxy = await startProxy(target, { hold: () => !stopped && ready() });
  const urls = ['--api-url', proxy.url, '--tiles-url', `${proxy.url}/maps/vtp`];
  try {
    const child = spawnCli(args(urls), env);
    await waitFor('the job to be under way', () => ready() || child.process.exitCode !== null, {
      timeoutMs: 45_000,
    });
    if (child.process.exitCode !== null) {
      throw new Error(`the job ended before it could be stopped: ${child.output()}`);
    }
    child.process.kill(signal);
    const exit = await child.exit;
    stopped = true;
    return { ...exit, output: child.output(), urls, close: () => proxy.close() };
  } catch (error) {
    await proxy.close();
    throw error;
  }
}

/** How many files under `dir` end with `suffix` (0 when `dir` is absent). */
export function countFiles(dir: string, suffix: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((n) => String(n).endsWith(suffix)).length;
}

/** What a suite of killed runs works with, against the small emulator (seed 7). */
export interface KilledRuns {
  emulator: () => Emulator;
  /** The suite's temporary folder, made before its tests and removed after them. */
  folder: () => string;
  /** The environment of every run: the emulator's token and a fixed start time. */
  env: () => NodeJS.ProcessEnv;
  /** Runs the command line in this process, through `urls`; fails unless it exits 0. */
  inProcess: (args: string[], urls?: string[]) => Promise<string>;
  /**
   * Runs a job uninterrupted, then again in a child killed mid-way, then re-runs it; the final
   * output must be byte-identical and the kill must leave nothing partial under a final name.
   */
  check: (
    name: string,
    args: (out: string) => string[],
    ready: (out: string) => boolean,
    reuses?: boolean,
  ) => Promise<void>;
  /** How many parts of the job at `out` its state holds. */
  partCount: (out: string) => number;
}

/** Starts the emulator and the temporary folder of a suite of killed runs; returns its tools. */
export function useKilledRuns(): KilledRuns {
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-kill-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const global = () => {
    const emu = emulator();
    return ['--api-url', emu.graphUrl, '--tiles-url', emu.tilesUrl];
  };
  // A fixed start time: a GeoPackage records it, and the reference run starts at another moment.
  const env = () => ({
    MAPILLARY_ACCESS_TOKEN: emulator().clientToken,
    SOURCE_DATE_EPOCH: '1767225600',
  });

  async function inProcess(args: string[], urls = global()): Promise<string> {
    const io = { stdout: new Capture(), stderr: new Capture(), env: env() };
    const code = await runCli([...urls, ...args], io);
    assert.equal(code, 0, io.stderr.text + io.stdout.text);
    return io.stdout.text;
  }

  async function check(
    name: string,
    args: (out: string) => string[],
    ready: (out: string) => boolean,
    reuses = true,
  ): Promise<void> {
    const reference = path.join(dir, `${name}-ref`);
    const killed = path.join(dir, `${name}-killed`);
    await inProcess(args(reference));
    const stopped = await runAndStop(
      emulator().graphUrl,
      (urls) => [...urls, ...args(killed)],
      env(),
      () => ready(killed),
      'SIGKILL',
    );
    try {
      assert.equal(stopped.signal, 'SIGKILL', stopped.output);
      await afterKill(name, args, stopped.urls, reference, killed, reuses);
    } finally {
      await stopped.close();
    }
  }

  /** Checks what the kill left, re-runs the job through the same URLs and compares the output. */
  async function afterKill(
    name: string,
    args: (out: string) => string[],
    urls: string[],
    reference: string,
    killed: string,
    reuses: boolean,
  ): Promise<void> {
    if (name === 'download') {
      for (const [file, bytes] of tree(killed)) {
        if (file.endsWith('.jpg')) assert.ok(isCompleteImage(bytes), `${file} is complete`);
      }
      assert.ok(!existsSync(path.join(killed, 'manifest.csv')), 'no manifest before the end');
    } else {
      assert.ok(!existsSync(killed), 'no output under the final name after the kill');
    }
    const summary = await inProcess(args(killed), urls);
    if (reuses) assert.match(summary, /taken from an earlier run/);
    if (name === 'download') {
      assert.deepEqual(tree(killed), tree(reference));
    } else {
      assert.deepEqual(readFileSync(killed), readFileSync(reference));
      assert.ok(!existsSync(`${killed}.partial`), 'the state is gone after the re-run');
    }
  }

  const partCount = (out: string) => countFiles(`${out}.partial`, '.json') - 1;

  return { emulator, folder: () => dir, env, inProcess, check, partCount };
}
