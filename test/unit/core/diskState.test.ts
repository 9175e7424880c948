import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../../src/core/fs/atomicWrite';
import { DailyBudget, utcDay } from '../../../src/core/http/dailyBudget';
import { Semaphore, mapConcurrent } from '../../../src/core/http/semaphore';
import { TileCache } from '../../../src/core/tiles/tileCache';

describe('disk state: tile cache, daily budget, atomic writes', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mly-disk-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes atomically and leaves no temporary file behind', async () => {
    const file = path.join(dir, 'a', 'b.json');
    await writeFileAtomic(file, '{"x":1}');
    await writeFileAtomic(file, '{"x":2}');
    assert.equal(await readFile(file, 'utf8'), '{"x":2}');
    assert.deepEqual(await readdir(path.join(dir, 'a')), ['b.json']);
  });

  it('tracks bytes across overwrites and deletes, and ignores a tile changed on disk', async () => {
    const cache = await TileCache.open({ dir, maxBytes: 100 });
    await cache.put('s/1/2/3', new Uint8Array(40));
    await cache.put('s/1/2/3', new Uint8Array(30));
    assert.deepEqual(cache.stats(), { entries: 1, bytes: 30, maxBytes: 100 });
    await cache.put('s/1/2/4', new Uint8Array(80));
    assert.equal(cache.stats().entries, 1, 'the older tile made room');
    assert.equal(cache.has('s/1/2/3'), false);
    await writeFile(path.join(dir, 's+1+2+4.tile'), 'short');
    assert.equal(await cache.get('s/1/2/4'), undefined);
    assert.equal(cache.stats().bytes, 0);
    await cache.put('s/1/2/5', new Uint8Array(200));
    assert.equal(cache.has('s/1/2/5'), false, 'a tile larger than the whole cache is not kept');
    await assert.rejects(cache.put('../x', new Uint8Array(1)), RangeError);
  });

  it('drops index entries whose files are gone, and adopts tile files the index does not know', async () => {
    const cache = await TileCache.open({ dir });
    await cache.put('s/1/1/1', new Uint8Array([1]));
    await cache.put('s/1/1/2', new Uint8Array([2]));
    await cache.flush();
    await rm(path.join(dir, 's+1+1+1.tile'));
    // A tile another process wrote and has not indexed yet (tiles are written whole).
    await writeFile(path.join(dir, 's+9+9+9.tile'), 'other');
    const reopened = await TileCache.open({ dir });
    assert.equal(reopened.has('s/1/1/1'), false);
    assert.deepEqual((await reopened.get('s/9/9/9'))?.bytes, new TextEncoder().encode('other'));
    assert.deepEqual((await reopened.get('s/1/1/2'))?.bytes, new Uint8Array([2]));
    assert.ok((await readdir(dir)).includes('s+9+9+9.tile'));
  });

  it('marks a tile stale after the time-to-live but still returns it on request', async () => {
    let now = 1_000_000;
    const cache = await TileCache.open({ dir, ttlMs: 1000, now: () => now });
    await cache.put('s/1/1/1', new Uint8Array([7]));
    assert.ok(await cache.getFresh('s/1/1/1'));
    now += 1000;
    assert.equal(await cache.getFresh('s/1/1/1'), undefined);
    assert.equal((await cache.get('s/1/1/1'))?.stale, true);
  });

  it('rolls the tile budget over at midnight UTC', async () => {
    let now = Date.parse('2026-03-01T23:59:59Z');
    const file = path.join(dir, 'budget.json');
    const budget = await DailyBudget.open({ file, limit: 2, now: () => now, writeDelayMs: 0 });
    assert.ok(budget.tryConsume());
    assert.ok(budget.tryConsume());
    assert.equal(budget.tryConsume(), false);
    await budget.flush();
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { day: '2026-03-01', count: 2 });
    now += 2000;
    assert.equal(utcDay(now), '2026-03-02');
    assert.equal(budget.remaining(), 2);
    assert.ok(budget.tryConsume());
    await budget.flush();
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { day: '2026-03-02', count: 1 });
  });
});

describe('semaphore and bounded map', () => {
  it('never runs more than the limit and keeps input order', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapConcurrent([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      // Work that takes n turns of the event loop, so that items finish out of order.
      for (let turn = 0; turn < n; turn++) await new Promise((resolve) => setImmediate(resolve));
      active--;
      return n * 10;
    });
    assert.deepEqual(out, [50, 10, 40, 20, 30, 0, 60]);
    assert.equal(peak, 3);
  });

  it('passes slots on in order', async () => {
    const semaphore = new Semaphore(1);
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3].map((n) =>
        semaphore.run(async () => {
          order.push(n);
          await new Promise((resolve) => setImmediate(resolve));
        }),
      ),
    );
    assert.deepEqual(order, [1, 2, 3]);
    assert.equal(semaphore.running, 0);
  });

  it('rejects the map on the first failure', async () => {
    await assert.rejects(
      mapConcurrent([1, 2, 3], 2, (n) =>
        n === 2 ? Promise.reject(new Error('boom')) : Promise.resolve(n),
      ),
      /boom/,
    );
  });
});
