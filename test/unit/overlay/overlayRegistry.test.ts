// The host's list of files on the map: ids instead of paths, the bytes handed over once and read
// again after a page reload, the map's report settling whoever waits, the limit on overlays, and
// the overlay messages checked by the schemas both sides use.
import { strict as assert } from 'node:assert';
import { OverlayRegistry } from '../../../src/extension/overlay/overlayRegistry';
import type { OverlayFileData } from '../../../src/core/overlay/overlayFile';
import { silentLogger } from '../../../src/shared/logger';
import {
  parseHostMessage,
  parseWebviewMessage,
  type HostToWebview,
} from '../../../src/shared/messages';
import { OverlayError } from '../../../src/shared/overlay/overlayFeatures';
import { MAX_OVERLAYS, OVERLAY_CHUNK_BYTES } from '../../../src/shared/overlay/overlayLimits';
import type { OverlayReport } from '../../../src/shared/overlay/overlayMessages';

const REPORT: OverlayReport = {
  featureCount: 2,
  points: 2,
  lines: 0,
  polygons: 0,
  clustered: false,
  pointCount: 2,
  listedPoints: [{ label: 'a', lon: 13, lat: 55.6 }],
};

function setup() {
  const reads: string[] = [];
  const looked: [number, number][] = [];
  const read = (file: string, root: string): Promise<OverlayFileData> => {
    reads.push(file);
    if (file.endsWith('bad.geojson')) return Promise.reject(new OverlayError('bad.geojson is bad'));
    if (file.endsWith('large.geojson')) {
      const bytes = new Uint8Array(2 * OVERLAY_CHUNK_BYTES + 1000).map((_, i) => i % 251);
      return Promise.resolve({
        name: 'large.geojson',
        fileFormat: 'geojson',
        format: 'geojson',
        bytes,
      });
    }
    assert.equal(root, '/ws');
    return Promise.resolve({
      name: file.split('/').pop() ?? '',
      fileFormat: 'geojson',
      format: 'geojson',
      bytes: new TextEncoder().encode(`bytes of ${file} #${reads.length}`),
    });
  };
  const registry = new OverlayRegistry(read, silentLogger, (lon, lat) => looked.push([lon, lat]));
  const posted: HostToWebview[] = [];
  return { registry, reads, posted, looked };
}

describe('overlay registry', () => {
  it('names files by id, hands the checked bytes over once, then reads the file again', async () => {
    const { registry, reads, posted } = setup();
    const entry = await registry.add('/ws/a.geojson', '/ws');
    assert.equal(entry.id, 'o1');
    // No map page yet: nothing is sent until one is ready.
    assert.equal(posted.length, 0);
    registry.attach((m) => posted.push(m));
    assert.deepEqual(posted, [
      {
        type: 'showOverlay',
        overlay: { id: 'o1', name: 'a.geojson', format: 'geojson', colorIndex: 0, fit: true },
      },
    ]);
    assert.equal(
      new TextDecoder().decode((await registry.data('o1', 0)).bytes),
      'bytes of /ws/a.geojson #1',
    );
    assert.equal(
      new TextDecoder().decode((await registry.data('o1', 0)).bytes),
      'bytes of /ws/a.geojson #2',
    );
    assert.equal(reads.length, 2);
    await assert.rejects(registry.data('o9', 0), /not shown any more/);
  });

  it('sends a large file in pieces, read once', async () => {
    const { registry, reads } = setup();
    const entry = await registry.add('/ws/large.geojson', '/ws');
    const pieces: number[] = [];
    let offset = 0;
    let total: number;
    do {
      const piece = await registry.data(entry.id, offset);
      total = piece.total;
      assert.equal(piece.bytes[0], offset % 251, 'the piece starts where it was asked');
      pieces.push(piece.bytes.length);
      offset += piece.bytes.length;
    } while (offset < total);
    assert.deepEqual(pieces, [OVERLAY_CHUNK_BYTES, OVERLAY_CHUNK_BYTES, 1000]);
    assert.equal(reads.length, 1);
    await assert.rejects(registry.data(entry.id, total + 1), /past the end/);
  });

  it('settles the wait with the report, fits the map only until the file was drawn', async () => {
    const { registry, posted } = setup();
    registry.attach((m) => posted.push(m));
    const entry = await registry.add('/ws/a.geojson', '/ws');
    const drawn = registry.whenDrawn(entry.id);
    registry.attach((m) => posted.push(m));
    registry.receive({ type: 'overlayStatus', id: entry.id, state: 'shown', report: REPORT });
    assert.deepEqual(await drawn, REPORT);
    assert.deepEqual(registry.find('/ws/a.geojson')?.report, REPORT);
    registry.attach((m) => posted.push(m));
    const fits = posted.map((m) => (m.type === 'showOverlay' ? m.overlay.fit : undefined));
    assert.deepEqual(fits, [true, true, false]);
  });

  it("rejects the wait with the map's error, and when the file is taken off or the map closes", async () => {
    const { registry } = setup();
    const a = await registry.add('/ws/a.geojson', '/ws');
    const failed = registry.whenDrawn(a.id);
    registry.receive({
      type: 'overlayStatus',
      id: a.id,
      state: 'failed',
      error: 'the file looks projected',
    });
    await assert.rejects(failed, /a\.geojson: the file looks projected/);
    const b = await registry.add('/ws/b.geojson', '/ws');
    const removed = registry.whenDrawn(b.id);
    registry.receive({ type: 'overlayStatus', id: b.id, state: 'removed' });
    await assert.rejects(removed, /taken off the map/);
    assert.equal(registry.find('/ws/b.geojson'), undefined);
    const c = await registry.add('/ws/c.geojson', '/ws');
    const closed = registry.whenDrawn(c.id);
    registry.detach();
    await assert.rejects(closed, /map was closed/);
    assert.equal(registry.list().length, 0);
  });

  it('replaces the overlay of the same file, refuses more than the limit, passes read errors on', async () => {
    const { registry, posted } = setup();
    registry.attach((m) => posted.push(m));
    const first = await registry.add('/ws/a.geojson', '/ws');
    const again = await registry.add('/ws/a.geojson', '/ws');
    assert.equal(again.id, first.id);
    assert.equal(registry.list().length, 1);
    for (let i = 1; i < MAX_OVERLAYS; i++) await registry.add(`/ws/f${i}.geojson`, '/ws');
    await assert.rejects(registry.add('/ws/one-more.geojson', '/ws'), /shows 8 files already/);
    await assert.rejects(registry.add('/ws/bad.geojson', '/ws'), /bad\.geojson is bad/);
    registry.remove(first.id);
    assert.deepEqual(posted.at(-1), { type: 'removeOverlay', id: first.id });
  });

  it('passes "Images looking at here" on with its place', () => {
    const { registry, looked } = setup();
    registry.receive({ type: 'overlayImagesLookingAt', lon: 13.1, lat: 55.7 });
    assert.deepEqual(looked, [[13.1, 55.7]]);
  });
});

describe('overlay messages', () => {
  it('accept what each side sends and drop what is out of bounds', () => {
    const show = {
      type: 'showOverlay',
      overlay: { id: 'o3', name: 'a.fgb', format: 'fgb', colorIndex: 2, fit: false },
    };
    assert.ok(parseHostMessage(show).ok);
    assert.ok(!parseHostMessage({ ...show, overlay: { ...show.overlay, id: '../etc/passwd' } }).ok);
    assert.ok(!parseHostMessage({ ...show, overlay: { ...show.overlay, format: 'gpkg' } }).ok);
    assert.ok(
      parseWebviewMessage({ type: 'overlayStatus', id: 'o1', state: 'shown', report: REPORT }).ok,
    );
    assert.ok(!parseWebviewMessage({ type: 'overlayImagesLookingAt', lon: 200, lat: 0 }).ok);
    const many = {
      ...REPORT,
      listedPoints: Array.from({ length: 5001 }, () => REPORT.listedPoints[0]),
    };
    assert.ok(
      !parseWebviewMessage({ type: 'overlayStatus', id: 'o1', state: 'shown', report: many }).ok,
    );
  });
});
