// What a job needs from the outside: the API, the tiles (for the area listing), a cancellation
// signal and a progress listener. The extension and the command line build it from the same client.
import { type MapillaryApi } from '../api/mapillaryApi';
import { type BudgetedTileSource } from '../explorer/ownerListing';
import { type Shard } from './jobShard';
import { type JobProgress } from './jobTypes';

/** The services and hooks of one job run. */
export interface JobContext {
  api: MapillaryApi;
  /** The tile fetcher (with what today's tile budget has left); needed by the sequences job only. */
  tiles?: BudgetedTileSource;
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  /** Units in flight at most (each job has its own default). */
  concurrency?: number;
  /** Passes over failed units before giving up for this run (default 3). */
  rounds?: number;
  /** Pause before a later pass, in milliseconds (default 500 times the pass number). */
  roundPauseMs?: number;
  /**
   * The folder the user trusts (the workspace, the current directory): no folder between it and an
   * output may be a symbolic link. Without it, only what lies inside the output's folder is checked.
   */
  root?: string;
  /** The one shard of the job this run does (see jobShard.ts); without it, the whole job. */
  shard?: Shard;
  /**
   * The job's start time to record, in ms since the epoch, instead of the first run's (the command
   * line takes it from `SOURCE_DATE_EPOCH`): a GeoPackage records it, so runs that agree on it
   * write the same bytes.
   */
  startedAt?: number;
  /** The clock (default `Date.now`). */
  now?: () => number;
  /**
   * Runs no unit of work: the output is assembled from units stored earlier (by shards), and a
   * unit none stored is reported as failed. `merge` runs jobs this way.
   */
  assembleOnly?: boolean;
}
