import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { idListInput } from '../../../src/core/export/idInput';
import { JobError } from '../../../src/core/export/jobErrors';
import { runMetadataJob } from '../../../src/core/export/metadataJob';
import { rejection, useEmulator } from '../core/harness';
import { jobContext } from './exportHarness';

// A small file system of its own (tmpfs) makes a full disk and a read-only folder real; where
// mounting is not allowed, these tests are skipped.
function mount(target: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', target], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function remount(target: string, options: string): void {
  execFileSync('mount', ['-o', `remount,${options}`, target], { stdio: 'ignore' });
}

describe('export output faults: a full disk and a read-only folder', () => {
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  let volume: string;
  let mounted = false;
  beforeEach(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-fs-'));
    volume = path.join(dir, 'volume');
    mkdirSync(volume);
    mounted = mount(volume, 'size=48k');
    if (!mounted) this.skip();
  });
  afterEach(() => {
    if (mounted) execFileSync('umount', [volume]);
    rmSync(dir, { recursive: true, force: true });
  });

  const columns = ['img_id', 'seq_id', 'captured_at', 'lon', 'lat', 'make', 'model'];

  it('stops with a clear message on a full disk, leaves no partial file, and finishes after space is freed', async () => {
    const emu = emulator();
    const input = idListInput(
      emu.dataset.images.slice(0, 1200).map((i) => i.id),
      'image',
    );
    const reference = path.join(dir, 'reference.csv');
    await runMetadataJob(await jobContext(emu), {
      input,
      output: reference,
      columns,
      format: 'csv',
    });
    const output = path.join(volume, 'm.csv');
    const error = await rejection(
      runMetadataJob(await jobContext(emu), { input, output, columns, format: 'csv' }),
    );
    assert.ok(error instanceof JobError && error.kind === 'output', String(error));
    assert.match(error.message, /ENOSPC.*disk is full/);
    const left = readdirSync(volume);
    assert.ok(!left.includes('m.csv'), 'nothing under the final name');
    assert.ok(!left.some((n) => n.endsWith('.tmp')), `no temporary file left: ${left.join(', ')}`);
    remount(volume, 'size=4m');
    const done = await runMetadataJob(await jobContext(emu), {
      input,
      output,
      columns,
      format: 'csv',
    });
    assert.ok(done.complete);
    assert.deepEqual(readFileSync(output), readFileSync(reference));
  });

  it('stops with a clear message in a read-only folder, and finishes once it is writable', async () => {
    const emu = emulator();
    const input = idListInput(
      emu.dataset.images.slice(0, 60).map((i) => i.id),
      'image',
    );
    remount(volume, 'ro');
    const output = path.join(volume, 'm.csv');
    const error = await rejection(
      runMetadataJob(await jobContext(emu), { input, output, columns, format: 'csv' }),
    );
    assert.ok(error instanceof JobError && error.kind === 'output');
    assert.match(error.message, /EROFS.*read-only/);
    remount(volume, 'rw');
    const done = await runMetadataJob(await jobContext(emu), {
      input,
      output,
      columns,
      format: 'csv',
    });
    assert.ok(done.complete);
    assert.equal(readFileSync(output, 'utf8').trimEnd().split('\n').length, 61);
  });
});
