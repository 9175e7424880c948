// Tile bodies from a local HTTP server: gzip, an inflation bound, empty tiles, HTML pages and Graph
// errors sent in place of a tile.
import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { type AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { MapillaryHttp } from '../../../src/core/http/mapillaryHttp';
import { TileCache } from '../../../src/core/tiles/tileCache';
import { TileFetcher } from '../../../src/core/tiles/tileFetcher';
import { GraphError } from '../../../src/shared/api/graphError';
import { FakeClock, rejection } from './harness';
import { makeFetcher, removeTempDirs, tempDir } from './tileTestSupport';

describe('tile bodies over real HTTP (local server)', function () {
  this.timeout(30_000);
  let server: Server;
  let base = '';
  let body: { status: number; bytes: Buffer; type: string } = {
    status: 200,
    bytes: Buffer.alloc(0),
    type: 'application/x-protobuf',
  };
  const tileBytes = Buffer.from([0x1a, 0x04, 0x0a, 0x02, 0x68, 0x69]);

  before(async () => {
    server = createServer((_req, res) => {
      res.writeHead(body.status, {
        'content-type': body.type,
        'content-length': body.bytes.length,
      });
      res.end(body.bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/maps/vtp`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await removeTempDirs();
  });

  it('decompresses a gzip body and checks it again', async () => {
    body = { status: 200, bytes: gzipSync(tileBytes), type: 'application/x-protobuf' };
    const h = await makeFetcher(base, 'MLY|1|x');
    const result = await h.fetcher.getTile('mly1_public', 14, 1, 1);
    assert.deepEqual(Buffer.from(result.bytes), tileBytes);
    const onDisk = await readFile(path.join(h.dir, 'mly1_public+14+1+1.tile'));
    assert.deepEqual(onDisk, tileBytes, 'the cache stores the decompressed tile');
  });

  it('refuses a gzip body that expands beyond the bound', async () => {
    body = { status: 200, bytes: gzipSync(Buffer.alloc(5_000_000)), type: 'application/gzip' };
    const dir = await tempDir();
    const http = new MapillaryHttp({
      getToken: () => Promise.resolve('MLY|1|x'),
      clock: new FakeClock(),
    });
    const fetcher = new TileFetcher({
      http,
      tilesUrl: base,
      cache: await TileCache.open({ dir }),
      maxInflatedBytes: 1_000_000,
    });
    const error = await rejection(fetcher.getTile('mly1_public', 14, 2, 2));
    assert.ok(error instanceof GraphError && error.kind === 'invalid-response');
    assert.match(error.message, /expands beyond/);
  });

  it('treats an empty 200 as an empty tile and caches it', async () => {
    body = { status: 200, bytes: Buffer.alloc(0), type: 'application/x-protobuf' };
    const h = await makeFetcher(base, 'MLY|1|x');
    const result = await h.fetcher.getTile('mly1_public', 14, 3, 3);
    assert.equal(result.empty, true);
    assert.equal((await h.fetcher.getTile('mly1_public', 14, 3, 3)).source, 'cache');
    assert.equal(h.sent.length, 1);
  });

  it('reports an HTML page sent with 200 as a clear html error, without retrying', async () => {
    body = {
      status: 200,
      bytes: Buffer.from('<!doctype html><p>Sign in to the Wi-Fi'),
      type: 'text/html',
    };
    const h = await makeFetcher(base, 'MLY|1|x');
    const error = await rejection(h.fetcher.getTile('mly1_public', 14, 4, 4));
    assert.ok(error instanceof GraphError && error.kind === 'html');
    assert.match(error.message, /web page/);
    assert.equal(h.sent.length, 1);
  });

  it('parses a Graph error sent as a tile (rate limit, gzip-wrapped JSON)', async () => {
    const json = JSON.stringify({ error: { code: 4, is_transient: true, message: 'limit' } });
    body = { status: 403, bytes: Buffer.from(json), type: 'application/json' };
    const h = await makeFetcher(base, 'MLY|1|x');
    const http = new MapillaryHttp({
      getToken: () => Promise.resolve('MLY|1|x'),
      clock: new FakeClock(),
      maxAttempts: 2,
    });
    const fetcher = new TileFetcher({ http, tilesUrl: base, cache: h.cache });
    const error = await rejection(fetcher.getTile('mly1_public', 14, 5, 5));
    assert.ok(error instanceof GraphError && error.kind === 'rate-limit');
    body = { status: 200, bytes: gzipSync(Buffer.from(json)), type: 'application/x-protobuf' };
    const wrapped = await rejection(fetcher.getTile('mly1_public', 14, 6, 6));
    assert.ok(wrapped instanceof GraphError);
    assert.equal(wrapped.kind, 'invalid-response');
    assert.match(wrapped.message, /JSON/);
  });
});
