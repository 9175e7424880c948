// mapillary_exportImages: the metadata of images (given by id, or found by a search) written with
// the metadata export job, in CSV, GeoJSON or JSON lines, into a file the extension names inside the
// workspace's export folder. The job is the one the commands and the command line run: batched
// reads, work kept across interruptions, the file renamed into place only when complete.
import { type JobContext } from '../export/jobContext';
import { idListInput } from '../export/idInput';
import { fieldsForColumns } from '../export/metadataColumns';
import { type MetadataFormat, runMetadataJob } from '../export/metadataJob';
import { MAX_TOOL_IMAGES, type ToolImageFilters, searchToolImages } from './imageSearch';

/** The input, as parsed by the tool's schema. */
export interface ExportImagesToolInput {
  imageIds?: string[];
  search?: ToolImageFilters;
  format: MetadataFormat;
  columns?: string[];
  fileName?: string;
}

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

/** The columns an export will write; throws a JobError naming unknown columns. */
export function exportColumns(input: ExportImagesToolInput): string[] {
  const columns = input.columns?.length ? input.columns : [...TOOL_EXPORT_COLUMNS];
  fieldsForColumns(columns);
  return columns;
}

/** The output file's name, `<fileName or "metadata">.<format>`. */
export function exportFileName(input: ExportImagesToolInput): string {
  return `${input.fileName ?? 'metadata'}.${input.format}`;
}

/** Runs the export into `output` and shapes the result (`file` is named by the caller). */
export async function exportImagesTool(
  context: JobContext,
  input: ExportImagesToolInput,
  output: string,
): Promise<{ result: Record<string, unknown>; outputWritten: boolean }> {
  const columns = exportColumns(input);
  const notes: string[] = [];
  let ids = input.imageIds ?? [];
  if (input.search) {
    const found = await searchToolImages(context.api, input.search, context.signal);
    ids = found.images.map((image) => image.id);
    if (!found.complete) {
      notes.push(
        ids.length >= MAX_TOOL_IMAGES
          ? `The search found more than ${MAX_TOOL_IMAGES} images; only the first ${MAX_TOOL_IMAGES} were exported: narrow the search.`
          : 'Parts of the area were too dense to list completely: some images may be missing; use a smaller area.',
      );
    }
    if (ids.length === 0) {
      return {
        result: { written: 0, note: 'The search found no images: nothing was written.' },
        outputWritten: false,
      };
    }
  }
  const job = await runMetadataJob(context, {
    input: idListInput(ids, 'image'),
    output,
    columns,
    format: input.format,
  });
  const reasons: Record<string, number> = {};
  for (const item of job.skipped) reasons[item.reason] = (reasons[item.reason] ?? 0) + 1;
  if (!job.complete) {
    notes.push(
      `${job.failed.length} image(s) could not be read this time; nothing was written under the final name. Calling the tool again with the same input finishes the export.`,
    );
  }
  return {
    result: {
      format: input.format,
      columns,
      written: job.written,
      skipped: job.skipped.length,
      ...(job.skipped.length ? { skippedReasons: reasons } : {}),
      failed: job.failed.length,
      complete: job.complete,
      ...(notes.length ? { notes } : {}),
    },
    outputWritten: job.complete,
  };
}
