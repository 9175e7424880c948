// The host's end of the map's request channel, against stand-in Mapillary clients: answers reach
// the webview's end, a cancel from the webview or a closed panel stops the host's fetches and sends
// nothing more, and hostile service data still opens the image panel.
import { strict as assert } from 'node:assert';
import type { MapillaryClient } from '../../../src/core/api/mapillaryClient';
import { MapRequests } from '../../../src/extension/mapRequests';
import type { ChannelMessage } from '../../../src/shared/channel/channelMessages';
import { RequestChannel } from '../../../src/shared/channel/requestChannel';
import {
  RequestCancelledError,
  RequestFailedError,
} from '../../../src/shared/channel/requestErrors';
import type { Logger } from '../../../src/shared/logger';
import { MAX_DETECTIONS } from '../../../src/shared/map/detectionOutline';
import { openImageRequest, tileRequest } from '../../../src/shared/messages';
import { settle } from '../../support/channelPair';

interface Call {
  what: string;
  signal: AbortSignal;
  settle(value: unknown): void;
  fail(error: Error): void;
}

/** Stand-in clients whose every call waits until the test settles it. */
function fakeServices(calls: Call[]): MapillaryClient {
  const wait = (what: string, options?: { signal?: AbortSignal }) =>
    new Promise((resolve, reject) => {
      calls.push({ what, signal: options!.signal!, settle: resolve, fail: reject });
    });
  return {
    tiles: {
      getTile: (set: string, z: number, x: number, y: number, options: { signal: AbortSignal }) =>
        wait(`tile ${set}/${z}/${x}/${y}`, options),
    },
    api: {
      getImage: (id: string, fields: readonly string[], options: { signal: AbortSignal }) =>
        wait(fields.length === 2 ? `thumbnail ${id}` : `image ${id}`, options),
      getDetections: (id: string, _fields: unknown, options: { signal: AbortSignal }) =>
        wait(`detections ${id}`, options),
    },
  } as unknown as MapillaryClient;
}

function harness() {
  const calls: Call[] = [];
  const logged: string[] = [];
  const log = {
    info: (m: string) => logged.push(m),
    warn: (m: string) => logged.push(m),
    error: (m: string) => logged.push(m),
  } as unknown as Logger;
  const toHost: unknown[] = [];
  const toWebview: unknown[] = [];
  const host = new MapRequests({ get: () => Promise.resolve(fakeServices(calls)) }, log, (m) =>
    toWebview.push(m),
  );
  const webview = new RequestChannel({ post: (m: ChannelMessage) => toHost.push(m) });
  const call = (what: string) => {
    const found = calls.find((c) => c.what === what);
    assert.ok(found, `${what} was called: ${calls.map((c) => c.what).join(', ')}`);
    return found;
  };
  return {
    calls,
    call,
    logged,
    host,
    webview,
    toWebview,
    async deliver() {
      for (let round = 0; round < 5; round++) {
        await settle();
        for (const m of toHost.splice(0)) host.receive(m);
        for (const m of toWebview.splice(0)) webview.receive(m);
      }
    },
  };
}

const TILE = { set: 'mly1_public', z: 14, x: 8783, y: 5137 } as const;

describe('map requests on the host', () => {
  it('answers a tile request with exactly the bytes of the tile', async () => {
    const h = harness();
    const answer = h.webview.request(tileRequest, TILE);
    await h.deliver();
    const wide = new Uint8Array([9, 9, 1, 2, 3, 9]);
    h.call('tile mly1_public/14/8783/5137').settle({ bytes: wide.subarray(2, 5) });
    await h.deliver();
    const { bytes } = await answer;
    assert.ok(bytes instanceof ArrayBuffer);
    assert.deepEqual([...new Uint8Array(bytes)], [1, 2, 3]);
  });

  it('stops the fetch of a tile the webview cancels, and sends nothing for it', async () => {
    const h = harness();
    const controller = new AbortController();
    const answer = h.webview.request(tileRequest, TILE, { signal: controller.signal });
    await h.deliver();
    controller.abort();
    await assert.rejects(answer, RequestCancelledError);
    await h.deliver();
    const fetch = h.call('tile mly1_public/14/8783/5137');
    assert.equal(fetch.signal.aborted, true);
    fetch.settle({ bytes: new Uint8Array(3) });
    await h.deliver();
    assert.deepEqual(h.toWebview, []);
    assert.equal(h.host.servingCount(), 0);
  });

  it('stops everything in flight when the panel closes', async () => {
    const h = harness();
    const tile = h.webview.request(tileRequest, TILE);
    const image = h.webview.request(openImageRequest, { imageId: '311799370533334' });
    tile.catch(() => undefined);
    image.catch(() => undefined);
    await h.deliver();
    assert.equal(h.host.servingCount(), 2);
    h.host.dispose();
    assert.ok(h.calls.length >= 3 && h.calls.every((c) => c.signal.aborted), 'every fetch stopped');
    for (const c of h.calls) c.settle({});
    await h.deliver();
    assert.deepEqual(h.toWebview, [], 'nothing is sent from a closed panel');
    h.webview.dispose();
    await assert.rejects(tile, (e: unknown) => e instanceof RequestCancelledError);
  });

  it('opens an image with thousands of detections and a wrapped outline, with a note', async () => {
    const h = harness();
    const answer = h.webview.request(openImageRequest, { imageId: '311799370533334' });
    await h.deliver();
    h.call('image 311799370533334').settle({ id: '311799370533334', width: 4160, height: 3120 });
    h.call('detections 311799370533334').settle(
      Array.from({ length: 6001 }, (_, i) => ({
        id: String(1_000_000 + i),
        value: 'object--vehicle--car',
        geometry: i === 0 ? 'GjUK\nBm1w' : 'GjUKBm1w',
      })),
    );
    await h.deliver();
    h.call('thumbnail 311799370533334').fail(new Error('no thumbnail'));
    await h.deliver();
    const shown = await answer;
    assert.equal(shown.detections.length, MAX_DETECTIONS);
    assert.equal(shown.detections[0]?.geometry, 'GjUKBm1w');
    assert.deepEqual(shown.notes, ['6,001 detections: only the first 5,000 are shown']);
    assert.equal(shown.thumbnail, null);
    assert.ok(h.logged.some((line) => /shown without part of it/.test(line)));
  });

  it('gives up an older image for a newer click', async () => {
    const h = harness();
    const older = h.webview.request(openImageRequest, { imageId: '1' });
    older.catch(() => undefined);
    await h.deliver();
    const newer = h.webview.request(openImageRequest, { imageId: '2' });
    newer.catch(() => undefined);
    await h.deliver();
    await assert.rejects(older, (e: unknown) => e instanceof RequestCancelledError);
    assert.equal(h.call('image 1').signal.aborted, true);
    assert.equal(h.call('image 2').signal.aborted, false);
  });

  it('sends a failure with the token redacted, and logs it', async () => {
    const h = harness();
    const answer = h.webview.request(tileRequest, TILE);
    answer.catch(() => undefined);
    await h.deliver();
    h.call('tile mly1_public/14/8783/5137').fail(
      new Error('HTTP 500 for https://tiles.example/x?access_token=MLY|123|secret'),
    );
    await h.deliver();
    await assert.rejects(answer, (e: unknown) => {
      assert.ok(e instanceof RequestFailedError);
      assert.match(e.message, /HTTP 500/);
      assert.doesNotMatch(e.message, /secret/);
      return true;
    });
    assert.ok(h.logged.some((line) => /tile mly1_public\/14\/8783\/5137 failed/.test(line)));
    assert.ok(h.logged.every((line) => !line.includes('secret')));
  });
});
