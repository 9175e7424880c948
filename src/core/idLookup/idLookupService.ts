// Describes ids for hovers on top of the Mapillary client: one batcher per kind (images and map
// features read 50 to a request, sequences one each), caches for the answers and the thumbnails, and
// per-minute caps on reads and on thumbnail downloads. Every failure becomes a description with a
// message to show, except cancellation, which is thrown for the caller to drop the hover.
import { GraphError } from '../../shared/api/graphError';
import {
  BatchLookup,
  LookupCancelledError,
  LookupCapError,
  type LookupOutcome,
  type Timers,
} from '../../shared/idDetect/batchLookup';
import {
  type IdDescription,
  type InlinePicture,
  type MapFeatureFacts,
} from '../../shared/idDetect/idDescription';
import { type DetectedKind } from '../../shared/idDetect/idRule';
import { MinuteCap } from '../../shared/idDetect/minuteCap';
import { TtlCache } from '../../shared/idDetect/ttlCache';
import { errorText } from '../../shared/redact';
import { type MapillaryApi } from '../api/mapillaryApi';
import {
  type HoverImage,
  type HoverSequence,
  readHoverImages,
  readHoverMapFeatures,
  readHoverSequences,
} from './entityReads';
import { fetchHoverThumbnail } from './hoverThumbnail';

/** Settings of an {@link IdLookupService}. */
export interface IdLookupOptions {
  /** The client's endpoints (fetched per read: the client may be rebuilt). */
  api: () => Promise<MapillaryApi>;
  now?: () => number;
  timers?: Timers;
  /** How long ids are collected before a read (default 50 ms). */
  windowMs?: number;
  /** Ids per read (default 50). */
  maxBatch?: number;
  /** Reads per minute, all kinds together (default 60). */
  readsPerMinute?: number;
  /** Thumbnail downloads per minute (default 120). */
  thumbnailsPerMinute?: number;
  /** Entities remembered per kind (default 5,000). */
  cacheEntries?: number;
  /** How long an answer is remembered (default 10 minutes). */
  ttlMs?: number;
  /** Thumbnails remembered (default 100). */
  thumbnailEntries?: number;
}

/** Counters of the service, for the log and the benchmark. */
export interface IdLookupStats {
  reads: number;
  idsRead: number;
  cacheHits: number;
  capRefusals: number;
  thumbnails: number;
  thumbnailsSkipped: number;
}

const globalTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function message(error: unknown): string {
  if (error instanceof LookupCapError || error instanceof GraphError) return error.message;
  return errorText(error);
}

/** Looks ids up for hovers, batched, cached and capped. */
export class IdLookupService {
  private readonly images: BatchLookup<HoverImage>;
  private readonly features: BatchLookup<MapFeatureFacts>;
  private readonly sequences: BatchLookup<HoverSequence>;
  private readonly thumbnails: TtlCache<InlinePicture>;
  private readonly thumbnailCap: MinuteCap;
  private thumbnailCount = 0;
  private thumbnailsSkipped = 0;

  constructor(private readonly options: IdLookupOptions) {
    const now = options.now ?? Date.now;
    const timers = options.timers ?? globalTimers;
    const cap = new MinuteCap(options.readsPerMinute ?? 60, now);
    const cache = <V>() =>
      new TtlCache<LookupOutcome<V>>({
        maxEntries: options.cacheEntries ?? 5000,
        ttlMs: options.ttlMs ?? 10 * 60_000,
        now,
      });
    const common = { cap, timers, windowMs: options.windowMs ?? 50 };
    this.images = new BatchLookup<HoverImage>({
      ...common,
      cache: cache(),
      maxBatch: options.maxBatch ?? 50,
      fetch: async (ids, signal) => readHoverImages(await options.api(), ids, signal),
    });
    this.features = new BatchLookup<MapFeatureFacts>({
      ...common,
      cache: cache(),
      maxBatch: options.maxBatch ?? 50,
      fetch: async (ids, signal) => readHoverMapFeatures(await options.api(), ids, signal),
    });
    // The service reads one sequence per request, so each is a read of its own against the cap.
    this.sequences = new BatchLookup<HoverSequence>({
      ...common,
      cache: cache(),
      maxBatch: 1,
      fetch: async (ids, signal) => readHoverSequences(await options.api(), ids, signal),
    });
    this.thumbnails = new TtlCache<InlinePicture>({
      maxEntries: options.thumbnailEntries ?? 100,
      ttlMs: options.ttlMs ?? 10 * 60_000,
      now,
    });
    this.thumbnailCap = new MinuteCap(options.thumbnailsPerMinute ?? 120, now);
  }

  private lookup(kind: DetectedKind): { known(id: string): boolean } {
    if (kind === 'image') return this.images;
    if (kind === 'mapFeature') return this.features;
    return this.sequences;
  }

  /** Whether `id` is answered from the cache or already being read (no need to ask again). */
  known(kind: DetectedKind, id: string): boolean {
    return this.lookup(kind).known(id);
  }

  /** The counters so far. */
  stats(): IdLookupStats {
    const all = [this.images, this.features, this.sequences].map((l) => l.stats);
    const sum = (key: keyof (typeof all)[number]) => all.reduce((n, s) => n + s[key], 0);
    return {
      reads: sum('requests'),
      idsRead: sum('idsRequested'),
      cacheHits: sum('cacheHits'),
      capRefusals: sum('capRefusals'),
      thumbnails: this.thumbnailCount,
      thumbnailsSkipped: this.thumbnailsSkipped,
    };
  }

  /**
   * Describes one id. `alongWith` names ids of the same kind to read in the same batch. Throws
   * {@link LookupCancelledError} when `signal` aborts; every other failure is described.
   */
  async describe(
    kind: DetectedKind,
    id: string,
    options: { signal?: AbortSignal; alongWith?: readonly string[] } = {},
  ): Promise<IdDescription> {
    try {
      if (kind === 'image') return await this.describeImage(id, options);
      if (kind === 'mapFeature') {
        const outcome = await this.features.get(id, options);
        return outcome.status === 'missing'
          ? { status: 'missing', kind, id }
          : { status: 'found', kind, id, feature: outcome.value };
      }
      return await this.describeSequence(id, options.signal);
    } catch (error) {
      if (error instanceof LookupCancelledError) throw error;
      if (options.signal?.aborted) throw new LookupCancelledError();
      return { status: 'error', kind, id, message: message(error) };
    }
  }

  private async describeImage(
    id: string,
    options: { signal?: AbortSignal; alongWith?: readonly string[] },
  ): Promise<IdDescription> {
    const outcome = await this.images.get(id, options);
    if (outcome.status === 'missing') return { status: 'missing', kind: 'image', id };
    const picture = await this.thumbnail(outcome.value, options.signal);
    return { status: 'found', kind: 'image', id, image: outcome.value.facts, ...picture };
  }

  private async describeSequence(id: string, signal?: AbortSignal): Promise<IdDescription> {
    const outcome = await this.sequences.get(id, { signal });
    if (outcome.status === 'missing') return { status: 'missing', kind: 'sequence', id };
    const { imageCount, firstImageId } = outcome.value;
    const first = firstImageId ? await this.images.get(firstImageId, { signal }) : undefined;
    const image = first?.status === 'found' ? first.value : undefined;
    const picture = image ? await this.thumbnail(image, signal) : {};
    return {
      status: 'found',
      kind: 'sequence',
      id,
      sequence: { id, imageCount, firstImage: image?.facts },
      ...picture,
    };
  }

  private async thumbnail(
    image: HoverImage,
    signal?: AbortSignal,
  ): Promise<{ thumbnail?: InlinePicture; thumbnailNote?: string }> {
    const cached = this.thumbnails.get(image.facts.id);
    if (cached) return { thumbnail: cached };
    if (!this.thumbnailCap.tryTake()) {
      this.thumbnailsSkipped += 1;
      const seconds = Math.ceil(this.thumbnailCap.retryAfterMs() / 1000);
      return {
        thumbnailNote: `Thumbnail skipped: at most ${this.thumbnailCap.limit} a minute (again in ${seconds} s).`,
      };
    }
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      this.thumbnailCount += 1;
      const picture = await fetchHoverThumbnail(await this.options.api(), image, controller.signal);
      this.thumbnails.set(image.facts.id, picture);
      return { thumbnail: picture };
    } catch (error) {
      if (signal?.aborted) throw new LookupCancelledError();
      return { thumbnailNote: `No thumbnail: ${message(error)}` };
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }
}
