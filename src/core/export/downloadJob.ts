// Job 6: downloads images into `<dir>/<seq_id>/<img_id>_<size>.jpg`. Each picture's signed URL is
// asked for right before its download (and once more after a 403 or 410), the bytes are checked to
// be a whole image, written to a temporary file and renamed, so a file under its final name is
// always complete; a complete file already there is not downloaded again. At the end
// `manifest.csv` lists every file with its size and SHA-256, in input order.
import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { imageSchema } from '../../shared/api/entities';
import { GraphError } from '../../shared/api/graphError';
import { chunk } from '../../shared/api/ids';
import { type ThumbnailSize, downloadThumbnail } from '../api/thumbnails';
import { parseTempName, writeFileAtomic } from '../fs/atomicWrite';
import { UnsafePathError, pathForIds, refuseSymlinks } from '../fs/safePaths';
import { mapConcurrent } from '../http/semaphore';
import { csvLine } from './csv';
import { type IdInput } from './idInput';
import { type JobContext } from './jobContext';
import { withClaimedOutput } from './outputClaim';
import { JobError, failureReason, outputError } from './jobErrors';
import { ProgressCounter, completeJob } from './jobOutput';
import { checkWritable, writeOutput } from './jobStore';
import { type JobResult, type SkippedItem, shortText } from './jobTypes';
import { runUnits } from './unitRunner';

/** Default downloads in flight. */
export const DOWNLOAD_CONCURRENCY = 8;

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

interface Target {
  id: string;
  sequence: string;
  /** The picture's path, inside the folder. */
  file: string;
  /** Its path relative to the folder, with `/` separators, as the manifest names it. */
  name: string;
}

interface Done {
  bytes: number;
  sha256: string;
  reused: boolean;
}

/** True when `bytes` hold a whole JPEG (or PNG): start and end markers both present. */
export function isCompleteImage(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    return bytes[n - 2] === 0xff && bytes[n - 1] === 0xd9;
  }
  if (n >= 12 && bytes[0] === 0x89 && bytes[1] === 0x50) {
    return Buffer.from(bytes.subarray(n - 8, n - 4)).toString('latin1') === 'IEND';
  }
  return false;
}

async function readComplete(file: string): Promise<Uint8Array | undefined> {
  try {
    // Only a regular file counts: a link planted under the picture's name is replaced, not read.
    if (!(await lstat(file)).isFile()) return undefined;
    const bytes = new Uint8Array(await readFile(file));
    return isCompleteImage(bytes) ? bytes : undefined;
  } catch {
    return undefined;
  }
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Refuses sequence folders that are symbolic links, and removes what a killed run of this job left:
 * temporary files of this job's own pictures and end files, and nothing else.
 */
async function prepareFolders(dir: string, targets: readonly Target[]): Promise<void> {
  const expected = new Map<string, Set<string>>([[dir, new Set([MANIFEST, SKIPPED])]]);
  for (const target of targets) {
    const folder = path.dirname(target.file);
    const names = expected.get(folder) ?? new Set<string>();
    names.add(path.basename(target.file));
    expected.set(folder, names);
  }
  await mapConcurrent([...expected], 8, async ([folder, names]) => {
    try {
      await refuseSymlinks(dir, folder);
    } catch (error) {
      if (error instanceof UnsafePathError) throw new JobError('refused', error.message);
      throw outputError(error, folder);
    }
    let present: string[];
    try {
      present = await readdir(folder);
    } catch {
      return;
    }
    for (const name of present) {
      const temp = parseTempName(name);
      if (temp && names.has(temp.target)) await rm(path.join(folder, name), { force: true });
    }
  });
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
  const skipped: SkippedItem[] = [...input.skipped];
  const progress = new ProgressCounter('download', 'images', input.ids.length, context.onProgress);
  progress.add(0, input.skipped.length);

  await checkWritable(dir);
  // Images whose sequence the input did not name are looked up in batches.
  const sequenceOf = new Map(input.sequenceOf);
  const unknown = input.ids.filter((id) => !sequenceOf.has(id));
  const lookup = await runUnits<string[], [string, string][]>(context, {
    units: chunk(unknown, 50),
    key: (_unit, index) => `sequences-${index}`,
    concurrency: 6,
    output: dir,
    work: async (batch) => {
      const result = await context.api.getMany(batch, ['id', 'sequence'], imageSchema, {
        concurrency: 1,
        signal,
      });
      return [...result.found.values()].map((image) => [image.id, image.sequence ?? 'unknown']);
    },
  });
  for (const pairs of lookup.results) for (const [id, seq] of pairs ?? []) sequenceOf.set(id, seq);
  const lookupFailed = new Set(lookup.failures.flatMap((f) => f.unit));
  const targets: Target[] = [];
  for (const id of input.ids) {
    const sequence = sequenceOf.get(id);
    if (sequence === undefined) {
      if (!lookupFailed.has(id)) {
        skipped.push({ id, reason: 'not found' });
        progress.add(1, 1);
      }
      continue;
    }
    let file: string;
    try {
      file = pathForIds(
        dir,
        [
          ['sequence', sequence],
          ['image', id],
        ],
        `_${size}.jpg`,
      );
    } catch (error) {
      // A sequence id from the service that cannot name a folder (`../../x`): never written.
      if (!(error instanceof UnsafePathError)) throw error;
      skipped.push({ id, reason: `unusable sequence id "${shortText(sequence, 40)}"` });
      progress.add(1, 1);
      continue;
    }
    targets.push({ id, sequence, file, name: path.relative(dir, file).split(path.sep).join('/') });
  }
  await prepareFolders(dir, targets);

  const run = await runUnits<Target, Done | null>(context, {
    units: targets,
    key: (target) => target.id,
    concurrency: context.concurrency ?? DOWNLOAD_CONCURRENCY,
    output: dir,
    work: async (target) => {
      const file = target.file;
      const present = await readComplete(file);
      if (present) return { bytes: present.length, sha256: sha256(present), reused: true };
      let thumbnail;
      try {
        thumbnail = await downloadThumbnail(context.api, target.id, size, { signal });
      } catch (error) {
        // An image that does not exist or has no picture at this size is skipped, not retried.
        if (error instanceof GraphError && error.kind === 'not-found') return null;
        throw error;
      }
      if (!isCompleteImage(thumbnail.bytes)) {
        throw new GraphError(
          'network',
          'The picture arrived incomplete: it will be fetched again.',
        );
      }
      try {
        await writeFileAtomic(file, thumbnail.bytes);
      } catch (error) {
        throw outputError(error, file);
      }
      return { bytes: thumbnail.bytes.length, sha256: sha256(thumbnail.bytes), reused: false };
    },
    onUnit: (target, done) => {
      if (done === null) skipped.push({ id: target.id, reason: `no ${size} picture` });
      progress.add(1, done === null ? 1 : 0);
    },
    onFailure: () => progress.add(0, 0, 1),
  });

  const manifest = (): string => {
    const lines = [MANIFEST_HEADER];
    run.results.forEach((done, i) => {
      const target = targets[i];
      if (done && target) {
        lines.push(
          csvLine([target.sequence, target.id, size, target.name, done.bytes, done.sha256]),
        );
      }
    });
    return `${lines.join('\n')}\n`;
  };
  const manifestFile = path.join(dir, MANIFEST);
  const failed = [
    ...lookup.failures.flatMap((f) => f.unit.map((id) => ({ id, reason: failureReason(f.error) }))),
    ...run.failures.map((f) => ({ id: f.unit.id, reason: failureReason(f.error) })),
  ];
  // The manifest lists what is done even when something failed: every file it names is complete.
  if (failed.length > 0) await writeOutput(manifestFile, manifest());
  const reused = run.results.filter((d) => d?.reused).length;
  const result = await completeJob({
    job: 'download',
    output: manifestFile,
    skippedFile: path.join(dir, SKIPPED),
    store: undefined,
    skipped,
    failed,
    reused,
    written: () => run.results.filter((d) => d).length,
    data: manifest,
  });
  return { ...result, output: dir, files: result.complete ? result.files : [manifestFile] };
}
