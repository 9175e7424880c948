// Builds the client objects the extension and the command line share: one request engine (one token,
// one retry budget), the Graph API on top of it, and the tile fetcher with its disk cache and the
// persisted daily tile budget.
import * as path from 'node:path';
import type { Logger } from '../shared/logger';
import { MapillaryApi } from './api/mapillaryApi';
import { DailyBudget } from './http/dailyBudget';
import { GraphClient } from './http/graphClient';
import type { InvalidTokenHook, RequestEvent, TokenProvider } from './http/mapillaryHttp';
import { TileCache } from './tiles/tileCache';
import { TileFetcher } from './tiles/tileFetcher';

/** What the services need from their host (VS Code settings or command-line options). */
export interface ServicesOptions {
  graphUrl: string;
  tilesUrl: string;
  getToken: TokenProvider;
  onInvalidToken?: InvalidTokenHook;
  /** Folder for the tile cache and the daily budget file; without it nothing is persisted. */
  storageDir?: string;
  /** Most bytes of tiles kept on disk (default 512 MB). */
  tileCacheBytes?: number;
  logger?: Logger;
  onEvent?: (event: RequestEvent) => void;
}

/** The shared client objects. */
export interface MapillaryServices {
  readonly client: GraphClient;
  readonly api: MapillaryApi;
  readonly tiles: TileFetcher;
  readonly budget: DailyBudget;
  readonly cache: TileCache | undefined;
  /** Writes pending cache and budget state to disk. */
  flush(): Promise<void>;
}

/** Creates the services; opens the cache and the budget when a storage folder is given. */
export async function createServices(options: ServicesOptions): Promise<MapillaryServices> {
  const client = new GraphClient({
    baseUrl: options.graphUrl,
    getToken: options.getToken,
    onInvalidToken: options.onInvalidToken,
    logger: options.logger,
    onEvent: options.onEvent,
  });
  const dir = options.storageDir;
  const [cache, budget] = await Promise.all([
    dir
      ? TileCache.open({
          dir: path.join(dir, 'tiles'),
          maxBytes: options.tileCacheBytes,
          logger: options.logger,
        })
      : Promise.resolve(undefined),
    DailyBudget.open({
      file: dir ? path.join(dir, 'tile-budget.json') : undefined,
      logger: options.logger,
    }),
  ]);
  const tiles = new TileFetcher({
    http: client.http,
    tilesUrl: options.tilesUrl,
    cache,
    budget,
    logger: options.logger,
  });
  return {
    client,
    api: new MapillaryApi(client),
    tiles,
    budget,
    cache,
    flush: async () => {
      await Promise.all([cache?.flush(), budget.flush()]);
    },
  };
}
