// The tile fetcher's requests over the emulator: one request shared by concurrent callers and
// cancellations, error bodies and retries, and the daily tile budget.
import { strict as assert } from 'node:assert';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DailyBudget } from '../../../src/core/http/dailyBudget';
import { TileFetcher } from '../../../src/core/tiles/tileFetcher';
import { GraphError } from '../../../src/shared/api/graphError';
import { waitFor } from '../../support/waitFor';
import { rejection } from './harness';
import { busyTiles, makeFetcher, tempDir, useTileEmulator } from './tileTestSupport';

describe('tile fetcher and disk cache (emulator): requests', function () {
  this.timeout(60_000);
  const emulator = useTileEmulator();

  it('shares one request among concurrent fetches of the same tile', async () => {
    const em = emulator();
    em.setLatency(100);
    const tile = busyTiles(em)[3] as { x: number; y: number };
    const h = await makeFetcher(em.tilesUrl, em.clientToken);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => h.fetcher.getTile('mly1_public', 14, tile.x, tile.y)),
    );
    assert.equal(em.count('tiles:'), 1);
    for (const r of results) assert.deepEqual(r.bytes, results[0]?.bytes);
  });

  it('keeps a shared fetch going when one of its callers cancels', async () => {
    const em = emulator();
    const tile = busyTiles(em)[3] as { x: number; y: number };
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The answer is held back until the cancelled caller has given up.
    const h = await makeFetcher(em.tilesUrl, em.clientToken, {
      wrapFetch: (inner) => async (input, init) => {
        const response = await inner(input, init);
        await released;
        return response;
      },
    });
    const controller = new AbortController();
    const cancelled = h.fetcher.getTile('mly1_public', 14, tile.x, tile.y, {
      signal: controller.signal,
    });
    const kept = h.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    await waitFor('the shared request', () => h.sent.length === 1);
    controller.abort();
    const error = await rejection(cancelled);
    release();
    assert.ok(error instanceof GraphError && error.kind === 'cancelled');
    assert.ok((await kept).bytes.byteLength > 0);
    assert.equal(em.count('tiles:'), 1);
  });

  it('starts a new fetch for a caller who arrives after every earlier caller cancelled', async () => {
    const em = emulator();
    const tile = busyTiles(em)[2] as { x: number; y: number };
    let calls = 0;
    // The first answer never comes: only its cancellation ends it.
    const h = await makeFetcher(em.tilesUrl, em.clientToken, {
      wrapFetch: (inner) => (input, init) => {
        calls += 1;
        if (calls > 1) return inner(input, init);
        return new Promise<Response>((_resolve, reject) => {
          const signal = init?.signal;
          signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        });
      },
    });
    const controller = new AbortController();
    const first = h.fetcher.getTile('mly1_public', 14, tile.x, tile.y, {
      signal: controller.signal,
    });
    // Cancel while the request is in flight, then ask again at once.
    await waitFor('the first request', () => calls === 1);
    controller.abort();
    const error = await rejection(first);
    assert.ok(error instanceof GraphError && error.kind === 'cancelled');
    const later = await h.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    assert.equal(later.source, 'network');
    assert.ok(later.bytes.byteLength > 0);
    assert.equal(h.events.filter((e) => e.type === 'start').length, 2);
  });

  it('turns a JSON error body on a tile into the typed error', async () => {
    const em = emulator();
    const tile = busyTiles(em)[0] as { x: number; y: number };
    const h = await makeFetcher(em.tilesUrl, em.clientToken);
    em.addFault({ kind: 'invalidToken', status: 200, match: '/maps/vtp/' });
    const error = await rejection(h.fetcher.getTile('mly1_computed_public', 14, tile.x, tile.y));
    assert.ok(error instanceof GraphError);
    assert.equal(error.kind, 'invalid-token');
    assert.equal(error.code, 190);
    assert.ok(!h.cache.has(TileFetcher.key('mly1_computed_public', 14, tile.x, tile.y)));
  });

  it('retries a tile after a rate limit and an HTML 502', async () => {
    const em = emulator();
    const tile = busyTiles(em)[1] as { x: number; y: number };
    const h = await makeFetcher(em.tilesUrl, em.clientToken);
    em.addFault({ kind: 'rateLimit', match: '/maps/vtp/', count: 1, retryAfterSeconds: 1 });
    em.addFault({ kind: 'html', match: '/maps/vtp/', count: 1 });
    const result = await h.fetcher.getTile('mly1_computed_public', 14, tile.x, tile.y);
    assert.ok(result.bytes.byteLength > 0);
    assert.equal(em.count('tiles:'), 3);
  });

  it('counts tile requests in a daily budget that survives a restart', async () => {
    const em = emulator();
    const dir = await tempDir();
    const file = path.join(dir, 'tile-budget.json');
    const budget = await DailyBudget.open({ file, limit: 3 });
    const h = await makeFetcher(em.tilesUrl, em.clientToken, { budget });
    const tiles = busyTiles(em);
    for (const t of tiles.slice(0, 3)) await h.fetcher.getTile('mly1_public', 14, t.x, t.y);
    assert.equal(h.fetcher.remainingTileBudget(), 0);
    // A cached tile costs nothing, a new one is refused without a request.
    await h.fetcher.getTile('mly1_public', 14, tiles[0]?.x ?? 0, tiles[0]?.y ?? 0);
    em.resetLog();
    const t4 = tiles[3] as { x: number; y: number };
    const error = await rejection(h.fetcher.getTile('mly1_public', 14, t4.x, t4.y));
    assert.ok(error instanceof GraphError && error.kind === 'budget-exhausted');
    assert.equal(em.count('tiles:'), 0);
    await budget.flush();
    const reopened = await DailyBudget.open({ file, limit: 3 });
    assert.equal(reopened.used(), 3);
    const tomorrow = await DailyBudget.open({ file, limit: 3, now: () => Date.now() + 86_400_000 });
    assert.equal(tomorrow.remaining(), 3, 'a new UTC day starts from zero');
    await writeFile(file, 'not json');
    assert.equal((await DailyBudget.open({ file })).used(), 0);
  });
});
