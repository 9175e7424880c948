import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../../src/cli/cli';
import { isCompleteImage } from '../../../src/core/export/downloadJob';
import { startProxy } from '../../support/httpProxy';
import { waitFor } from '../../support/waitFor';
import { useEmulator } from '../core/harness';
import { CountryDataset } from '../../emulator/countryDataset';
import { busyOrganization } from './exportHarness';

const ROOT = path.resolve(__dirname, '../../..');

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Every file under `dir` (relative path → bytes), sorted. */
function tree(dir: string): Map<string, Buffer> {
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
async function runAndStop(
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

function countFiles(dir: string, suffix: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((n) => String(n).endsWith(suffix)).length;
}

describe('resume after kill -9 (the command line in a child process)', function () {
  this.timeout(60_000);
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
    const io = { stdout: new Sink(), stderr: new Sink(), env: env() };
    const code = await runCli([...urls, ...args], io);
    assert.equal(code, 0, io.stderr.text + io.stdout.text);
    return io.stdout.text;
  }

  /**
   * Runs a job uninterrupted, then again in a child killed mid-way, then re-runs it; the final
   * output must be byte-identical and the kill must leave nothing partial under a final name.
   */
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

  it('sequences', async () => {
    const org = busyOrganization(emulator());
    await check(
      'sequences',
      (out) => [
        'sequences',
        '--org',
        org.id,
        '--bbox',
        org.bbox.join(','),
        '-o',
        out,
        '--concurrency',
        '1',
      ],
      (out) => existsSync(`${out}.partial/job.json`),
      false,
    );
  });

  it('images', async () => {
    const org = busyOrganization(emulator());
    const ids = org.sequences.map((s) => s.id).join(',');
    await check(
      'images',
      (out) => ['images', '--ids', ids, '-o', out, '--concurrency', '1'],
      (out) => partCount(out) >= 2,
    );
  });

  it('metadata', async () => {
    const org = busyOrganization(emulator());
    const ids = org.sequences
      .flatMap((s) => s.imageIds)
      .slice(0, 200)
      .join(',');
    await check(
      'metadata',
      (out) => [
        'metadata',
        '--ids',
        ids,
        '--fields',
        'seq_id,img_id,captured_at,compass_angle,lon,lat,width',
        '--batch-size',
        '20',
        '--concurrency',
        '1',
        '-o',
        out,
      ],
      (out) => partCount(out) >= 3,
    );
  });

  for (const format of ['gpkg', 'parquet']) {
    it(`metadata as ${format === 'gpkg' ? 'GeoPackage' : 'GeoParquet'}`, async () => {
      const org = busyOrganization(emulator());
      const ids = org.sequences
        .flatMap((s) => s.imageIds)
        .slice(0, 200)
        .join(',');
      await check(
        `metadata-${format}`,
        (out) => [
          'metadata',
          '--ids',
          ids,
          '--format',
          format,
          '--fields',
          'seq_id,img_id,captured_at,compass_angle,creator.username',
          '--batch-size',
          '20',
          '--concurrency',
          '1',
          '-o',
          out,
        ],
        (out) => partCount(out) >= 3,
      );
    });
  }

  it('detections', async () => {
    const ids = emulator()
      .dataset.images.filter((i) => i.detectionIds.length > 0)
      .slice(0, 75)
      .map((i) => i.id)
      .join(',');
    await check(
      'detections',
      (out) => ['detections', '--ids', ids, '--format', 'coco', '--concurrency', '1', '-o', out],
      (out) => partCount(out) >= 1,
    );
  });

  it('map-features', async () => {
    const org = busyOrganization(emulator());
    await check(
      'map-features',
      (out) => ['map-features', '--bbox', org.bbox.join(','), '-o', out],
      (out) => existsSync(`${out}.partial/job.json`),
      false,
    );
  });

  it('stops cleanly on Ctrl+C (SIGINT) with exit code 130, and the re-run finishes', async () => {
    const emu = emulator();
    const ids = emu.dataset.images
      .slice(0, 300)
      .map((i) => i.id)
      .join(',');
    const out = path.join(dir, 'interrupted.csv');
    const args = ['metadata', '--ids', ids, '--fields', 'img_id,width', '--batch-size', '20'];
    const stopped = await runAndStop(
      emu.graphUrl,
      (urls) => [...urls, ...args, '--concurrency', '1', '-o', out],
      env(),
      () => partCount(out) >= 2,
      'SIGINT',
    );
    const stderr = stopped.output;
    let summary: string;
    try {
      assert.equal(stopped.code, 130, stderr);
      assert.match(stderr, /cancelled; the work done so far is kept/);
      assert.ok(!existsSync(out));
      summary = await inProcess([...args, '-o', out], stopped.urls);
    } finally {
      await stopped.close();
    }
    assert.match(summary, /300 images written/);
    assert.match(summary, /taken from an earlier run/);
  });

  it('search', async () => {
    const [lon, lat] = emulator().dataset.center;
    // An L-shaped area, searched as several parts: each part is a unit of the job.
    const shape = {
      type: 'Polygon',
      coordinates: [
        [
          [lon - 0.02, lat - 0.012],
          [lon + 0.02, lat - 0.012],
          [lon + 0.02, lat],
          [lon, lat],
          [lon, lat + 0.012],
          [lon - 0.02, lat + 0.012],
          [lon - 0.02, lat - 0.012],
        ],
      ],
    };
    const file = path.join(dir, 'l-shape.geojson');
    writeFileSync(file, JSON.stringify(shape));
    await check(
      'search',
      (out) => ['search', '--area', file, '--format', 'jsonl', '--concurrency', '1', '-o', out],
      (out) => partCount(out) >= 2,
    );
  });

  it('download', async () => {
    const sequence = busyOrganization(emulator()).sequences[0];
    const ids = (sequence?.imageIds ?? []).slice(0, 40).join(',');
    await check(
      'download',
      (out) => ['download', '--ids', ids, '--size', '256', '--concurrency', '2', '-d', out],
      (out) => countFiles(out, '.jpg') >= 10,
    );
  });
});

describe('resume after kill -9: sequences over a country (emulator --size country)', function () {
  this.timeout(120_000);
  const emulator = useEmulator({ size: 'country', seed: 5 });
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-kill-country-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('goes on from the stored listing and writes the same bytes, without reading it all again', async () => {
    const emu = emulator();
    const org = new CountryDataset({ seed: 5 }).organizations[4];
    assert.ok(org);
    const args = (out: string) => [
      'sequences',
      '--org',
      org.id,
      '--bbox',
      '32.2,34.5,34.7,35.8',
      '--yes',
      '--concurrency',
      '1',
      '-o',
      out,
    ];
    const env = { MAPILLARY_ACCESS_TOKEN: emu.clientToken };
    const inProcess = async (argv: string[]): Promise<string> => {
      const io = { stdout: new Sink(), stderr: new Sink(), env };
      const code = await runCli(argv, io);
      assert.equal(code, 0, io.stderr.text + io.stdout.text);
      return io.stdout.text;
    };
    const reference = path.join(dir, 'ref.csv');
    const killed = path.join(dir, 'killed.csv');
    emu.resetLog();
    await inProcess(['--api-url', emu.graphUrl, '--tiles-url', emu.tilesUrl, ...args(reference)]);
    const whole = emu.count('tiles:');
    // The listing's state is stored every ten tiles: the kill comes once it has been stored.
    const stopped = await runAndStop(
      emu.graphUrl,
      (urls) => [...urls, ...args(killed)],
      env,
      () => existsSync(`${killed}.partial/descent.json`),
      'SIGKILL',
    );
    try {
      assert.equal(stopped.signal, 'SIGKILL', stopped.output);
      assert.ok(!existsSync(killed), 'no output under the final name after the kill');
      emu.resetLog();
      const summary = await inProcess([...stopped.urls, ...args(killed)]);
      assert.match(summary, /taken from an earlier run/);
      const again = emu.count('tiles:');
      assert.ok(again > 0 && again <= whole - 10, `${again} of ${whole} tiles read again`);
    } finally {
      await stopped.close();
    }
    assert.deepEqual(readFileSync(killed), readFileSync(reference));
    assert.ok(!existsSync(`${killed}.partial`), 'the state is gone after the re-run');
  });
});
