// Job 6: downloads images into `<dir>/<seq_id>/<img_id>_<size>.jpg`. A unit of work is a batch of
// up to 50 images: one Graph call asks for their sequences and signed picture URLs right before
// their downloads (so the URLs are fresh, and 50 pictures cost one call instead of 50), then the
// pictures download, a bounded number at a time across batches. A picture whose URL is refused
// (403, 410) gets a fresh URL of its own once. The bytes are checked to be a whole image, written to
// a temporary file and renamed, so a file under its final name is always complete; a complete file
// already there is not downloaded again (nor its URL asked for, when the input names its sequence).
// Each batch's files, sizes and SHA-256s are stored as a unit, and `manifest.csv` is streamed from
// them at the end, in input order; memory does not grow with the number of pictures.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { imageSchema } from '../../shared/api/entities';
import { GraphError } from '../../shared/api/graphError';
import { chunk } from '../../shared/api/ids';
import { type ThumbnailSize, downloadThumbnail, thumbnailField } from '../api/thumbnails';
import { writeFileAtomic } from '../fs/atomicWrite';
import { Semaphore } from '../http/semaphore';
import { csvLine } from './csv';
import {
  PictureFolders,
  type PictureTarget,
  isCompleteImage,
  pictureTarget,
  readComplete,
  sha256,
} from './downloadFiles';
import { type IdInput } from './idInput';
import { type JobContext } from './jobContext';
import { withClaimedOutput } from './outputClaim';
import { JobError, failureReason, isJobFatal, outputError } from './jobErrors';
import { ProgressCounter, completeJob } from './jobOutput';
import { JobStore } from './jobStore';
import { type JobResult, type SkippedItem, shortText } from './jobTypes';
import { writeTextOutput } from './textOutput';
import { runUnits, storedUnits } from './unitRunner';

export { isCompleteImage } from './downloadFiles';

/**
 * Default downloads in flight. The pictures come from the thumbnail host, not from the Graph API,
 * and their URLs cost one Graph call per 50 pictures: 16 downloads in flight make fewer Graph
 * requests a second than 8 did when each picture asked for its own URL.
 */
export const DOWNLOAD_CONCURRENCY = 16;

/** Images per Graph call that asks for their picture URLs. */
export const URL_BATCH = 50;

/** Options of {@link runDownloadJob}. */
export interface DownloadJobOptions {
  input: IdInput;
  /** The folder the pictures go into. */
  dir: string;
  size: ThumbnailSize;
}

/** The manifest's header. */
export const MANIFEST_HEADER = 'seq_id,img_id,size,file,bytes,sha256';

const MANIFEST = 'manifest.csv';
const SKIPPED = 'skipped.csv';

/** What became of one picture, as a batch stores it. */
interface Picture {
  id: string;
  sequence?: string;
  /** The file, relative to the folder, when it is there. */
  name?: string;
  bytes?: number;
  sha256?: string;
  /** True when the file was already there. */
  present?: boolean;
  /** Why there is no file. */
  skipped?: string;
}

/** The pictures of a batch that could not be done this time, by id. */
class PicturesFailed extends Error {
  constructor(readonly errors: Map<string, unknown>) {
    super(`${errors.size} picture(s) failed`);
  }
}

const batchKey = (_unit: unknown, index: number) => `batch-${index}`;

/** Throws when a picture a shard downloaded is not in `dir` with its size. */
async function checkCopied(dir: string, pictures: readonly Picture[]): Promise<void> {
  for (const p of pictures) {
    if (p.name === undefined) continue;
    const size = await stat(path.join(dir, p.name)).then(
      (s) => s.size,
      () => undefined,
    );
    if (size !== p.bytes) {
      throw new JobError(
        'input',
        `${p.name} is not in ${dir} as its shard downloaded it: copy every shard's pictures into ${dir}, then merge again.`,
      );
    }
  }
}

/** Downloads the pictures; see the file comment. */
export function runDownloadJob(
  context: JobContext,
  options: DownloadJobOptions,
): Promise<JobResult> {
  return withClaimedOutput(context, options.dir, 'folder', () => downloadJob(context, options));
}

async function downloadJob(context: JobContext, options: DownloadJobOptions): Promise<JobResult> {
  const { input, dir, size } = options;
  const signal = context.signal;
  const batches = chunk(input.ids, URL_BATCH);
  const given = input.sequenceOf;
  const store = await JobStore.open(context, dir, 'download', {
    ids: input.ids,
    skipped: input.skipped,
    sequences: input.ids.filter((id) => given.has(id)).map((id) => [id, given.get(id)]),
    size,
  });
  const progress = new ProgressCounter('download', 'images', input.ids.length, context.onProgress);
  progress.add(0, input.skipped.length);
  const folders = new PictureFolders(dir, size, !store.shard);
  const downloads = new Semaphore(context.concurrency ?? DOWNLOAD_CONCURRENCY);
  const field = thumbnailField(size);
  let present = 0;

  /** The picture of `id` when a whole one is already there. */
  const presentPicture = async (
    id: string,
    sequence: string,
    target: PictureTarget,
  ): Promise<Picture | undefined> => {
    await folders.prepare(target.file);
    const bytes = await readComplete(target.file);
    if (!bytes) return undefined;
    return {
      id,
      sequence,
      name: target.name,
      bytes: bytes.length,
      sha256: sha256(bytes),
      present: true,
    };
  };

  /** Takes a picture already on disk, or downloads it from `url`. */
  const fetchPicture = async (id: string, sequence: string, url: unknown): Promise<Picture> => {
    const target = pictureTarget(dir, sequence, id, size);
    if (!target) {
      return { id, sequence, skipped: `unusable sequence id "${shortText(sequence, 40)}"` };
    }
    const there = await presentPicture(id, sequence, target);
    if (there) return there;
    let thumbnail;
    try {
      thumbnail = await downloads.run(() =>
        downloadThumbnail(context.api, id, size, {
          signal,
          url: typeof url === 'string' && url ? url : undefined,
        }),
      );
    } catch (error) {
      // An image that does not exist or has no picture at this size is skipped, not retried.
      if (error instanceof GraphError && error.kind === 'not-found') {
        return { id, sequence, skipped: `no ${size} picture` };
      }
      throw error;
    }
    if (!isCompleteImage(thumbnail.bytes)) {
      throw new GraphError('network', 'The picture arrived incomplete: it will be fetched again.');
    }
    try {
      await writeFileAtomic(target.file, thumbnail.bytes);
    } catch (error) {
      throw outputError(error, target.file);
    }
    const bytes = thumbnail.bytes;
    return { id, sequence, name: target.name, bytes: bytes.length, sha256: sha256(bytes) };
  };

  const work = async (batch: string[]): Promise<Picture[]> => {
    const pictures = new Map<string, Picture>();
    // Pictures already there, under a sequence the input names, cost no request at all.
    for (const id of batch) {
      const sequence = given.get(id);
      const target = sequence === undefined ? undefined : pictureTarget(dir, sequence, id, size);
      const there = target && (await presentPicture(id, sequence as string, target));
      if (there) pictures.set(id, there);
    }
    const lookup = batch.filter((id) => !pictures.has(id));
    const found =
      lookup.length === 0
        ? new Map<string, Record<string, unknown>>()
        : (
            await context.api.getMany(lookup, ['id', 'sequence', field], imageSchema, {
              batchSize: URL_BATCH,
              concurrency: 1,
              signal,
            })
          ).found;
    const errors = new Map<string, unknown>();
    let fatal: Error | undefined;
    await Promise.all(
      lookup.map(async (id) => {
        const image: Record<string, unknown> | undefined = found.get(id);
        if (!image) {
          pictures.set(id, { id, skipped: 'not found' });
          return;
        }
        const sequence =
          given.get(id) ?? (typeof image.sequence === 'string' ? image.sequence : 'unknown');
        try {
          if (fatal === undefined) pictures.set(id, await fetchPicture(id, sequence, image[field]));
        } catch (error) {
          if (isJobFatal(error) || signal?.aborted) {
            fatal ??= error instanceof Error ? error : new Error(String(error));
          } else errors.set(id, error);
        }
      }),
    );
    if (fatal !== undefined) throw fatal;
    if (errors.size > 0) throw new PicturesFailed(errors);
    return batch.map((id) => pictures.get(id) as Picture);
  };

  const run = await runUnits<string[], Picture[]>(context, {
    units: batches,
    key: batchKey,
    store,
    // Two batches at once: the next batch's URLs arrive while this one's pictures download.
    concurrency: 2,
    output: dir,
    work,
    skippedOf: (_batch, pictures) =>
      pictures.flatMap((p) => (p.skipped ? [{ id: p.id, reason: p.skipped }] : [])),
    failedOf: (batch, error) =>
      error instanceof PicturesFailed
        ? [...error.errors].map(([id, e]) => ({ id, reason: failureReason(e) }))
        : batch.map((id) => ({ id, reason: failureReason(error) })),
    onUnit: (batch, pictures, reused) => {
      present += reused ? pictures.length : pictures.filter((p) => p.present).length;
      progress.add(batch.length, pictures.filter((p) => p.skipped).length);
    },
    onFailure: (batch, error) => {
      const failed = error instanceof PicturesFailed ? error.errors.size : batch.length;
      progress.add(batch.length - failed, 0, failed);
    },
  });

  const manifestFile = path.join(dir, MANIFEST);
  /** The stored pictures in input order: every batch's, or those of the batches done. */
  async function* storedPictures(all: boolean): AsyncGenerator<Picture> {
    if (all) {
      for await (const { result } of storedUnits<string[], Picture[]>(
        store,
        batches,
        batchKey,
        signal,
      )) {
        // Shards may have run elsewhere: their pictures must have been copied here too.
        if (store.adopted.length > 0) await checkCopied(dir, result);
        yield* result;
      }
      return;
    }
    for (let index = 0; index < batches.length; index++) {
      yield* (await store.read<Picture[]>(batchKey(undefined, index))) ?? [];
    }
  }
  const writeManifest = (all: boolean) =>
    writeTextOutput(manifestFile, async (sink) => {
      await sink.write(`${MANIFEST_HEADER}\n`);
      let written = 0;
      for await (const p of storedPictures(all)) {
        if (p.name === undefined) continue;
        await sink.write(`${csvLine([p.sequence, p.id, size, p.name, p.bytes, p.sha256])}\n`);
        written += 1;
      }
      return written;
    });
  // The manifest lists what is done even when something failed: every file it names is complete.
  if (run.failed.length > 0 && !store.shard) await writeManifest(false);
  const skipped: SkippedItem[] = [...input.skipped, ...run.skipped];
  const result = await completeJob({
    job: 'download',
    output: manifestFile,
    skippedFile: path.join(dir, SKIPPED),
    store,
    skipped,
    failed: run.failed,
    reused: present,
    units: run.done,
    signal,
    write: () => writeManifest(true),
  });
  if (result.shard) return { ...result, output: dir };
  return { ...result, output: dir, files: result.complete ? result.files : [manifestFile] };
}
