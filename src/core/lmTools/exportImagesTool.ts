// mapillary_exportImages: images (given by id, or found by a search) exported by the jobs the
// commands and the command line run: their metadata (the metadata job: CSV, GeoJSON, JSON lines,
// GeoPackage, FlatGeobuf or GeoParquet), their detections (the detections job: GeoJSON or COCO), or
// the pictures themselves (the download job: JPEG files and a manifest). Each writes into a file
// or folder the extension names inside the workspace's export folder, renamed into place only when
// complete.
import { type ThumbnailSize } from '../api/thumbnails';
import { type DetectionFormat } from '../export/detectionFormats';
import { runDetectionsJob } from '../export/detectionsJob';
import { runDownloadJob } from '../export/downloadJob';
import { idListInput } from '../export/idInput';
import { type JobContext } from '../export/jobContext';
import { type JobResult } from '../export/jobTypes';
import { fieldsForColumns } from '../export/metadataColumns';
import { type MetadataFormat, runMetadataJob } from '../export/metadataJob';
import {
  type ExportImagesInput,
  MAX_EXPORT_IMAGES,
  MAX_TOOL_DOWNLOADS,
} from '../../shared/lmTools/exportInput';
import { searchToolImages } from './imageSearch';

/** The input, as parsed by the tool's schema (`content` defaults to metadata). */
export type ExportImagesToolInput = Omit<ExportImagesInput, 'content'> & {
  content?: ExportImagesInput['content'];
};

/**
 * The columns the tool writes unless told otherwise. Unlike the export command's default, no
 * thumbnail URL: those are signed and expire, and a file a model asked for should not hold one
 * unless the person asked for it by name.
 */
export const TOOL_EXPORT_COLUMNS = [
  'seq_id',
  'img_id',
  'captured_at',
  'compass_angle',
  'lon',
  'lat',
  'is_pano',
  'creator.username',
] as const;

/** What an export writes, and where, relative to the export folder. */
export interface ExportTarget {
  content: ExportImagesInput['content'];
  /** csv, geojson, jsonl, gpkg or coco; undefined for downloads. */
  format?: string;
  /** The file's name with its extension, or the download folder's name. */
  name: string;
  kind: 'file' | 'directory';
}

/** The target of an export: its format (with the defaults filled in) and its file or folder. */
export function exportTarget(input: ExportImagesToolInput): ExportTarget {
  switch (input.content ?? 'metadata') {
    case 'metadata': {
      const format = input.format ?? 'csv';
      return {
        content: 'metadata',
        format,
        name: `${input.fileName ?? 'metadata'}.${format}`,
        kind: 'file',
      };
    }
    case 'detections': {
      const format = input.format ?? 'geojson';
      const extension = format === 'coco' ? 'coco.json' : format;
      return {
        content: 'detections',
        format,
        name: `${input.fileName ?? 'detections'}.${extension}`,
        kind: 'file',
      };
    }
    case 'downloads':
      return { content: 'downloads', name: input.fileName ?? 'images', kind: 'directory' };
  }
}

/** The columns a metadata export will write; throws a JobError naming unknown columns. */
export function exportColumns(input: ExportImagesToolInput): string[] {
  const columns = input.columns?.length ? input.columns : [...TOOL_EXPORT_COLUMNS];
  fieldsForColumns(columns);
  return columns;
}

/** The picture size of a download. */
export function downloadSize(input: ExportImagesToolInput): ThumbnailSize {
  const size = input.size ?? '1024';
  return size === 'original' ? 'original' : (Number(size) as ThumbnailSize);
}

function jobSummary(job: JobResult): Record<string, unknown> {
  const reasons: Record<string, number> = {};
  for (const item of job.skipped) reasons[item.reason] = (reasons[item.reason] ?? 0) + 1;
  return {
    written: job.written,
    skipped: job.skipped.length,
    ...(job.skipped.length ? { skippedReasons: reasons } : {}),
    failed: job.failed.length,
    complete: job.complete,
  };
}

/** Runs the export into `output` (a file, or the folder of a download) and shapes the result. */
export async function exportImagesTool(
  context: JobContext,
  input: ExportImagesToolInput,
  output: string,
): Promise<{ result: Record<string, unknown>; outputWritten: boolean }> {
  const target = exportTarget(input);
  const columns = target.content === 'metadata' ? exportColumns(input) : undefined;
  const notes: string[] = [];
  let ids = input.imageIds ?? [];
  if (input.search) {
    // A download beyond the cap is refused whole; other exports keep the first images, as before.
    const downloads = target.content === 'downloads';
    const max = downloads ? MAX_TOOL_DOWNLOADS : MAX_EXPORT_IMAGES;
    const found = await searchToolImages(context.api, input.search, context.signal, max + 1);
    if (found.images.length > max) {
      if (downloads) {
        return {
          result: {
            error: `the search finds more than ${max} images and one call downloads at most ${max} pictures: narrow the area, the dates or the filters, then call the tool again. Nothing was written.`,
          },
          outputWritten: false,
        };
      }
      found.images.length = max;
      notes.push(
        `The search found more than ${max} images; only the first ${max} were exported: narrow the search.`,
      );
    }
    ids = found.images.map((image) => image.id);
    if (found.denseAreas > 0) {
      notes.push(
        'Parts of the area were too dense to list completely: some images may be missing; use a smaller area.',
      );
    }
    if (ids.length === 0) {
      return {
        result: { written: 0, note: 'The search found no images: nothing was written.' },
        outputWritten: false,
      };
    }
  }
  const head = { content: target.content, ...(target.format ? { format: target.format } : {}) };
  const job =
    target.content === 'downloads'
      ? await runDownloadJob(context, {
          input: idListInput(ids, 'image'),
          dir: output,
          size: downloadSize(input),
        })
      : target.content === 'detections'
        ? await runDetectionsJob(context, {
            input: idListInput(ids, 'image'),
            output,
            format: target.format as DetectionFormat,
          })
        : await runMetadataJob(context, {
            input: idListInput(ids, 'image'),
            output,
            columns: columns ?? [],
            format: target.format as MetadataFormat,
          });
  if (!job.complete) {
    notes.push(
      `${job.failed.length} image(s) could not be read this time; nothing was written under the final name. Calling the tool again with the same input finishes the export.`,
    );
  }
  return {
    result: {
      ...head,
      ...(columns ? { columns } : {}),
      ...(target.content === 'downloads' ? { size: input.size ?? '1024' } : {}),
      ...jobSummary(job),
      ...(notes.length ? { notes } : {}),
    },
    outputWritten: job.complete,
  };
}
