import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DailyBudget } from '../../../src/core/http/dailyBudget';
import { MapillaryHttp, type RequestEvent } from '../../../src/core/http/mapillaryHttp';
import { TileCache } from '../../../src/core/tiles/tileCache';
import { TileFetcher } from '../../../src/core/tiles/tileFetcher';
import {
  type TileTokenCandidate,
  type TileTokenSource,
  tileTokenSource,
} from '../../../src/core/tiles/tileToken';
import { TokenKinds, meProbe } from '../../../src/core/api/tokenKinds';
import { GraphError } from '../../../src/shared/api/graphError';
import { lonLatToTile } from '../../../src/shared/tiles/tileMath';
import { type Emulator } from '../../emulator/emulator';
import {
  FakeClock,
  type SentRequest,
  makeClient,
  recordingFetch,
  rejection,
  useEmulator,
} from './harness';
import { waitFor } from '../../support/waitFor';

interface TileHarness {
  fetcher: TileFetcher;
  cache: TileCache;
  sent: SentRequest[];
  events: RequestEvent[];
  now: { value: number };
  dir: string;
}

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mly-tiles-'));
  dirs.push(dir);
  return dir;
}

async function makeFetcher(
  tilesUrl: string,
  token: string,
  options: {
    maxBytes?: number;
    budget?: DailyBudget;
    dir?: string;
    now?: { value: number };
    tileToken?: TileTokenSource;
    /** Wraps the (recording) network, e.g. to hold an answer back. */
    wrapFetch?: (inner: typeof fetch) => typeof fetch;
  } = {},
): Promise<TileHarness> {
  const dir = options.dir ?? (await tempDir());
  const now = options.now ?? { value: Date.now() };
  const cache = await TileCache.open({ dir, maxBytes: options.maxBytes, now: () => now.value });
  const sent: SentRequest[] = [];
  const events: RequestEvent[] = [];
  const http = new MapillaryHttp({
    getToken: () => Promise.resolve(token),
    fetch: (options.wrapFetch ?? ((f) => f))(recordingFetch(sent)),
    clock: new FakeClock(),
    onEvent: (e) => events.push(e),
  });
  const fetcher = new TileFetcher({
    http,
    tilesUrl,
    cache,
    budget: options.budget,
    tileToken:
      options.tileToken ??
      (() => Promise.resolve({ token, kind: 'client' as const, origin: 'the test token' })),
  });
  return { fetcher, cache, sent, events, now, dir };
}

/** z14 tiles around the dataset's centre that hold images. */
function busyTiles(emulator: Emulator): { x: number; y: number }[] {
  const counts = new Map<string, number>();
  for (const image of emulator.dataset.images) {
    const t = lonLatToTile(image.lon, image.lat, 14);
    const key = `${t.x}/${t.y}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([key]) => {
      const [x, y] = key.split('/').map(Number);
      return { x: x as number, y: y as number };
    });
}

describe('tile fetcher and disk cache (emulator)', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** The real token choice over the emulator: candidates checked with `/me` as in production. */
  function chooser(em: Emulator, candidates: TileTokenCandidate[]): TileTokenSource {
    return tileTokenSource({
      candidates: () => Promise.resolve(candidates),
      kinds: new TokenKinds(meProbe(makeClient(em).client)),
      missing: ({ userToken }) =>
        userToken ? 'Add the client token (user token at hand).' : 'Add the client token.',
    });
  }

  it('sends the client token as access_token, never in a header', async () => {
    const em = emulator();
    const tile = busyTiles(em)[0];
    assert.ok(tile);
    const client = await makeFetcher(em.tilesUrl, 'unused', {
      tileToken: chooser(em, [{ token: em.clientToken, origin: 'test', declaredClient: true }]),
    });
    const result = await client.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    assert.equal(result.source, 'network');
    assert.ok(result.bytes.byteLength > 100);
    assert.equal(result.bytes[0], 0x1a, 'an MVT layer');
    assert.equal(
      new URL(client.sent[0]?.url ?? '').searchParams.get('access_token'),
      em.clientToken,
    );
    assert.equal(client.sent[0]?.headers.authorization, undefined);
    for (const event of client.events) assert.ok(!event.url.includes(em.clientToken));
    const tileRequests = em.requests().filter((r) => r.endpoint.startsWith('tiles:'));
    assert.deepEqual(
      tileRequests.map((r) => r.auth),
      [{ header: false, via: 'query', kind: 'client' }],
    );
  });

  it('never sends a user token to tiles: it says what is missing instead', async () => {
    const em = emulator();
    const tile = busyTiles(em)[0] as { x: number; y: number };
    const userToken = em.issueUserToken();
    const user = await makeFetcher(em.tilesUrl, userToken, {
      tileToken: chooser(em, [{ token: userToken, origin: 'the session', declaredClient: false }]),
    });
    const error = await rejection(user.fetcher.getTile('mly1_public', 14, tile.x, tile.y));
    assert.ok(error instanceof GraphError && error.kind === 'no-client-token', String(error));
    assert.equal(error.message, 'Add the client token (user token at hand).');
    assert.equal(user.sent.length, 0, 'no tile request at all');
    assert.equal(em.count('tiles:'), 0);

    // Offered as a client token by mistake: the message names where it came from.
    const mistaken = await makeFetcher(em.tilesUrl, userToken, {
      tileToken: chooser(em, [
        { token: userToken, origin: '--client-token', declaredClient: true },
      ]),
    });
    const named = await rejection(mistaken.fetcher.getTile('mly1_public', 14, tile.x, tile.y));
    assert.ok(named instanceof GraphError && named.kind === 'no-client-token');
    assert.match(named.message, /^--client-token holds a user token, not a client token/);
    assert.ok(!named.message.includes(userToken));
    assert.equal(em.count('tiles:'), 0);

    // With both at hand, the client token serves the tile and the user token stays out of it.
    const both = await makeFetcher(em.tilesUrl, userToken, {
      tileToken: chooser(em, [
        { token: userToken, origin: 'the session', declaredClient: false },
        { token: em.clientToken, origin: 'the stored client token', declaredClient: true },
      ]),
    });
    await both.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    assert.equal(both.sent.length, 1);
    assert.ok(!both.sent[0]?.url.includes(encodeURIComponent(userToken)));
    assert.equal(both.sent[0]?.headers.authorization, undefined);
    for (const r of em.requests().filter((q) => q.endpoint.startsWith('tiles:'))) {
      assert.deepEqual(r.auth, { header: false, via: 'query', kind: 'client' });
    }
  });

  it('names the fix when the token given as the client token is not accepted at all', async () => {
    const em = emulator();
    const tile = busyTiles(em)[0] as { x: number; y: number };
    const secretLike = `MLY|${em.oauthClient.id}|0123456789abcdef0123456789abcdef`;
    const h = await makeFetcher(em.tilesUrl, 'unused', {
      tileToken: chooser(em, [
        { token: secretLike, origin: 'MAPILLARY_CLIENT_TOKEN', declaredClient: true },
      ]),
    });
    const error = await rejection(h.fetcher.getTile('mly1_public', 14, tile.x, tile.y));
    assert.ok(error instanceof GraphError && error.kind === 'invalid-token', String(error));
    assert.match(error.message, /did not accept the token from MAPILLARY_CLIENT_TOKEN/);
    assert.match(error.message, /Client Token of your app .* \(not the client secret\)/);
    assert.ok(!error.message.includes('0123456789abcdef'));
    assert.equal(em.count('tiles:'), 0);
  });

  it('says which URL shape and token kind a 404 or 401 answered, never the token', async () => {
    const em = emulator();
    const tile = busyTiles(em)[0] as { x: number; y: number };
    // The old form of the URL: the emulator, like the service, has nothing there.
    const old = await makeFetcher(em.tilesUrl.replace(/\/maps\/vtp$/, ''), em.clientToken);
    const notFound = await rejection(old.fetcher.getTile('mly1_public', 14, tile.x, tile.y));
    assert.ok(notFound instanceof GraphError && notFound.kind === 'not-found');
    assert.ok(
      notFound.message.includes(
        `${em.graphUrl}/mly1_public/2/{z}/{x}/{y} with the client token from the test token as ?access_token`,
      ),
      notFound.message,
    );
    assert.ok(!notFound.message.includes(em.clientToken));
    const wrong = await makeFetcher(em.tilesUrl, 'MLY|123|0123456789abcdef');
    const refused = await rejection(wrong.fetcher.getTile('mly1_public', 14, tile.x, tile.y));
    assert.ok(refused instanceof GraphError && refused.kind === 'invalid-token');
    assert.match(refused.message, /HTTP 401, code 190/);
    assert.match(
      refused.message,
      /\/maps\/vtp\/mly1_public\/2\/\{z\}\/\{x\}\/\{y\} with the client token from the test token as \?access_token/,
    );
    assert.ok(!refused.message.includes('0123456789abcdef'));
    assert.equal(wrong.sent.length, 1, 'a client token refused is not refreshed or retried');
  });

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
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
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
