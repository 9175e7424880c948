// Finds the sequences an organization (or a creator) has inside an area. The service has no
// endpoint that lists an organization's sequences, so they are read from the z14 coverage tiles
// that intersect the area: the `image` layer gives each image's organization, sequence, capture
// time and position; the `sequence` layer gives line pieces, cut at tile edges, joined here by
// sequence id. Tiles come through the tile fetcher, so its disk cache makes a second listing of the
// same area free, and each tile is decoded with the bounded decoder, so a bad tile costs one tile.
import { type Bbox, bboxProblem } from '../../shared/api/bbox';
import { GraphError } from '../../shared/api/graphError';
import { decodeTile, type DecodeLimits } from '../../shared/tiles/boundedDecoder';
import { type DecodedFeature, type DecodedLayer } from '../../shared/tiles/decodedTile';
import { featureProperty } from '../../shared/tiles/featureProperties';
import {
  COVERAGE_ZOOM,
  type TileCoord,
  countTilesCoveringBbox,
  tileLocalToLonLat,
  tilesCoveringBbox,
} from '../../shared/tiles/tileMath';
import { type TileSetName } from '../../shared/tiles/tileSets';
import { mapConcurrent } from '../http/semaphore';
import { type TileCallOptions, type TileResult } from '../tiles/tileFetcher';

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

/** Whose sequences to keep: an organization, a creator, or both. */
export interface SequenceOwner {
  organizationId?: string;
  creatorId?: string;
}

/** One sequence found in the area. */
export interface AreaSequence {
  /** The sequence key. */
  id: string;
  organizationId: string | undefined;
  creatorId: string | undefined;
  /** Earliest capture time seen, in milliseconds since the epoch (0 when unknown). */
  capturedAt: number;
  /** Distinct images of the sequence inside the area (from the `image` layer). */
  imagesInArea: number;
  isPano: boolean;
  /** An image of the sequence (the first one the service names), when known. */
  firstImageId: string | undefined;
  /** Extent of the sequence's images and line pieces inside the area. */
  extent: [number, number, number, number];
  /** How many line pieces the `sequence` layer cut it into across the tiles read. */
  pieces: number;
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

function idText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function inside(bbox: Bbox, lon: number, lat: number): boolean {
  return lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3];
}

/** Accumulates what the tiles say about one sequence. */
interface Draft extends AreaSequence {
  images: Set<string>;
}

class SequenceCollector {
  readonly drafts = new Map<string, Draft>();

  constructor(
    private readonly owner: SequenceOwner,
    private readonly bbox: Bbox,
  ) {}

  private matches(layer: DecodedLayer, feature: DecodedFeature): boolean {
    const org = idText(featureProperty(layer, feature, 'organization_id'));
    const creator = idText(featureProperty(layer, feature, 'creator_id'));
    if (this.owner.organizationId !== undefined && org !== this.owner.organizationId) return false;
    if (this.owner.creatorId !== undefined && creator !== this.owner.creatorId) return false;
    return this.owner.organizationId !== undefined || this.owner.creatorId !== undefined;
  }

  private draft(id: string, layer: DecodedLayer, feature: DecodedFeature): Draft {
    let draft = this.drafts.get(id);
    if (!draft) {
      draft = {
        id,
        organizationId: idText(featureProperty(layer, feature, 'organization_id')),
        creatorId: idText(featureProperty(layer, feature, 'creator_id')),
        capturedAt: 0,
        imagesInArea: 0,
        isPano: false,
        firstImageId: undefined,
        extent: [Infinity, Infinity, -Infinity, -Infinity],
        pieces: 0,
        images: new Set(),
      };
      this.drafts.set(id, draft);
    }
    const capturedAt = Number(featureProperty(layer, feature, 'captured_at') ?? 0);
    if (Number.isFinite(capturedAt) && capturedAt > 0) {
      draft.capturedAt =
        draft.capturedAt === 0 ? capturedAt : Math.min(draft.capturedAt, capturedAt);
    }
    if (featureProperty(layer, feature, 'is_pano') === true) draft.isPano = true;
    return draft;
  }

  private grow(draft: Draft, lon: number, lat: number): void {
    draft.extent = [
      Math.min(draft.extent[0], lon),
      Math.min(draft.extent[1], lat),
      Math.max(draft.extent[2], lon),
      Math.max(draft.extent[3], lat),
    ];
  }

  /** Reads the `image` layer: points, one per image. */
  addImages(tile: TileCoord, layer: DecodedLayer): void {
    for (const feature of layer.features) {
      if (feature.partEnd <= feature.partStart || !this.matches(layer, feature)) continue;
      const sequenceId = idText(featureProperty(layer, feature, 'sequence_id'));
      const imageId = idText(featureProperty(layer, feature, 'id'));
      if (!sequenceId || !imageId) continue;
      const v = layer.partStarts[feature.partStart] ?? 0;
      const [lon, lat] = tileLocalToLonLat(
        tile,
        layer.coords[2 * v] ?? 0,
        layer.coords[2 * v + 1] ?? 0,
        layer.extent,
      );
      if (!inside(this.bbox, lon, lat)) continue;
      const draft = this.draft(sequenceId, layer, feature);
      if (!draft.images.has(imageId)) {
        draft.images.add(imageId);
        draft.imagesInArea += 1;
      }
      this.grow(draft, lon, lat);
    }
  }

  /** Reads the `sequence` layer: line pieces, joined by sequence id. */
  addLines(tile: TileCoord, layer: DecodedLayer): void {
    for (const feature of layer.features) {
      if (!this.matches(layer, feature)) continue;
      const sequenceId = idText(featureProperty(layer, feature, 'id'));
      if (!sequenceId) continue;
      let touches = false;
      const points: [number, number][] = [];
      for (let p = feature.partStart; p < feature.partEnd; p++) {
        const start = layer.partStarts[p] ?? 0;
        const end = layer.partStarts[p + 1] ?? start;
        for (let v = start; v < end; v++) {
          const point = tileLocalToLonLat(
            tile,
            layer.coords[2 * v] ?? 0,
            layer.coords[2 * v + 1] ?? 0,
            layer.extent,
          );
          if (inside(this.bbox, point[0], point[1])) {
            touches = true;
            points.push(point);
          }
        }
      }
      // A piece that only passes through the tile's buffer outside the area is not in the area.
      if (!touches) continue;
      const draft = this.draft(sequenceId, layer, feature);
      draft.pieces += 1;
      draft.firstImageId ??= idText(featureProperty(layer, feature, 'image_id'));
      for (const [lon, lat] of points) this.grow(draft, lon, lat);
    }
  }

  result(): AreaSequence[] {
    const out: AreaSequence[] = [];
    for (const { images, ...sequence } of this.drafts.values()) {
      if (sequence.firstImageId === undefined) {
        // The sequence layer names the first image; without it, any image in the area will do.
        sequence.firstImageId = images.values().next().value;
      }
      out.push(sequence);
    }
    return sortSequences(out);
  }
}

/** Newest first by capture time; ties (and unknown times, last) by id, so the order is stable. */
export function sortSequences<T extends { id: string; capturedAt: number }>(items: T[]): T[] {
  return items.sort(
    (a, b) => b.capturedAt - a.capturedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * The sequences of `owner` inside `bbox`, read from the z14 coverage tiles that intersect it.
 * Throws a {@link GraphError} when the area is unusable or a tile request fails (token, rate limit,
 * network); a tile that is not a valid tile is skipped and reported.
 */
export async function findAreaSequences(
  tiles: CoverageTileSource,
  owner: SequenceOwner,
  bbox: Bbox,
  options: AreaSequencesOptions = {},
): Promise<AreaSequencesResult> {
  if (owner.organizationId === undefined && owner.creatorId === undefined) {
    throw new GraphError('bad-request', 'Listing sequences needs an organization or a creator.');
  }
  const coords = areaTiles(bbox, options.maxTiles);
  const set = options.set ?? 'mly1_public';
  const collector = new SequenceCollector(owner, bbox);
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
        for (const layer of decoded.value.layers) {
          if (layer.name === 'image') collector.addImages(tile, layer);
          else if (layer.name === 'sequence') collector.addLines(tile, layer);
        }
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
