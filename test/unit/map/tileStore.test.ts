import { strict as assert } from 'node:assert';
import { RequestCancelledError } from '../../../src/shared/channel/requestErrors';
import { buildRenderTile } from '../../../src/shared/map/renderTile';
import { tileRequest, type TileAddress } from '../../../src/shared/messages';
import { decodeTile } from '../../../src/shared/tiles/boundedDecoder';
import { TileStore, tilesFromHost, type TileDecoder } from '../../../src/webview/tileStore';
import { channelPair } from '../../support/channelPair';
import { encodeMvt } from '../../support/mvtWriter';

// Decodes as the worker does, in process, and keeps the tiles it was given, as the worker does.
class KeepingDecoder implements TileDecoder {
  readonly held = new Set<number>();
  loadTile(tile: TileAddress, bytes: ArrayBuffer) {
    const decoded = decodeTile(new Uint8Array(bytes), { timeLimitMs: 200 });
    if (!decoded.ok) return Promise.reject(new Error(decoded.error.message));
    this.held.add(tile.x);
    return Promise.resolve(buildRenderTile(decoded.value.layers, bytes.byteLength));
  }
  dropTile(tile: TileAddress): void {
    assert.ok(this.held.delete(tile.x), `tile ${tile.x} was held when dropped`);
  }
}

const address = (x: number): TileAddress => ({ set: 'mly1_public', z: 14, x, y: 5000 });

/**
 * A store in the webview joined by a request channel to a stand-in host, whose answers the test
 * gives by hand: `answer(x, bytes)` or `fail(x, text)`.
 */
function harness() {
  const pair = channelPair();
  const asked: { x: number; signal: AbortSignal; settle: (r: Uint8Array | Error) => void }[] = [];
  pair.b.channel.handle(
    tileRequest,
    (tile, signal) =>
      new Promise<{ bytes: Uint8Array }>((resolve, reject) => {
        asked.push({
          x: tile.x,
          signal,
          settle: (r) => (r instanceof Error ? reject(r) : resolve({ bytes: r })),
        });
      }),
  );
  const decoder = new KeepingDecoder();
  const store = new TileStore(tilesFromHost(pair.a.channel), decoder);
  const find = (x: number) => {
    const found = asked.filter((a) => a.x === x).at(-1);
    assert.ok(found, `tile ${x} was asked for`);
    return found;
  };
  return {
    ...pair,
    asked,
    store,
    decoder,
    async answer(x: number, bytes: Uint8Array) {
      await pair.deliver();
      find(x).settle(bytes);
      await pair.deliver();
    },
    async fail(x: number, text: string) {
      await pair.deliver();
      find(x).settle(new Error(text));
      await pair.deliver();
    },
  };
}

const goodTile = encodeMvt([
  { name: 'image', features: [{ type: 'Point', properties: { id: 5n }, geometry: [[[10, 10]]] }] },
]);

describe('map layer: tile store', () => {
  it('asks the host once for a tile shared by several canvases, and decodes its bytes', async () => {
    const h = harness();
    const a = h.store.acquire(address(1));
    const b = h.store.acquire(address(1));
    await h.answer(1, goodTile);
    const [ta, tb] = await Promise.all([a, b]);
    assert.equal(ta, tb);
    assert.equal(ta.points[0]?.ids[0], '5');
    assert.equal(h.asked.length, 1);
  });

  it('turns a corrupt or hostile tile into one failed tile, and keeps serving others', async () => {
    const h = harness();
    const bad = h.store.acquire(address(2));
    const good = h.store.acquire(address(3));
    bad.catch(() => undefined);
    // A layer announcing far more bytes than there are, then garbage.
    await h.answer(2, new Uint8Array([0x1a, 0xff, 0xff, 0x03, 0x0a, 0x01, 0x61, 0x12, 0x05]));
    await h.answer(3, goodTile);
    await assert.rejects(bad, /could not be decoded/);
    assert.equal((await good).featureCount, 1);
    assert.equal(h.store.stats.failed, 1);
  });

  it('reports host errors as failures and asks again when the tile is shown again', async () => {
    const h = harness();
    const first = h.store.acquire(address(4));
    first.catch(() => undefined);
    await h.fail(4, 'HTTP 500');
    await assert.rejects(first, /HTTP 500/);
    h.store.release(address(4));
    void h.store.acquire(address(4)).catch(() => undefined);
    await h.deliver();
    assert.equal(h.asked.filter((a) => a.x === 4).length, 2);
  });

  it('cancels the host request when the last canvas lets go before the tile arrives', async () => {
    const h = harness();
    const pending = h.store.acquire(address(6));
    const kept = h.store.acquire(address(6));
    await h.deliver();
    h.store.release(address(6));
    assert.equal(h.store.fetchingCount(), 1, 'one canvas still shows it');
    h.store.release(address(6));
    await assert.rejects(pending, RequestCancelledError);
    await assert.rejects(kept, RequestCancelledError);
    await h.deliver();
    assert.equal(h.asked[0]?.signal.aborted, true, "the host's fetch was aborted");
    assert.equal(h.store.fetchingCount(), 0);
    assert.equal(h.a.channel.pendingCount(), 0);
    assert.equal(h.store.stats.failed, 0, 'a cancelled tile is not a failed one');
  });

  it('lets the worker forget a tile once it falls out of the panning-back reserve', async () => {
    const h = harness();
    for (let x = 100; x < 150; x++) {
      const tile = h.store.acquire(address(x));
      await h.answer(x, goodTile);
      await tile;
      h.store.release(address(x));
    }
    // 48 unused tiles are kept for panning back; the two oldest were dropped from the worker.
    assert.equal(h.decoder.held.size, 48);
    assert.ok(!h.decoder.held.has(100) && !h.decoder.held.has(101));
    assert.ok(h.decoder.held.has(149));
  });

  it('treats an empty body as an empty tile', async () => {
    const h = harness();
    const empty = h.store.acquire(address(7));
    await h.answer(7, new Uint8Array(0));
    assert.equal((await empty).featureCount, 0);
  });

  it('gives the worker exactly the tile bytes when the host sent a view into a larger buffer', async () => {
    const h = harness();
    const wide = new Uint8Array(goodTile.length + 16);
    wide.set(goodTile, 8);
    const tile = h.store.acquire(address(8));
    await h.answer(8, wide.subarray(8, 8 + goodTile.length));
    assert.equal((await tile).featureCount, 1);
    assert.equal((await tile).byteLength, goodTile.length);
  });
});
