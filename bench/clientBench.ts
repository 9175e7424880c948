// Throughput of the Graph client against the local emulator with 50 ms of latency per answer: how
// many requests per second it sustains at a fixed concurrency, compared with the ideal
// (concurrency / latency), plus entities per second through batched `?ids=` calls, and the cost of
// serving tiles from the disk cache. Figures describe this machine and this run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MapillaryApi } from '../src/core/api/mapillaryApi';
import { mapConcurrent } from '../src/core/http/semaphore';
import { GraphClient } from '../src/core/http/graphClient';
import { TileCache } from '../src/core/tiles/tileCache';
import { TileFetcher } from '../src/core/tiles/tileFetcher';
import { lonLatToTile } from '../src/shared/tiles/tileMath';
import { startEmulator } from '../test/emulator/emulator';

const LATENCY_MS = 50;
const CONCURRENCY = 16;
const REQUESTS = 800;
const ROUNDS = 2;
// The fields a map marker needs; the same small set keeps the emulator's own cost out of the figure.
const BENCH_FIELDS = ['id', 'captured_at', 'geometry'];

/** Runs the benchmark and returns its figures. */
export async function run(): Promise<Record<string, number | string>> {
  const emulator = await startEmulator({ seed: 3, size: 'small', latencyMs: LATENCY_MS });
  const dir = await mkdtemp(path.join(tmpdir(), 'mly-client-bench-'));
  try {
    const client = new GraphClient({
      baseUrl: emulator.graphUrl,
      getToken: () => Promise.resolve(emulator.clientToken),
      maxConcurrent: CONCURRENCY,
    });
    const api = new MapillaryApi(client);
    const ids = emulator.dataset.images.map((image) => image.id);

    // Warm up connections and the JIT.
    await mapConcurrent(ids.slice(0, CONCURRENCY * 2), CONCURRENCY, (id) => api.getImage(id));

    const workload = Array.from({ length: REQUESTS }, (_, i) => ids[i % ids.length] as string);
    const throughput = async (fetchOne: (id: string) => Promise<unknown>): Promise<number> => {
      const started = performance.now();
      await mapConcurrent(workload, CONCURRENCY, fetchOne);
      return REQUESTS / ((performance.now() - started) / 1000);
    };
    const viaClient = (id: string) => api.getImage(id, BENCH_FIELDS);
    // The same requests with bare fetch: what the transport and the emulator allow on their own.
    const viaFetch = async (id: string) => {
      const response = await fetch(`${emulator.graphUrl}/${id}?fields=${BENCH_FIELDS.join(',')}`, {
        headers: { authorization: `OAuth ${emulator.clientToken}` },
      });
      await response.text();
    };
    // Alternating rounds, best of each, so a busy moment on the machine does not favour either side.
    emulator.resetLog();
    let rps = 0;
    let rawRps = 0;
    for (let round = 0; round < ROUNDS; round++) {
      rps = Math.max(rps, await throughput(viaClient));
      rawRps = Math.max(rawRps, await throughput(viaFetch));
    }
    // Every request of both sides reached the emulator: nothing was served from elsewhere.
    const served = emulator.count('graph:image');
    if (served !== 2 * ROUNDS * REQUESTS)
      throw new Error(`expected ${2 * ROUNDS * REQUESTS} requests, saw ${served}`);
    const ideal = CONCURRENCY / (LATENCY_MS / 1000);

    const batchIds = ids.slice(0, 1200);
    const batchStarted = performance.now();
    const many = await api.getMany(batchIds, undefined, undefined, { concurrency: 6 });
    const batchSeconds = (performance.now() - batchStarted) / 1000;

    const image = emulator.dataset.images[0];
    const tile = lonLatToTile(image?.lon ?? 0, image?.lat ?? 0, 14);
    const cache = await TileCache.open({ dir });
    const tiles = new TileFetcher({
      http: client.http,
      tilesUrl: emulator.tilesUrl,
      cache,
      tileToken: () =>
        Promise.resolve({ token: emulator.clientToken, kind: 'client', origin: 'the emulator' }),
    });
    const first = performance.now();
    const fetched = await tiles.getTile('mly1_public', 14, tile.x, tile.y);
    const networkMs = performance.now() - first;
    const cachedStarted = performance.now();
    const rounds = 200;
    for (let i = 0; i < rounds; i++) await tiles.getTile('mly1_public', 14, tile.x, tile.y);
    const cachedMs = (performance.now() - cachedStarted) / rounds;

    return {
      clientLatencyMs: LATENCY_MS,
      clientConcurrency: CONCURRENCY,
      clientRequestsPerRound: REQUESTS,
      clientRounds: ROUNDS,
      clientRequestsPerSecond: rps,
      clientIdealRequestsPerSecond: ideal,
      clientEfficiencyPct: (100 * rps) / ideal,
      clientBareFetchRequestsPerSecond: rawRps,
      clientVsBareFetchPct: (100 * rps) / rawRps,
      clientBatchIds: batchIds.length,
      clientBatchFound: many.found.size,
      clientBatchEntitiesPerSecond: many.found.size / batchSeconds,
      clientTileBytes: fetched.bytes.byteLength,
      clientTileNetworkMs: networkMs,
      clientTileCachedMs: cachedMs,
    };
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}
