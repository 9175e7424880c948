// The Graph client against bare `fetch` at the same concurrency: the time each needs for the same
// requests (single images, 16 in flight, 50 ms of latency per answer) against the emulator in a
// process of its own, alternating rounds and keeping the median of each, once on a quiet machine
// and once with a CPU burner beside it. The baseline parses each answer with `response.json()`, as
// any client that uses the answers must; the client also validates, retries, rate-limits and
// bounds what it reads. The CPU time per request of each side is reported too: it decides the
// time on a machine whose cores are busy. Also: entities per second through batched reads, and the cost of a tile
// served from the disk cache. Figures describe this machine and this run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMapillaryClient } from '../src/core/api/mapillaryClient';
import { mapConcurrent } from '../src/core/http/semaphore';
import { TileCache } from '../src/core/tiles/tileCache';
import { TileFetcher } from '../src/core/tiles/tileFetcher';
import { lonLatToTile } from '../src/shared/tiles/tileMath';
import { buildDataset } from '../test/emulator/dataset';
import { withAndWithoutBurner } from './cpuBurner';
import { startRemoteEmulator } from './remoteEmulator';

const LATENCY_MS = 50;
const CONCURRENCY = 16;
const REQUESTS = 800;
const ROUNDS = 5;
const SEED = 3;
// The fields a map marker needs; the same small set keeps the emulator's own cost out of the figure.
const BENCH_FIELDS = ['id', 'captured_at', 'geometry'];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;

/** Runs the benchmark and returns its figures. */
export async function run(): Promise<Record<string, number | string>> {
  const emulator = await startRemoteEmulator({ size: 'small', seed: SEED, latencyMs: LATENCY_MS });
  const dir = await mkdtemp(path.join(tmpdir(), 'mly-client-bench-'));
  try {
    const client = await createMapillaryClient({
      graphUrl: emulator.graphUrl,
      tilesUrl: emulator.tilesUrl,
      getToken: () => Promise.resolve(emulator.clientToken),
    });
    const api = client.api;
    const ids = buildDataset(SEED, 'small').images.map((image) => image.id);
    const workload = Array.from({ length: REQUESTS }, (_, i) => ids[i % ids.length] as string);
    const viaClient = (id: string) => api.getImage(id, BENCH_FIELDS);
    const viaFetch = async (id: string) => {
      const response = await fetch(`${emulator.graphUrl}/${id}?fields=${BENCH_FIELDS.join(',')}`, {
        headers: { authorization: `OAuth ${emulator.clientToken}` },
      });
      return response.json();
    };
    const cpu = { client: [] as number[], fetch: [] as number[] };
    const timed = async (fetchOne: (id: string) => Promise<unknown>): Promise<number> => {
      const started = performance.now();
      const used = process.cpuUsage();
      await mapConcurrent(workload, CONCURRENCY, fetchOne);
      const { user, system } = process.cpuUsage(used);
      cpu[fetchOne === viaClient ? 'client' : 'fetch'].push((user + system) / REQUESTS);
      return performance.now() - started;
    };
    // Warm up connections and the JIT on both sides.
    await timed(viaClient);
    await timed(viaFetch);
    const compare = async () => {
      const clientMs: number[] = [];
      const fetchMs: number[] = [];
      await emulator.resetLog();
      for (let round = 0; round < ROUNDS; round++) {
        clientMs.push(await timed(viaClient));
        fetchMs.push(await timed(viaFetch));
      }
      // Every request of both sides reached the emulator: nothing was served from elsewhere.
      const served = await emulator.requestCount();
      if (served !== 2 * ROUNDS * REQUESTS) {
        throw new Error(`expected ${2 * ROUNDS * REQUESTS} requests, saw ${served}`);
      }
      const clientCpu = median(cpu.client.splice(0));
      const fetchCpu = median(cpu.fetch.splice(0));
      return {
        clientMs: Math.round(median(clientMs)),
        bareFetchMs: Math.round(median(fetchMs)),
        clientTimeOfBareFetch: Number((median(clientMs) / median(fetchMs)).toFixed(3)),
        // CPU time of this process per request: what the client costs on a loaded machine.
        clientCpuUsPerRequest: Math.round(clientCpu),
        bareFetchCpuUsPerRequest: Math.round(fetchCpu),
        clientCpuOfBareFetch: Number((clientCpu / fetchCpu).toFixed(3)),
      };
    };
    const figures = await withAndWithoutBurner(compare);

    const batchIds = ids.slice(0, 1200);
    const batchStarted = performance.now();
    const many = await api.getMany(batchIds, undefined, undefined, { concurrency: 6 });
    const batchSeconds = (performance.now() - batchStarted) / 1000;

    const image = buildDataset(SEED, 'small').images[0];
    const tile = lonLatToTile(image?.lon ?? 0, image?.lat ?? 0, 14);
    const cache = await TileCache.open({ dir });
    const tiles = new TileFetcher({
      http: client.graph.http,
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
      clientIdealMs: Math.round((REQUESTS / CONCURRENCY) * LATENCY_MS),
      ...figures,
      clientBatchIds: batchIds.length,
      clientBatchFound: many.found.size,
      clientBatchEntitiesPerSecond: Math.round(many.found.size / batchSeconds),
      clientTileBytes: fetched.bytes.byteLength,
      clientTileNetworkMs: networkMs,
      clientTileCachedMs: cachedMs,
    };
  } finally {
    emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}
