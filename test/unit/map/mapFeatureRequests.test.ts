import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { MapillaryClient } from '../../../src/core/api/mapillaryClient';
import { RequestChannel } from '../../../src/shared/channel/requestChannel';
import type { Logger } from '../../../src/shared/logger';
import {
  openFeatureRequest,
  resolveCreatorRequest,
  spriteAtlasRequest,
} from '../../../src/shared/map/featureMessages';
import {
  mementoUsernames,
  registerFeatureRequests,
  type FeatureRequestOptions,
} from '../../../src/extension/mapFeatureRequests';

const log = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;

/** A memento in memory, as VS Code's globalState. */
function memento() {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: (key: string, value: unknown) => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
}

/** The host's handlers joined directly to a webview end, over a fake client. */
function harness(api: Record<string, unknown>, options: FeatureRequestOptions) {
  // The host answers asynchronously, by which time the webview end below exists.
  const host: RequestChannel = new RequestChannel({
    post: (m) => void Promise.resolve().then(() => webview.receive(m)),
  });
  const webview: RequestChannel = new RequestChannel({
    post: (m) => void Promise.resolve().then(() => host.receive(m)),
  });
  const client = { api } as unknown as MapillaryClient;
  registerFeatureRequests(host, { get: () => Promise.resolve(client) }, log, options);
  return webview;
}

describe('map host: feature, creator and icon requests', () => {
  it('resolves a username once through an image search, then from memory', async () => {
    const asked: unknown[] = [];
    const api = {
      async *listImages(filters: unknown) {
        asked.push(filters);
        await Promise.resolve();
        yield { id: '1', creator: { id: '424242', username: 'Anders' } };
      },
    };
    const usernames = mementoUsernames(memento());
    const webview = harness(api, { usernames });
    const first = await webview.request(resolveCreatorRequest, { username: 'anders' });
    assert.deepEqual(first, { id: '424242', username: 'Anders' });
    assert.deepEqual(asked, [{ creatorUsername: 'anders', fields: ['id', 'creator'], limit: 1 }]);
    const again = await webview.request(resolveCreatorRequest, { username: 'ANDERS' });
    assert.equal(again.id, '424242');
    assert.equal(asked.length, 1, 'remembered, case aside');
  });

  it('says what to do when nobody of that name has images', async () => {
    const api = {
      // eslint-disable-next-line require-yield
      async *listImages() {
        await Promise.resolve();
      },
    };
    const webview = harness(api, { usernames: mementoUsernames(memento()) });
    await assert.rejects(
      webview.request(resolveCreatorRequest, { username: 'nobody' }),
      /no images by the user "nobody": check the spelling, or give the user's numeric id/,
    );
  });

  it("answers a feature with its images newest first and the newest ones' thumbnails", async () => {
    const thumbs: string[] = [];
    const api = {
      getMapFeature: () =>
        Promise.resolve({ id: '555', object_value: 'regulatory--stop--g1', first_seen_at: 1000 }),
      getDetections: () =>
        Promise.resolve([
          { id: '9001', image: { id: '11' } },
          { id: '9002', image: { id: '12' } },
        ]),
      getMany: () =>
        Promise.resolve({
          found: new Map([
            ['11', { id: '11', captured_at: 5000 }],
            ['12', { id: '12', captured_at: 9000 }],
          ]),
        }),
      getImage: (id: string) => {
        thumbs.push(id);
        return Promise.resolve({ id, thumb_256_url: `http://127.0.0.1:9/${id}.jpg` });
      },
    };
    const webview = harness(api, {});
    const answer = await webview.request(openFeatureRequest, { featureId: '555' });
    assert.equal(answer.feature.value, 'regulatory--stop--g1');
    assert.deepEqual(
      answer.images.map((i) => [i.imageId, i.detectionId, i.capturedAt]),
      [
        ['12', '9002', 9000],
        ['11', '9001', 5000],
      ],
    );
    assert.equal(answer.detections, 2);
  });

  it('reads the sprite atlas the build made, and refuses an index that is not one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sprites-'));
    try {
      writeFileSync(path.join(dir, 'sprites.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      writeFileSync(
        path.join(dir, 'sprites.json'),
        JSON.stringify({ cell: 32, width: 32, height: 32, icons: { a: [0, 0, 32, 32] } }),
      );
      const webview = harness({}, { spritesDir: dir });
      const atlas = await webview.request(spriteAtlasRequest, {});
      assert.equal(atlas.png.byteLength, 4);
      assert.deepEqual(atlas.index.icons.a, [0, 0, 32, 32]);
      writeFileSync(path.join(dir, 'sprites.json'), JSON.stringify({ cell: -1, icons: [] }));
      await assert.rejects(webview.request(spriteAtlasRequest, {}), /index is not valid/);
      await assert.rejects(harness({}, {}).request(spriteAtlasRequest, {}), /were not built/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
