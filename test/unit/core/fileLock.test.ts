import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileLock } from '../../../src/core/fs/fileLock';

/** The id of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('file lock between processes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-filelock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets exactly one of many claimants in, and the next one after a release', async () => {
    const file = path.join(dir, 'x.lock');
    const claims = await Promise.all(Array.from({ length: 12 }, () => FileLock.tryAcquire(file)));
    const held = claims.filter((c): c is FileLock => c instanceof FileLock);
    assert.equal(held.length, 1);
    const refused = claims.find((c) => !(c instanceof FileLock)) as { heldBy: unknown };
    assert.deepEqual(refused.heldBy, held[0]?.owner);
    await held[0]?.release();
    assert.ok((await FileLock.tryAcquire(file)) instanceof FileLock);
  });

  it('lets exactly one of many claimants take over the lock of a process that is gone', async () => {
    const file = path.join(dir, 'x.lock');
    const dead = { pid: deadPid(), host: hostname(), since: Date.now(), token: 'gone' };
    writeFileSync(file, JSON.stringify(dead));
    const claims = await Promise.all(Array.from({ length: 12 }, () => FileLock.tryAcquire(file)));
    assert.equal(claims.filter((c) => c instanceof FileLock).length, 1);
    assert.deepEqual(readdirSync(dir), ['x.lock'], 'no stale or temporary file is left');
  });

  it('waits for a brief holder, and runs the fallback when the holder does not let go', async () => {
    const file = path.join(dir, 'x.lock');
    const first = await FileLock.acquire(file);
    assert.ok(first);
    const order: string[] = [];
    const waiting = FileLock.with(
      file,
      () => Promise.resolve(order.push('second')),
      () => Promise.resolve(order.push('fallback')),
      { timeoutMs: 60_000 },
    );
    order.push('first');
    await first.release();
    await waiting;
    assert.deepEqual(order, ['first', 'second']);
    const held = await FileLock.acquire(file);
    const gaveUp = await FileLock.with(
      file,
      () => Promise.resolve('ran'),
      () => Promise.resolve('fallback'),
      { timeoutMs: 0 },
    );
    assert.equal(gaveUp, 'fallback');
    await held?.release();
  });
});
