// Job 1: the sequences of an organization (or a creator) inside an area of any size and shape, as
// CSV `org_id,seq_id,captured_at,image_count,is_pano`. The service has no endpoint for this: the
// listing descends the coverage tile pyramid (core/explorer/ownerListing), reading z14 only where
// the owner's imagery is. Its state (tiles still to read, sequences found) is stored in the job's
// state folder every few tiles, so a killed, cancelled or budget-stopped run goes on where it
// stopped when run again. Asking before a costly listing is the front end's (see listingCost).
import { GraphError } from '../../shared/api/graphError';
import { type CoverageSet, type DescentState } from '../../shared/explorer/descentPlan';
import { type AreaSequence, type SequenceOwner } from '../../shared/explorer/sequenceCollector';
import { type Area } from '../../shared/geo/area';
import { budgetStopped, listOwnerSequences } from '../explorer/ownerListing';
import { areaDigest } from '../geo/areaDigest';
import { csvLine } from './csv';
import { type JobContext } from './jobContext';
import { withClaimedOutput } from './outputClaim';
import { JobError } from './jobErrors';
import { ProgressCounter, completeJob } from './jobOutput';
import { JobStore } from './jobStore';
import { type JobResult, type SkippedItem } from './jobTypes';
import { writeTextOutput } from './textOutput';
import { runUnits } from './unitRunner';

/** Options of {@link runSequencesJob}. */
export interface SequencesJobOptions {
  owner: SequenceOwner;
  /** The area: a bbox (`areaFromBbox`) or any shape. */
  area: Area;
  /** The CSV file to write. */
  output: string;
  /** `mly1_public` (default) or `mly1_computed_public`. */
  set?: CoverageSet;
  /** Tiles between two saves of the listing's state (default 10). */
  checkpointEvery?: number;
}

/** The header of the sequences CSV. */
export const SEQUENCES_HEADER = ['org_id', 'seq_id', 'captured_at', 'image_count', 'is_pano'];

/** The key of the listing's state among the job's stored units. */
const STATE_KEY = 'descent';

interface StoredListing {
  sequences: AreaSequence[];
  skipped: SkippedItem[];
}

function isoDate(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString() : '';
}

/** Lists the sequences and writes the CSV; see the file comment. */
export function runSequencesJob(
  context: JobContext,
  options: SequencesJobOptions,
): Promise<JobResult> {
  return withClaimedOutput(context, options.output, 'file', () => sequencesJob(context, options));
}

async function sequencesJob(context: JobContext, options: SequencesJobOptions): Promise<JobResult> {
  const { owner, area, output } = options;
  if (!context.tiles) throw new JobError('input', 'Listing sequences needs the tile fetcher.');
  if (!owner.organizationId && !owner.creatorId) {
    throw new JobError('input', 'Listing sequences needs an organization id or a creator id.');
  }
  const tiles = context.tiles;
  const store = await JobStore.open(context, output, 'sequences', {
    org: owner.organizationId,
    creator: owner.creatorId,
    area: areaDigest(area),
    set: options.set ?? 'mly1_public',
  });
  const progress = new ProgressCounter('sequences', 'tiles', 0, context.onProgress);
  // Tiles read by earlier runs: those this run's first attempt resumed from.
  let reusedTiles: number | undefined;
  const run = await runUnits<string, StoredListing>(context, {
    units: ['area'],
    key: (unit) => unit,
    store,
    concurrency: 1,
    output,
    work: async () => {
      const stored = await store.read<DescentState>(STATE_KEY);
      const listing = await listOwnerSequences(tiles, owner, area, {
        set: options.set,
        concurrency: context.concurrency,
        signal: context.signal,
        resume: stored,
        checkpointEvery: options.checkpointEvery ?? 10,
        onCheckpoint: (state) => store.write(STATE_KEY, state),
        onProgress: (p) => {
          progress.done = p.tilesRead;
          progress.total = p.tilesRead + p.frontier;
          progress.report();
        },
      });
      reusedTiles ??= listing.resumedTiles;
      if (!listing.complete) {
        if (listing.stoppedBy === 'budget') throw budgetStopped(listing);
        throw new GraphError('cancelled', 'The listing was cancelled.');
      }
      return {
        sequences: listing.sequences,
        skipped: listing.skippedTiles.map((s) => ({
          id: `tile ${s.tile.join('/')}`,
          reason: `unreadable tile: ${s.reason}`,
        })),
      };
    },
  });
  const listing = run.failures.length === 0 ? await store.read<StoredListing>('area') : undefined;
  const failed = run.failures.map((f) => ({
    id: 'area',
    reason: f.error instanceof GraphError ? f.error.message : String(f.error),
  }));
  return completeJob({
    job: 'sequences',
    output,
    store,
    skipped: listing?.skipped ?? [],
    failed,
    // Tiles an earlier run read count as its units, as batches do for the other jobs.
    reused: run.reused + (reusedTiles ?? 0),
    units: run.done,
    signal: context.signal,
    write: () =>
      writeTextOutput(output, async (sink) => {
        await sink.write(`${SEQUENCES_HEADER.join(',')}\n`);
        for (const s of listing?.sequences ?? []) {
          const row = [
            s.organizationId ?? '',
            s.id,
            isoDate(s.capturedAt),
            s.imagesInArea,
            s.isPano,
          ];
          await sink.write(`${csvLine(row)}\n`);
        }
        return listing?.sequences.length ?? 0;
      }),
  });
}
