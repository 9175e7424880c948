// Finds the sequences an organization (or a creator) has inside an area. The service has no
// endpoint that lists an organization's sequences, so they are read from the z14 coverage tiles
// that intersect the area: the `image` layer gives each image's organization, sequence, capture
// time and position; the `sequence` layer gives line pieces, cut at tile edges, joined here by
// sequence id. Tiles come through the tile fetcher, so its disk cache makes a second listing of the
// same area free, and each tile is decoded with the bounded decoder, so a bad tile costs one tile.
import { type Bbox, bboxProblem } from '../../shared/api/bbox';
import { GraphError } from '../../shared/api/graphError';
import {
  type AreaSequence,
  type SequenceOwner,
  SequenceCollector,
} from '../../shared/explorer/sequenceCollector';
import { type Area, areaFromBbox } from '../../shared/geo/area';
import { decodeTile, type DecodeLimits } from '../../shared/tiles/boundedDecoder';
import {
  COVERAGE_ZOOM,
  type TileCoord,
  countTilesCoveringBbox,
  tilesCoveringBbox,
} from '../../shared/tiles/tileMath';
import { type TileSetName } from '../../shared/tiles/tileSets';
import { mapConcurrent } from '../http/semaphore';
import { type TileCallOptions, type TileResult } from '../tiles/tileFetcher';

export {
  type AreaSequence,
  type SequenceOwner,
  sortSequences,
} from '../../shared/explorer/sequenceCollector';

/** What the finder needs from the tile fetcher. */
export interface CoverageTileSource {
  getTile(
    set: TileSetName,
    z: number,
    x: number,
    y: number,
    options?: TileCallOptions,
  ): Promise<TileResult>;
}

/** A tile that could not be used, and why. */
export interface SkippedTile {
  tile: TileCoord;
  reason: string;
}

/** What {@link findAreaSequences} found. */
export interface AreaSequencesResult {
  /** Newest first (by capture time), then by id. */
  sequences: AreaSequence[];
  /** The z14 tiles read (the number the area intersects). */
  tilesRead: number;
  /** Of those, how many came from the network rather than the cache. */
  tilesFromNetwork: number;
  /** Tiles that were not tiles or exceeded the decoder's limits; their content is missing. */
  skippedTiles: SkippedTile[];
}

/** Options of {@link findAreaSequences}. */
export interface AreaSequencesOptions {
  /** `mly1_public` (original positions, the default) or `mly1_computed_public`. */
  set?: 'mly1_public' | 'mly1_computed_public';
  /** Most tiles one listing may read (default 256); a larger area is refused with the reason. */
  maxTiles?: number;
  /** Tiles fetched at once (default 6). */
  concurrency?: number;
  signal?: AbortSignal;
  decodeLimits?: Partial<DecodeLimits>;
  /** Called after each tile. */
  onProgress?: (done: number, total: number) => void;
}

/** Default most tiles per listing: 16 x 16 z14 tiles, about 39 km square at the equator. */
export const DEFAULT_MAX_AREA_TILES = 256;

/**
 * The z14 tiles an area needs, or a {@link GraphError} of kind 'bad-request' that says why the
 * area cannot be listed (not a valid bbox, or more tiles than `maxTiles`).
 */
export function areaTiles(bbox: Bbox, maxTiles = DEFAULT_MAX_AREA_TILES): TileCoord[] {
  const problem = bboxProblem(bbox);
  if (problem) throw new GraphError('bad-request', `Cannot list this area: ${problem}.`);
  const count = countTilesCoveringBbox(bbox, COVERAGE_ZOOM);
  if (count > maxTiles) {
    throw new GraphError(
      'bad-request',
      `The area covers ${count} coverage tiles; at most ${maxTiles} are read at once to spare the daily tile budget: set a smaller area.`,
    );
  }
  return tilesCoveringBbox(bbox, COVERAGE_ZOOM, maxTiles);
}

/**
 * The sequences of `owner` inside `bbox` (or inside an area of any shape), read from the z14
 * coverage tiles that intersect its bounding box. Throws a {@link GraphError} when the area is
 * unusable or a tile request fails (token, rate limit, network); a tile that is not a valid tile is
 * skipped and reported. Areas over `maxTiles` tiles are listed by the pyramid descent instead.
 */
export async function findAreaSequences(
  tiles: CoverageTileSource,
  owner: SequenceOwner,
  bbox: Bbox | Area,
  options: AreaSequencesOptions = {},
): Promise<AreaSequencesResult> {
  if (owner.organizationId === undefined && owner.creatorId === undefined) {
    throw new GraphError('bad-request', 'Listing sequences needs an organization or a creator.');
  }
  const area = 'polygons' in bbox ? bbox : undefined;
  const coords = areaTiles(area ? area.bbox : (bbox as Bbox), options.maxTiles);
  const set = options.set ?? 'mly1_public';
  const collector = new SequenceCollector(owner, area ?? areaFromBbox(bbox as Bbox));
  const skippedTiles: SkippedTile[] = [];
  let tilesFromNetwork = 0;
  let done = 0;
  await mapConcurrent(coords, options.concurrency ?? 6, async (tile) => {
    const result = await tiles.getTile(set, tile.z, tile.x, tile.y, { signal: options.signal });
    if (result.source === 'network') tilesFromNetwork += 1;
    if (!result.empty) {
      const decoded = decodeTile(result.bytes, options.decodeLimits);
      if (!decoded.ok) {
        skippedTiles.push({ tile, reason: decoded.error.message });
      } else {
        collector.addTile(tile, decoded.value);
      }
    }
    done += 1;
    options.onProgress?.(done, coords.length);
  });
  return {
    sequences: collector.result(),
    tilesRead: coords.length,
    tilesFromNetwork,
    skippedTiles,
  };
}
