// Item: set-up that does not give up. The real-host installer used to fail at once when another apt
// or dpkg run held the package manager's lock; it now waits (saying for which lock and which
// process), goes on once the lock is free, and gives up after its timeout with what to do. The test
// holds a lock with flock(1) on a file of its own, named to the installer's wait as its lock file.
import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../support/fixtures';
import { waitFor } from '../../support/waitFor';

/** Runs the installer's wait with `locks` as the package manager's lock files. */
function waitForLocks(
  locks: string[],
  env: Record<string, string>,
): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(
    'bash',
    ['-c', `set -euo pipefail; source "${repoRoot}/scripts/aptLock.sh"; wait_for_apt_lock`],
    {
      env: { ...process.env, MAPILLARY_APT_LOCKS: locks.join(' '), APT_LOCK_POLL: '0.1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, stderr: () => stderr, exit: new Promise((r) => child.on('exit', r)) };
}

/** Holds a lock on `file` until the returned function is called. */
function holdLock(file: string): { pid: number; release: () => Promise<void> } {
  // flock keeps the lock while `cat` runs; closing cat's input ends both.
  const holder = spawn('flock', [file, 'cat'], { stdio: ['pipe', 'ignore', 'ignore'] });
  const exited = new Promise((resolve) => holder.on('exit', resolve));
  return {
    pid: holder.pid ?? -1,
    release: async () => {
      holder.stdin?.end();
      await exited;
    },
  };
}

async function until(predicate: () => boolean, what: string): Promise<void> {
  await waitFor(what, predicate, { timeoutMs: 60_000 });
}

describe('security: the real-host installer waits for the package manager', function () {
  this.timeout(120_000);
  let dir: string;
  let lock: string;
  before(function () {
    if (spawnSync('flock', ['--version']).status !== 0 || process.platform !== 'linux') {
      console.warn('\n!!! SKIPPED installer lock tests: they need Linux and flock(1)\n');
      this.skip();
    }
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-apt-'));
    lock = path.join(dir, 'lock-frontend');
    writeFileSync(lock, '');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Waits until the lock shows in /proc/locks, as apt's would. */
  const held = (pid: number) =>
    until(() => readFileSync('/proc/locks', 'utf8').includes(` ${pid} `), 'the lock');

  it('goes on at once when no lock is held', async () => {
    const run = waitForLocks([path.join(dir, 'absent'), lock], { APT_LOCK_TIMEOUT: '600' });
    assert.equal(await run.exit, 0);
    assert.equal(run.stderr(), '');
  });

  it('says what it waits for, and goes on once the lock is released', async () => {
    const holder = holdLock(lock);
    await held(holder.pid);
    const run = waitForLocks([lock], { APT_LOCK_TIMEOUT: '600' });
    await until(() => run.stderr().includes('waiting'), 'the waiting message');
    assert.match(
      run.stderr(),
      new RegExp(
        `waiting for the system package manager: ${lock} is held by process ${holder.pid} \\(flock\\)`,
      ),
    );
    await holder.release();
    assert.equal(await run.exit, 0, run.stderr());
  });

  it('gives up after its timeout, saying what holds the lock and what to do', async () => {
    const holder = holdLock(lock);
    try {
      await held(holder.pid);
      const run = waitForLocks([lock], { APT_LOCK_TIMEOUT: '1' });
      assert.equal(await run.exit, 1);
      assert.match(run.stderr(), /still busy after 1 s: .* held by process \d+ \(flock\)/);
      assert.match(run.stderr(), /APT_LOCK_TIMEOUT=SECONDS waits longer/);
    } finally {
      await holder.release();
    }
  });
});
