// The plan and the stored state of a descent of the tile pyramid (see core/explorer/sequenceDescent):
// which zoom it starts at, the most tiles it can read (asked of the user before a large job), and
// the frontier of tiles still to read with what was found so far, as plain JSON that the job store
// can keep and a later run can resume. A stored state is read back through a schema: it comes from
// disk and may be damaged or from another version.
import { z } from 'zod';
import { type Area } from '../geo/area';
import { areaTileCounts, areaTilesAtZoom } from '../geo/areaTiles';
import { COVERAGE_ZOOM, countTilesCoveringBbox } from '../tiles/tileMath';
import { type SequenceDraft, type SequenceOwner } from './sequenceCollector';

/** The first zoom whose tiles carry the `sequence` layer, with each sequence's owner. */
export const SEQUENCE_LAYER_MIN_ZOOM = 6;

/** Default most tiles the first level may hold: beyond that, a level higher prunes more. */
export const DEFAULT_MAX_START_TILES = 4;

/** The coverage tile sets a descent can read. */
export type CoverageSet = 'mly1_public' | 'mly1_computed_public';

/** What a descent over an area may cost, known before any tile is read. */
export interface DescentEstimate {
  /** The zoom the descent starts at. */
  startZoom: number;
  /** Tiles the area needs at each zoom 0..14 (index = zoom). */
  areaTiles: number[];
  /** Most tiles the descent can read: every area tile from `startZoom` to z14. */
  maxTiles: number;
  /** The area's z14 tiles (what reading z14 alone would cost). */
  z14Tiles: number;
  /** The z14 tiles of the area's bounding box. */
  z14BboxTiles: number;
}

/**
 * Plans a descent. It starts at the deepest zoom from z6 whose tiles over the area number at most
 * `maxStartTiles`: levels above it would read as many tiles without pruning more.
 */
export function estimateDescent(
  area: Area,
  maxStartTiles = DEFAULT_MAX_START_TILES,
): DescentEstimate {
  const areaTiles = areaTileCounts(area, COVERAGE_ZOOM);
  let startZoom = SEQUENCE_LAYER_MIN_ZOOM;
  for (let zoom = SEQUENCE_LAYER_MIN_ZOOM; zoom <= COVERAGE_ZOOM; zoom++) {
    if ((areaTiles[zoom] ?? 0) <= maxStartTiles) startZoom = zoom;
    else break;
  }
  let maxTiles = 0;
  for (let zoom = startZoom; zoom <= COVERAGE_ZOOM; zoom++) maxTiles += areaTiles[zoom] ?? 0;
  return {
    startZoom,
    areaTiles,
    maxTiles,
    z14Tiles: areaTiles[COVERAGE_ZOOM] ?? 0,
    z14BboxTiles: countTilesCoveringBbox(area.bbox, COVERAGE_ZOOM),
  };
}

const id = z.string().min(1).max(200);
const count = z.number().int().nonnegative();
const tileTuple = z
  .tuple([z.number().int().min(0).max(COVERAGE_ZOOM), count, count])
  .refine(([zoom, x, y]) => x < 2 ** zoom && y < 2 ** zoom, 'tile outside its zoom');
const finite = z.number().finite();

const draftSchema = z.object({
  id,
  organizationId: id.optional(),
  creatorId: id.optional(),
  capturedAt: count,
  imagesInArea: count,
  isPano: z.boolean(),
  firstImageId: id.optional(),
  extent: z.tuple([finite, finite, finite, finite]),
  pieces: count,
  edgeImages: z.array(id),
  sampleImageId: id.optional(),
});

/** The stored state of a descent. */
export const descentStateSchema = z.object({
  version: z.literal(1),
  set: z.enum(['mly1_public', 'mly1_computed_public']),
  owner: z.object({ organizationId: id.optional(), creatorId: id.optional() }),
  startZoom: z.number().int().min(SEQUENCE_LAYER_MIN_ZOOM).max(COVERAGE_ZOOM),
  /** Tiles still to read, as `[z, x, y]`, read last first. */
  frontier: z.array(tileTuple),
  /** Sequences gathered from the z14 tiles read so far. */
  sequences: z.array(draftSchema),
  /** Tiles read at each zoom 0..14. */
  tilesRead: z.array(count).length(COVERAGE_ZOOM + 1),
  /** Tiles the service had nothing in. */
  emptyTiles: count,
  /** Tiles that could not be decoded, and why. */
  skippedTiles: z.array(z.object({ tile: tileTuple, reason: z.string().max(500) })),
});

/** The stored state of a descent: plain JSON. */
export type DescentState = z.infer<typeof descentStateSchema>;

/** Options of {@link initialDescentState}. */
export interface DescentPlanOptions {
  set?: CoverageSet;
  maxStartTiles?: number;
}

/** The state of a descent that has read nothing yet: the frontier is the start level's tiles. */
export function initialDescentState(
  area: Area,
  owner: SequenceOwner,
  options: DescentPlanOptions = {},
): DescentState {
  const { startZoom } = estimateDescent(area, options.maxStartTiles);
  // At z6 a world-sized area has 4,096 tiles: the listing is always bounded.
  const start = areaTilesAtZoom(area, startZoom, 4 ** SEQUENCE_LAYER_MIN_ZOOM);
  return {
    version: 1,
    set: options.set ?? 'mly1_public',
    owner: { ...owner },
    startZoom,
    // Read last first: reversed so the north-west tile is read first.
    frontier: start
      .map(({ tile }) => [tile.z, tile.x, tile.y] as [number, number, number])
      .reverse(),
    sequences: [],
    tilesRead: new Array<number>(COVERAGE_ZOOM + 1).fill(0),
    emptyTiles: 0,
    skippedTiles: [],
  };
}

/** Reads a stored state back, or throws an Error that says it cannot be resumed. */
export function parseDescentState(value: unknown): DescentState {
  const parsed = descentStateSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `The stored listing cannot be resumed (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}); delete it to start again.`,
    );
  }
  return parsed.data;
}

/** The stored drafts, typed for the collector. */
export function storedDrafts(state: DescentState): SequenceDraft[] {
  return state.sequences.map((draft) => ({
    ...draft,
    organizationId: draft.organizationId,
    creatorId: draft.creatorId,
    firstImageId: draft.firstImageId,
    sampleImageId: draft.sampleImageId,
  }));
}
