// Job 7: the images an area search finds (dates, panoramas, organization, creator), in an area of
// any shape, written like the metadata job (any of its formats, the columns chosen). The area is
// cut into parts (core/geo/areaSearch); each part's search is a unit stored as soon as it is done,
// so an interrupted search goes on from the parts it had not finished, and the output is streamed
// from the stored parts. Images are asked with exactly the fields the columns need (and the
// position, to keep only what lies in the shape), in one request per 2,000 images, so no second
// read is needed.
import { type ImageSearchFilters } from '../api/mapillaryApi';
import { formatBbox } from '../../shared/api/bbox';
import { type Area } from '../../shared/geo/area';
import { areaDigest } from '../geo/areaDigest';
import { partKeeps, pointOf, searchParts } from '../geo/areaSearch';
import { type JobContext } from './jobContext';
import { failureReason } from './jobErrors';
import { ProgressCounter, completeJob } from './jobOutput';
import { JobStore } from './jobStore';
import { type JobResult } from './jobTypes';
import { fieldsForColumns } from './metadataColumns';
import { fieldsForFormat, writeImageRecords } from './imageRecords';
import { type Entity, type MetadataFormat } from './metadataJob';
import { withClaimedOutput } from './outputClaim';
import { runUnits, storedUnits } from './unitRunner';

/** The columns a search writes unless told otherwise: what the Explorer's search shows. */
export const SEARCH_COLUMNS = [
  'img_id',
  'seq_id',
  'captured_at',
  'compass_angle',
  'lon',
  'lat',
  'is_pano',
  'creator.username',
] as const;

/** How often the area may be split in two directions when the service cuts an answer off. */
const MAX_SPLIT_DEPTH = 6;

/** Options of {@link runSearchJob}. */
export interface SearchJobOptions {
  area: Area;
  /** The search's filters (its fields come from the columns). */
  filters: Omit<ImageSearchFilters, 'fields'>;
  output: string;
  format: MetadataFormat;
  columns: readonly string[];
}

const partKey = (_part: unknown, index: number) => `part-${index}`;

interface PartResult {
  images: Entity[];
  /** Parts of the part still too dense after every split. */
  dense: string[];
}

/** Searches the area and writes what it found; see the file comment. */
export function runSearchJob(context: JobContext, options: SearchJobOptions): Promise<JobResult> {
  return withClaimedOutput(context, options.output, 'file', () => searchJob(context, options));
}

async function searchJob(context: JobContext, options: SearchJobOptions): Promise<JobResult> {
  const { area, output, columns, filters } = options;
  const fields = fieldsForColumns(columns);
  for (const field of ['geometry', ...fieldsForFormat(options.format)]) {
    if (!fields.includes(field)) fields.push(field);
  }
  const parts = searchParts(area);
  const store = await JobStore.open(context, output, 'search', {
    area: areaDigest(area),
    fields,
    columns,
    format: options.format,
    start: filters.startCapturedAt,
    end: filters.endCapturedAt,
    pano: filters.isPano,
    org: filters.organizationId,
    creator: filters.creatorUsername,
  });
  const progress = new ProgressCounter('search', 'area parts', parts.length, context.onProgress);
  const run = await runUnits<(typeof parts)[number], PartResult>(context, {
    units: parts,
    key: partKey,
    store,
    concurrency: context.concurrency ?? 4,
    output,
    work: async (part) => {
      const images: Entity[] = [];
      let dense: string[] = [];
      for await (const image of context.api.searchImages(
        part.bbox,
        { ...filters, fields },
        {
          signal: context.signal,
          maxDepth: MAX_SPLIT_DEPTH,
          onProgress: (p) => (dense = p.incompleteAreas.map(formatBbox)),
        },
      )) {
        if (!partKeeps(area, part, pointOf(image))) continue;
        // Only what was asked for, in a fixed key order, so every run stores the same bytes.
        const kept: Entity = { id: image.id };
        for (const field of fields) {
          const key = field.split('.')[0] ?? field;
          const value = (image as Record<string, unknown>)[key];
          if (value !== undefined) kept[key] = value;
        }
        images.push(kept);
      }
      images.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { images, dense };
    },
    skippedOf: (_part, result) =>
      result.dense.map((bbox) => ({ id: `area ${bbox}`, reason: 'too dense to list completely' })),
    onUnit: () => progress.add(1),
    onFailure: () => progress.add(0, 0, 1),
  });
  const skipped = [...run.skipped];
  // The images in part order, read back from the stored parts one at a time.
  async function* records(): AsyncGenerator<Entity> {
    // An image on the edge between two parts is found by both.
    const seen = new Set<string>();
    for await (const { result } of storedUnits<(typeof parts)[number], PartResult>(
      store,
      parts,
      partKey,
      context.signal,
    )) {
      for (const image of result.images) {
        if (seen.has(image.id)) continue;
        seen.add(image.id);
        yield image;
      }
    }
  }
  return completeJob({
    job: 'search',
    output,
    store,
    skipped,
    failed: run.failures.map((f) => ({
      id: `area ${formatBbox(f.unit.bbox)}`,
      reason: failureReason(f.error),
    })),
    reused: run.reused,
    units: run.done,
    signal: context.signal,
    write: () =>
      writeImageRecords({
        file: output,
        format: options.format,
        columns,
        records,
        skipped,
        signal: context.signal,
        lastChange: new Date(store.startedAt),
      }),
  });
}
