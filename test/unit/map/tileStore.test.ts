import { strict as assert } from 'node:assert';
import { buildRenderTile } from '../../../src/shared/map/renderTile';
import type { TileAddress, WebviewToHost } from '../../../src/shared/messages';
import { decodeTile } from '../../../src/shared/tiles/boundedDecoder';
import { TileStore, type TileDecoder } from '../../../src/webview/tileStore';
import { encodeMvt } from '../../support/mvtWriter';

// Decodes as the worker does, in process.
const decoder: TileDecoder = {
  decodeTile(bytes) {
    const decoded = decodeTile(new Uint8Array(bytes), { timeLimitMs: 200 });
    if (!decoded.ok)
      return Promise.resolve({ type: 'tile', id: 0, ok: false, error: decoded.error.message });
    const tile = buildRenderTile(decoded.value.layers, bytes.byteLength);
    return Promise.resolve({ type: 'tile', id: 0, ok: true, tile, decodeMs: 0 });
  },
};

const address = (x: number): TileAddress => ({ set: 'mly1_public', z: 14, x, y: 5000 });

function harness() {
  const sent: WebviewToHost[] = [];
  const store = new TileStore((m) => sent.push(m), decoder);
  const requestOf = (x: number) => {
    const m = sent.find((s) => s.type === 'tileRequest' && s.tile.x === x);
    assert.ok(m && m.type === 'tileRequest');
    return m.requestId;
  };
  return { sent, store, requestOf };
}

const goodTile = encodeMvt([
  { name: 'image', features: [{ type: 'Point', properties: { id: 5n }, geometry: [[[10, 10]]] }] },
]);

describe('map layer: tile store', () => {
  it('asks the host once for a tile shared by several canvases, and decodes its bytes', async () => {
    const { sent, store, requestOf } = harness();
    const a = store.acquire(address(1));
    const b = store.acquire(address(1));
    assert.equal(sent.filter((m) => m.type === 'tileRequest').length, 1);
    store.onTile({ type: 'tile', requestId: requestOf(1), bytes: goodTile.slice().buffer });
    const [ta, tb] = await Promise.all([a, b]);
    assert.equal(ta, tb);
    assert.equal(ta.points[0]?.ids[0], '5');
  });

  it('turns a corrupt or hostile tile into one failed tile, and keeps serving others', async () => {
    const { store, requestOf } = harness();
    const bad = store.acquire(address(2));
    const good = store.acquire(address(3));
    // A layer announcing far more bytes than there are, then garbage.
    const corrupt = new Uint8Array([0x1a, 0xff, 0xff, 0x03, 0x0a, 0x01, 0x61, 0x12, 0x05]);
    store.onTile({ type: 'tile', requestId: requestOf(2), bytes: corrupt.buffer });
    store.onTile({ type: 'tile', requestId: requestOf(3), bytes: goodTile.slice().buffer });
    await assert.rejects(bad, /could not be decoded/);
    assert.equal((await good).featureCount, 1);
    assert.equal(store.stats.failed, 1);
  });

  it('reports host errors as failures and asks again when the tile is shown again', async () => {
    const { sent, store, requestOf } = harness();
    const first = store.acquire(address(4));
    store.onTile({ type: 'tile', requestId: requestOf(4), error: 'HTTP 500' });
    await assert.rejects(first, /HTTP 500/);
    store.release(address(4));
    void store.acquire(address(4)).catch(() => undefined);
    assert.equal(sent.filter((m) => m.type === 'tileRequest' && m.tile.x === 4).length, 2);
  });

  it('cancels the host request when the last canvas lets go before the tile arrives', async () => {
    const { sent, store, requestOf } = harness();
    const pending = store.acquire(address(6));
    store.release(address(6));
    await assert.rejects(pending, /cancelled/);
    const cancel = sent.find((m) => m.type === 'tileCancel');
    assert.ok(cancel && cancel.type === 'tileCancel');
    assert.equal(cancel.requestId, requestOf(6));
    assert.equal(store.pendingCount(), 0);
  });

  it('treats an empty body as an empty tile', async () => {
    const { store, requestOf } = harness();
    const empty = store.acquire(address(7));
    store.onTile({ type: 'tile', requestId: requestOf(7), bytes: new ArrayBuffer(0) });
    assert.equal((await empty).featureCount, 0);
  });
});
