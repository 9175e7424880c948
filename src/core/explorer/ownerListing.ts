// An owner's sequences in an area of any size and shape, by the pyramid descent (sequenceDescent.ts),
// with the day's tile budget as its limit: every tile comes through the tile fetcher, which counts
// each request it sends against the persisted daily budget (a tile from the disk cache costs
// nothing), and the descent stops before a tile the budget no longer allows, keeping its state. A
// stored state resumes the listing where it stopped; one for another owner, tile set or plan starts
// over. The Explorer, the sequences export and the command line all list through here.
import { GraphError } from '../../shared/api/graphError';
import {
  type CoverageSet,
  type DescentState,
  initialDescentState,
  parseDescentState,
} from '../../shared/explorer/descentPlan';
import { type AreaSequence, type SequenceOwner } from '../../shared/explorer/sequenceCollector';
import { type Area } from '../../shared/geo/area';
import { type DecodeLimits } from '../../shared/tiles/boundedDecoder';
import { type CoverageTileSource } from './orgSequences';
import {
  type DescentProgress,
  type FetchTile,
  type TileBudget,
  runDescent,
} from './sequenceDescent';

/** A tile source that may say how many requests today's budget has left (the tile fetcher). */
export interface BudgetedTileSource extends CoverageTileSource {
  remainingTileBudget?(): number;
}

/** Options of {@link listOwnerSequences}. */
export interface OwnerListingOptions {
  /** `mly1_public` (default) or `mly1_computed_public`. */
  set?: CoverageSet;
  /** Tiles read at once (default 6). */
  concurrency?: number;
  signal?: AbortSignal;
  /** A stored state to go on from (as {@link OwnerListing.state} gave it); checked first. */
  resume?: unknown;
  /** Called with the state every `checkpointEvery` tiles and at the end, to be stored. */
  onCheckpoint?: (state: DescentState) => void | Promise<void>;
  checkpointEvery?: number;
  onProgress?: (progress: DescentProgress) => void;
  /** The budget the descent takes from; by default what today's tile budget has left. */
  budget?: TileBudget;
  decodeLimits?: Partial<DecodeLimits>;
}

/** What a listing found. */
export interface OwnerListing {
  /** Newest first; partial while the listing is not complete. */
  sequences: AreaSequence[];
  /** True when every tile that could hold the owner's sequences was read. */
  complete: boolean;
  /** Why an incomplete listing stopped. */
  stoppedBy?: 'budget' | 'aborted';
  /** Tiles read by this listing, in this run and the runs it resumed. */
  tilesRead: number;
  /** Tiles this run asked the service for (the rest came from the disk cache or earlier runs). */
  tilesFromService: number;
  /** Tiles read by the earlier runs this one resumed (0 for a fresh listing). */
  resumedTiles: number;
  /** Tiles that could not be decoded, and why. */
  skippedTiles: { tile: [number, number, number]; reason: string }[];
  /** The state to store, to resume an incomplete listing. */
  state: DescentState;
}

/** The budget of a tile source: what its daily budget has left; nothing is taken here. */
export function dailyTileBudget(tiles: BudgetedTileSource): TileBudget {
  // The fetcher itself counts each request it sends; this only stops the descent before a tile
  // the budget would refuse, so that it pauses cleanly instead of failing mid-way.
  const remaining = (): number => tiles.remainingTileBudget?.() ?? Infinity;
  return { remaining, take: (n) => remaining() >= n };
}

function resumable(
  stored: unknown,
  owner: SequenceOwner,
  fresh: DescentState,
): DescentState | undefined {
  if (stored === undefined) return undefined;
  const state = parseDescentState(stored);
  const same =
    state.set === fresh.set &&
    state.startZoom === fresh.startZoom &&
    state.owner.organizationId === owner.organizationId &&
    state.owner.creatorId === owner.creatorId;
  return same ? state : undefined;
}

/**
 * Lists `owner`'s sequences in `area` (see the file comment). Throws a {@link GraphError} when the
 * owner is missing or a tile request fails for good (token, network); the state saved at the last
 * checkpoint keeps what was read.
 */
export async function listOwnerSequences(
  tiles: BudgetedTileSource,
  owner: SequenceOwner,
  area: Area,
  options: OwnerListingOptions = {},
): Promise<OwnerListing> {
  if (owner.organizationId === undefined && owner.creatorId === undefined) {
    throw new GraphError('bad-request', 'Listing sequences needs an organization or a creator.');
  }
  const fresh = initialDescentState(area, owner, { set: options.set });
  const resumed = resumable(options.resume, owner, fresh);
  const state = resumed ?? fresh;
  const resumedTiles = resumed ? resumed.tilesRead.reduce((a, b) => a + b, 0) : 0;
  let tilesFromService = 0;
  const fetchTile: FetchTile = async (set, z, x, y, signal) => {
    const result = await tiles.getTile(set, z, x, y, { signal });
    if (result.source === 'network') tilesFromService += 1;
    return result.empty ? undefined : result.bytes;
  };
  const result = await runDescent(area, state, fetchTile, {
    concurrency: options.concurrency,
    signal: options.signal,
    budget: options.budget ?? dailyTileBudget(tiles),
    decodeLimits: options.decodeLimits,
    onCheckpoint: options.onCheckpoint,
    checkpointEvery: options.checkpointEvery,
    onProgress: options.onProgress,
  });
  return {
    sequences: result.sequences,
    complete: result.complete,
    ...(result.stoppedBy ? { stoppedBy: result.stoppedBy } : {}),
    tilesRead: state.tilesRead.reduce((a, b) => a + b, 0),
    tilesFromService,
    resumedTiles,
    skippedTiles: state.skippedTiles.map((s) => ({
      tile: [s.tile[0], s.tile[1], s.tile[2]],
      reason: s.reason,
    })),
    state: result.state,
  };
}

/** The error of a listing the day's tile budget stopped: its state is kept, so it can go on. */
export function budgetStopped(listing: OwnerListing): GraphError {
  return new GraphError(
    'budget-exhausted',
    `Today's tile budget is spent: the listing stopped after ${listing.tilesRead.toLocaleString('en-US')} tiles and keeps what it read; it can go on after midnight UTC.`,
  );
}
