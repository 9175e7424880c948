// Item: two processes, one output. A second export into an output another process is writing is
// refused with a clear message; the lock that refuses it does not outlive a killed process (its
// process id is gone) or a hung one (it stops being refreshed); and a job resumed against another
// service starts clean instead of mixing units.
import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { idListInput } from '../../../src/core/export/idInput';
import { JobError } from '../../../src/core/export/jobErrors';
import { runDetectionsJob } from '../../../src/core/export/detectionsJob';
import { runMetadataJob } from '../../../src/core/export/metadataJob';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { rejection, useEmulator } from '../core/harness';
import { jobContext } from '../export/exportHarness';
import { waitFor } from '../../support/waitFor';

const ROOT = path.resolve(__dirname, '../../..');

/** Waits for `predicate`, polling, for at most a generous minute. */
async function until(predicate: () => boolean, what: string): Promise<void> {
  await waitFor(what, predicate, { timeoutMs: 60_000 });
}

describe('security: one output, one export at a time', function () {
  this.timeout(120_000);
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function cli(args: string[]): {
    child: ChildProcess;
    output: () => string;
    exit: Promise<number | null>;
  } {
    const emu = emulator();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), '--api-url', emu.graphUrl, ...args],
      {
        cwd: ROOT,
        env: { ...process.env, MAPILLARY_ACCESS_TOKEN: emu.clientToken, XDG_STATE_HOME: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let text = '';
    child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, output: () => text, exit };
  }

  it('refuses a second process writing the same output, and lets the next run take over from a killed one', async () => {
    const emu = emulator();
    const ids = emu.dataset.images
      .slice(0, 200)
      .map((i) => i.id)
      .join(',');
    const out = path.join(dir, 'metadata.csv');
    const args = [
      'metadata',
      '--ids',
      ids,
      '--fields',
      'img_id',
      '--batch-size',
      '10',
      '--concurrency',
      '1',
      '-o',
      out,
    ];
    emu.setLatency(100);
    const first = cli(args);
    await until(
      () => existsSync(`${out}.lock`) && existsSync(`${out}.partial/job.json`),
      'the first run to start',
    );
    // Paused, the first run holds its lock however long the second takes to start.
    first.child.kill('SIGSTOP');
    const second = cli(args);
    assert.equal(await second.exit, 1, second.output());
    assert.match(
      second.output(),
      new RegExp(
        `Another export is writing .*metadata\\.csv right now \\(process ${first.child.pid} on `,
      ),
    );
    assert.doesNotMatch(second.output(), /run the same command again/);
    first.child.kill('SIGKILL');
    await first.exit;
    emu.setLatency(0);
    assert.ok(existsSync(`${out}.lock`), 'the killed run left its lock behind');
    const third = cli(args);
    assert.equal(await third.exit, 0, third.output());
    assert.match(third.output(), /200 images written/);
    assert.equal(readFileSync(out, 'utf8').trimEnd().split('\n').length, 201);
    assert.ok(!existsSync(`${out}.lock`), 'the lock is gone once the run is over');
  });

  it('takes over a lock that its owner stopped refreshing, and refuses a fresh one', async () => {
    const emu = emulator();
    const output = path.join(dir, 'metadata.csv');
    const lock = `${output}.lock`;
    // A live process (this one) under another claim: a run that hangs, or whose id was reused.
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, host: hostname(), since: 0, token: 'x' }),
    );
    const job = async () =>
      runMetadataJob(await jobContext(emu), {
        input: idListInput(
          emu.dataset.images.slice(0, 5).map((i) => i.id),
          'image',
        ),
        output,
        columns: ['img_id'],
        format: 'csv',
      });
    const error = await rejection(job());
    assert.ok(error instanceof JobError && error.kind === 'busy', String(error));
    const old = new Date(Date.now() - 5 * 60_000);
    utimesSync(lock, old, old);
    assert.equal((await job()).complete, true);
  });

  it('starts clean when a job is resumed with another format or against another service', async () => {
    const emu = emulator();
    const ids = emu.dataset.images
      .filter((i) => i.detectionIds.length > 0)
      .slice(0, 100)
      .map((i) => i.id);
    const output = path.join(dir, 'detections.geojson');
    const options = { input: idListInput(ids, 'image'), output, format: 'geojson' as const };
    // One image's detections keep failing: its batch stays undone, the others are kept.
    emu.addFault({ kind: 'serverError', match: `/${ids[60]}/detections` });
    const failed = await runDetectionsJob(await jobContext(emu, { rounds: 1 }), options);
    assert.equal(failed.complete, false);
    const batches = () =>
      readdirSync(`${output}.partial`).filter((n) => n.startsWith('batch-')).length;
    assert.equal(batches(), 3, 'three of four batches are kept for a re-run');
    emu.clearFaults();
    // Another format into the same output: the kept units are not mixed in either.
    const coco = await runDetectionsJob(await jobContext(emu, { rounds: 1 }), {
      ...options,
      format: 'coco',
    });
    assert.equal(coco.reused, 0, 'no unit of the GeoJSON run is reused');
    assert.ok(
      Array.isArray((JSON.parse(readFileSync(output, 'utf8')) as { images: unknown }).images),
    );
    emu.addFault({ kind: 'serverError', match: `/${ids[60]}/detections` });
    await runDetectionsJob(await jobContext(emu, { rounds: 1 }), options);
    emu.clearFaults();
    assert.equal(batches(), 3, 'the GeoJSON run kept its three batches again');
    let other: Emulator | undefined;
    try {
      other = await startEmulator({ seed: 7, size: 'small' });
      const elsewhere = await runDetectionsJob(await jobContext(other), options);
      assert.equal(elsewhere.reused, 0, 'no unit of the first service is reused');
      assert.equal(elsewhere.complete, true);
    } finally {
      await other?.close();
    }
  });
});
