// Job 1: the sequences of an organization (or a creator) inside an area, as CSV
// `org_id,seq_id,captured_at,image_count,is_pano`. The service has no endpoint for this; the area
// finder reads the z14 coverage tiles, so the area is bounded by the number of tiles it covers.
import { type Bbox } from '../../shared/api/bbox';
import { GraphError } from '../../shared/api/graphError';
import {
  type AreaSequence,
  type SequenceOwner,
  areaTiles,
  findAreaSequences,
} from '../explorer/orgSequences';
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
  bbox: Bbox;
  /** The CSV file to write. */
  output: string;
  /** Most z14 tiles the area may cover (default 256). */
  maxTiles?: number;
}

/** The header of the sequences CSV. */
export const SEQUENCES_HEADER = ['org_id', 'seq_id', 'captured_at', 'image_count', 'is_pano'];

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
  const { owner, bbox, output } = options;
  if (!context.tiles) throw new JobError('input', 'Listing sequences needs the tile fetcher.');
  if (!owner.organizationId && !owner.creatorId) {
    throw new JobError('input', 'Listing sequences needs an organization id or a creator id.');
  }
  let tileCount: number;
  try {
    tileCount = areaTiles(bbox, options.maxTiles).length;
  } catch (error) {
    throw new JobError('input', error instanceof Error ? error.message : String(error));
  }
  const tiles = context.tiles;
  const store = await JobStore.open(context, output, 'sequences', {
    org: owner.organizationId,
    creator: owner.creatorId,
    bbox: bbox.map(String),
  });
  const progress = new ProgressCounter('sequences', 'tiles', tileCount, context.onProgress);
  const run = await runUnits<string, StoredListing>(context, {
    units: ['area'],
    key: (unit) => unit,
    store,
    concurrency: 1,
    output,
    work: async () => {
      progress.done = 0;
      const found = await findAreaSequences(tiles, owner, bbox, {
        maxTiles: options.maxTiles,
        concurrency: context.concurrency,
        signal: context.signal,
        onProgress: (done) => {
          progress.done = done;
          progress.report();
        },
      });
      return {
        sequences: found.sequences,
        skipped: found.skippedTiles.map((s) => ({
          id: `tile ${s.tile.z}/${s.tile.x}/${s.tile.y}`,
          reason: `unreadable tile: ${s.reason}`,
        })),
      };
    },
    onUnit: (_unit, _result, reused) => {
      if (reused) progress.add(tileCount);
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
    reused: run.reused,
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
