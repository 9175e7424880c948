// Shared setup of the tile tests: a tile fetcher with its disk cache in a temporary folder, the
// z14 tiles of the emulator's dataset that hold images, and the production token choice.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type DailyBudget } from '../../../src/core/http/dailyBudget';
import { MapillaryHttp, type RequestEvent } from '../../../src/core/http/mapillaryHttp';
import { TileCache } from '../../../src/core/tiles/tileCache';
import { TileFetcher } from '../../../src/core/tiles/tileFetcher';
import {
  type TileTokenCandidate,
  type TileTokenSource,
  tileTokenSource,
} from '../../../src/core/tiles/tileToken';
import { TokenKinds, meProbe } from '../../../src/core/api/tokenKinds';
import { lonLatToTile } from '../../../src/shared/tiles/tileMath';
import { type Emulator } from '../../emulator/emulator';
import { FakeClock, type SentRequest, makeClient, recordingFetch, useEmulator } from './harness';

/** A tile fetcher with what it sent, its cache and the time that cache sees. */
export interface TileHarness {
  fetcher: TileFetcher;
  cache: TileCache;
  sent: SentRequest[];
  events: RequestEvent[];
  now: { value: number };
  dir: string;
}

const dirs: string[] = [];

/** A new temporary folder, removed by `removeTempDirs`. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mly-tiles-'));
  dirs.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made. */
export async function removeTempDirs(): Promise<void> {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}

/** Starts one emulator for a suite, and removes the temporary folders afterwards. */
export function useTileEmulator(): () => Emulator {
  const emulator = useEmulator();
  after(removeTempDirs);
  return emulator;
}

/** Builds a tile fetcher against `tilesUrl` with a cache in a new (or the given) folder. */
export async function makeFetcher(
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
export function busyTiles(emulator: Emulator): { x: number; y: number }[] {
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

/** The real token choice over the emulator: candidates checked with `/me` as in production. */
export function chooser(em: Emulator, candidates: TileTokenCandidate[]): TileTokenSource {
  return tileTokenSource({
    candidates: () => Promise.resolve(candidates),
    kinds: new TokenKinds(meProbe(makeClient(em).client)),
    missing: ({ userToken }) =>
      userToken ? 'Add the client token (user token at hand).' : 'Add the client token.',
  });
}
