import { strict as assert } from 'node:assert';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { downloadThumbnail } from '../../../src/core/api/thumbnails';
import { GraphError } from '../../../src/shared/api/graphError';
import { makeClient, rejection, useEmulator } from './harness';

describe('thumbnails (emulator)', function () {
  this.timeout(60_000);
  const emulator = useEmulator();

  it('downloads a JPEG without sending the token to the thumbnail URL', async () => {
    const { client, sent } = makeClient(emulator());
    const id = emulator().dataset.images[0]?.id as string;
    const thumb = await downloadThumbnail(new MapillaryApi(client), id, 256);
    assert.equal(thumb.bytes[0], 0xff);
    assert.equal(thumb.bytes[1], 0xd8);
    assert.match(thumb.contentType, /image\/jpeg/);
    const download = sent.find((r) => r.url.includes('/thumbs/'));
    assert.ok(download);
    assert.equal(download.headers.authorization, undefined);
    assert.ok(!download.url.includes(emulator().clientToken));
  });

  it('asks for a fresh signed URL after a 403 and retries once', async () => {
    const { client } = makeClient(emulator());
    const id = emulator().dataset.images[1]?.id as string;
    emulator().addFault({ kind: 'expiredThumb', count: 1 });
    const thumb = await downloadThumbnail(new MapillaryApi(client), id, 1024);
    assert.ok(thumb.bytes.byteLength > 100);
    assert.equal(emulator().count('graph:image'), 2);
    assert.equal(emulator().count('thumb'), 2);
  });

  it('gives up after the fresh URL fails too', async () => {
    const { client } = makeClient(emulator());
    const id = emulator().dataset.images[2]?.id as string;
    emulator().addFault({ kind: 'expiredThumb' });
    const error = await rejection(downloadThumbnail(new MapillaryApi(client), id, 256));
    assert.ok(error instanceof GraphError && error.status === 403);
    assert.equal(emulator().count('thumb'), 2);
  });
});
