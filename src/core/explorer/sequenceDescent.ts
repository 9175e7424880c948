// Lists an owner's sequences in an area of any size by descending the tile pyramid. It reads the
// `sequence` layer from the plan's start zoom (z6 or deeper), goes down only into the children where
// the owner's lines appear and that meet the area, and reads z14, where images are, only there. A
// country whose organization drives a few towns costs a few hundred tiles instead of thousands.
//
// The state (frontier and findings) is plain JSON, updated tile by tile in one synchronous step, so
// whatever is saved at a checkpoint is consistent: a tile in flight is still in the frontier, and a
// tile read is in the findings and out of the frontier. A failed or cancelled run resumes from it.
import { type AreaSequence, SequenceCollector } from '../../shared/explorer/sequenceCollector';
import { childrenWithSequences, lowZoomMatcher } from '../../shared/explorer/descentChildren';
import {
  type CoverageSet,
  type DescentState,
  storedDrafts,
} from '../../shared/explorer/descentPlan';
import { type Area } from '../../shared/geo/area';
import { classifyTile } from '../../shared/geo/areaTiles';
import { type DecodeLimits, decodeTile } from '../../shared/tiles/boundedDecoder';
import { COVERAGE_ZOOM, type TileCoord } from '../../shared/tiles/tileMath';
import { type CoverageTileSource } from './orgSequences';

/** Reads one tile: its bytes, or undefined when the service has nothing there. */
export type FetchTile = (
  set: CoverageSet,
  z: number,
  x: number,
  y: number,
  signal?: AbortSignal,
) => Promise<Uint8Array | undefined>;

/** The tiles a job may still read; `take` refuses (and counts nothing) once they are spent. */
export interface TileBudget {
  remaining(): number;
  take(n: number): boolean;
}

/** Options of {@link runDescent}. */
export interface DescentOptions {
  /** Tiles read at once (default 6). */
  concurrency?: number;
  signal?: AbortSignal;
  /** Taken from once per tile before it is read; when it refuses, the descent pauses. */
  budget?: TileBudget;
  decodeLimits?: Partial<DecodeLimits>;
  /** Called with the state after every `checkpointEvery` tiles (default 50) and at the end. */
  onCheckpoint?: (state: DescentState) => void | Promise<void>;
  checkpointEvery?: number;
  /** Called after each tile. */
  onProgress?: (progress: DescentProgress) => void;
}

/** Where a descent stands. */
export interface DescentProgress {
  tilesRead: number;
  /** Tiles known still to read (more may be found below them). */
  frontier: number;
  sequences: number;
}

/** What {@link runDescent} found. */
export interface DescentResult {
  /** True when the frontier is empty: every tile that could hold the owner's sequences was read. */
  complete: boolean;
  /** Why an incomplete run stopped. */
  stoppedBy?: 'budget' | 'aborted';
  /** Newest first; partial while the descent is not complete. */
  sequences: AreaSequence[];
  /** The state to store (the same object the run updated). */
  state: DescentState;
}

/** Adapts the tile fetcher to {@link FetchTile}. */
export function fetchTileFrom(source: CoverageTileSource): FetchTile {
  return async (set, z, x, y, signal) => {
    const result = await source.getTile(set, z, x, y, { signal });
    return result.empty ? undefined : result.bytes;
  };
}

function key([z, x, y]: readonly number[]): string {
  return `${z}/${x}/${y}`;
}

/**
 * Runs (or resumes) a descent, updating `state` in place. Throws the first error a tile read throws,
 * after saving the state; the failed tile stays in the frontier.
 */
export async function runDescent(
  area: Area,
  state: DescentState,
  fetchTile: FetchTile,
  options: DescentOptions = {},
): Promise<DescentResult> {
  const collector = new SequenceCollector(state.owner, area, storedDrafts(state));
  const lowZoomMatch = lowZoomMatcher(state.owner, (layer, feature) =>
    collector.matches(layer, feature),
  );
  // `stack` holds tiles not started; `state.frontier` is rebuilt from it and the tiles in flight.
  const stack = state.frontier.map((t) => [...t] as [number, number, number]);
  const inFlight = new Map<string, [number, number, number]>();
  const sync = (): void => {
    state.frontier = [...stack, ...inFlight.values()].map(
      (t) => [...t] as [number, number, number],
    );
    state.sequences = collector.snapshot();
  };
  let stoppedBy: DescentResult['stoppedBy'];
  let failure: { error: unknown } | undefined;
  let sinceCheckpoint = 0;
  const checkpointEvery = options.checkpointEvery ?? 50;
  const read = (): number => state.tilesRead.reduce((a, b) => a + b, 0);

  const processTile = (tile: TileCoord, bytes: Uint8Array | undefined): TileCoord[] => {
    state.tilesRead[tile.z] = (state.tilesRead[tile.z] ?? 0) + 1;
    if (!bytes || bytes.length === 0) {
      state.emptyTiles += 1;
      return [];
    }
    const decoded = decodeTile(bytes, options.decodeLimits);
    if (!decoded.ok) {
      state.skippedTiles.push({ tile: [tile.z, tile.x, tile.y], reason: decoded.error.message });
      if (tile.z >= COVERAGE_ZOOM) return [];
      // An unreadable tile tells nothing, so all its children in the area are read instead.
      return [0, 1, 2, 3].map((q) => ({
        z: tile.z + 1,
        x: 2 * tile.x + (q & 1),
        y: 2 * tile.y + (q >> 1),
      }));
    }
    if (tile.z >= COVERAGE_ZOOM) {
      collector.addTile(tile, decoded.value);
      return [];
    }
    return childrenWithSequences(tile, decoded.value, lowZoomMatch);
  };

  const worker = async (): Promise<void> => {
    while (!failure && !stoppedBy) {
      if (options.signal?.aborted) {
        stoppedBy = 'aborted';
        return;
      }
      const next = stack.pop();
      if (!next) {
        // Tiles in flight may still add children: wait for one of them rather than quit.
        if (inFlight.size === 0) return;
        await Promise.race(running);
        continue;
      }
      if (options.budget && !options.budget.take(1)) {
        stack.push(next);
        stoppedBy = 'budget';
        return;
      }
      const [z, x, y] = next;
      const id = key(next);
      inFlight.set(id, next);
      const task = fetchTile(state.set, z, x, y, options.signal);
      const settled = task.then(
        () => undefined,
        () => undefined,
      );
      running.add(settled);
      let bytes: Uint8Array | undefined;
      try {
        bytes = await task;
      } catch (error) {
        inFlight.delete(id);
        running.delete(settled);
        stack.push(next);
        if (options.signal?.aborted) stoppedBy = 'aborted';
        else failure ??= { error };
        return;
      }
      inFlight.delete(id);
      running.delete(settled);
      const children = processTile({ z, x, y }, bytes)
        .filter((child) => classifyTile(area, child) !== 'outside')
        .map((c) => [c.z, c.x, c.y] as [number, number, number]);
      // Pushed in reverse so the north-west child is read first.
      stack.push(...children.reverse());
      options.onProgress?.({
        tilesRead: read(),
        frontier: stack.length + inFlight.size,
        sequences: collector.size,
      });
      if (++sinceCheckpoint >= checkpointEvery && options.onCheckpoint) {
        sinceCheckpoint = 0;
        sync();
        await options.onCheckpoint(state);
      }
    }
  };
  const running = new Set<Promise<undefined>>();
  const concurrency = Math.max(1, options.concurrency ?? 6);
  await Promise.all(Array.from({ length: concurrency }, worker));
  sync();
  await options.onCheckpoint?.(state);
  if (failure) throw failure.error;
  const complete = state.frontier.length === 0;
  return {
    complete,
    ...(complete ? {} : { stoppedBy: stoppedBy ?? 'aborted' }),
    sequences: collector.result(),
    state,
  };
}
