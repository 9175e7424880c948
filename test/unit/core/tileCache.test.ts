// The tile fetcher's disk cache over the emulator: hits with no request, restarts, the time-to-live,
// stale tiles when the network fails, eviction under the byte bound, and a corrupt index.
import { strict as assert } from 'node:assert';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { TileCache } from '../../../src/core/tiles/tileCache';
import { TileFetcher } from '../../../src/core/tiles/tileFetcher';
import { busyTiles, makeFetcher, tempDir, useTileEmulator } from './tileTestSupport';

describe('tile fetcher and disk cache (emulator): cache', function () {
  this.timeout(60_000);
  const emulator = useTileEmulator();

  it('serves the second fetch of a tile from the cache with zero requests', async () => {
    const em = emulator();
    const tile = busyTiles(em)[0] as { x: number; y: number };
    const h = await makeFetcher(em.tilesUrl, em.clientToken);
    const first = await h.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    em.resetLog();
    const second = await h.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    assert.equal(em.count('tiles:'), 0);
    assert.equal(second.source, 'cache');
    assert.deepEqual(second.bytes, first.bytes);
  });

  it('keeps the cache across restarts and refetches after the time-to-live', async () => {
    const em = emulator();
    const tile = busyTiles(em)[1] as { x: number; y: number };
    const h = await makeFetcher(em.tilesUrl, em.clientToken);
    await h.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    await h.cache.flush();
    const again = await makeFetcher(em.tilesUrl, em.clientToken, { dir: h.dir, now: h.now });
    em.resetLog();
    assert.equal((await again.fetcher.getTile('mly1_public', 14, tile.x, tile.y)).source, 'cache');
    assert.equal(em.count('tiles:'), 0);
    again.now.value += 24 * 60 * 60 * 1000 + 1;
    const refreshed = await again.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    assert.equal(refreshed.source, 'network');
    assert.equal(em.count('tiles:'), 1);
  });

  it('serves a stale tile when the network fails after the time-to-live', async () => {
    const em = emulator();
    const tile = busyTiles(em)[2] as { x: number; y: number };
    const h = await makeFetcher(em.tilesUrl, em.clientToken);
    await h.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    h.now.value += 25 * 60 * 60 * 1000;
    em.addFault({ kind: 'reset', match: '/maps/vtp/' });
    const stale = await h.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    assert.equal(stale.source, 'stale-cache');
  });

  it('evicts the least recently used tiles under the byte bound', async () => {
    const em = emulator();
    const tiles = busyTiles(em).slice(0, 4);
    const probe = await makeFetcher(em.tilesUrl, em.clientToken);
    const sizes: number[] = [];
    for (const t of tiles) {
      sizes.push((await probe.fetcher.getTile('mly1_public', 14, t.x, t.y)).bytes.byteLength);
    }
    // Room for the three largest tiles but not all four.
    const sorted = [...sizes].sort((a, b) => b - a);
    const maxBytes = (sorted[0] ?? 0) + (sorted[1] ?? 0) + (sorted[2] ?? 0);
    const h = await makeFetcher(em.tilesUrl, em.clientToken, { maxBytes });
    const [a, b, c, d] = tiles as [
      { x: number; y: number },
      { x: number; y: number },
      { x: number; y: number },
      { x: number; y: number },
    ];
    await h.fetcher.getTile('mly1_public', 14, a.x, a.y);
    h.now.value += 1;
    await h.fetcher.getTile('mly1_public', 14, b.x, b.y);
    h.now.value += 1;
    await h.fetcher.getTile('mly1_public', 14, c.x, c.y);
    h.now.value += 1;
    await h.fetcher.getTile('mly1_public', 14, a.x, a.y); // a is now more recent than b
    h.now.value += 1;
    await h.fetcher.getTile('mly1_public', 14, d.x, d.y);
    assert.ok(h.cache.stats().bytes <= maxBytes);
    assert.ok(!h.cache.has(TileFetcher.key('mly1_public', 14, b.x, b.y)), 'b was least recent');
    assert.ok(h.cache.has(TileFetcher.key('mly1_public', 14, a.x, a.y)));
    assert.ok(h.cache.has(TileFetcher.key('mly1_public', 14, d.x, d.y)));
    const files = (await readdir(h.dir)).filter((f) => f.endsWith('.tile'));
    assert.equal(files.length, h.cache.stats().entries, 'evicted files are deleted');
  });

  it('survives a corrupt index file and keeps the tiles on disk', async () => {
    const em = emulator();
    const tile = busyTiles(em)[0] as { x: number; y: number };
    const h = await makeFetcher(em.tilesUrl, em.clientToken);
    const first = await h.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    await h.cache.flush();
    await writeFile(path.join(h.dir, 'index.json'), '{"version":1,"entries":{"x":');
    await writeFile(path.join(h.dir, 'half-written.tile.123.abc.tmp'), 'partial');
    const reopened = await makeFetcher(em.tilesUrl, em.clientToken, { dir: h.dir });
    em.resetLog();
    const again = await reopened.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    assert.equal(again.source, 'cache');
    assert.deepEqual(again.bytes, first.bytes);
    assert.equal(em.count('tiles:'), 0);
    assert.ok(!(await readdir(h.dir)).some((f) => f.endsWith('.tmp')), 'leftover temp removed');
    await reopened.cache.flush();
    const index = JSON.parse(await readFile(path.join(h.dir, 'index.json'), 'utf8')) as {
      entries: Record<string, unknown>;
    };
    assert.equal(Object.keys(index.entries).length, 1, 'the index was rebuilt');
  });

  it('starts empty when the index is garbage and the folder holds nothing usable', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'index.json'), Buffer.from([0, 1, 2, 255]));
    const cache = await TileCache.open({ dir });
    assert.equal(cache.stats().entries, 0);
    await cache.put('mly1_public/14/1/2', new Uint8Array([0x1a, 1]));
    assert.deepEqual((await cache.get('mly1_public/14/1/2'))?.bytes, new Uint8Array([0x1a, 1]));
  });
});
