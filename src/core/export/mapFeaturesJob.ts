// Job 5: the map features in an area as a GeoJSON FeatureCollection, sorted by id so that two runs
// over the same data write the same bytes. The area search splits dense areas by itself; the area
// is bounded so one export cannot spend the app's shared request budget on a whole country.
import { type Bbox, bboxProblem } from '../../shared/api/bbox';
import { MAP_FEATURE_FIELDS } from '../../shared/api/fields';
import { type MapFeature } from '../api/mapillaryApi';
import { type Area, pointInArea } from '../../shared/geo/area';
import { areaDigest } from '../geo/areaDigest';
import { pointOf } from '../geo/areaSearch';
import { type JobContext } from './jobContext';
import { withClaimedOutput } from './outputClaim';
import { JobError, failureReason } from './jobErrors';
import { ProgressCounter, completeJob } from './jobOutput';
import { JobStore } from './jobStore';
import { type JobResult } from './jobTypes';
import { runUnits } from './unitRunner';

/** Largest area of one map feature export, in square degrees (about 30 km × 30 km in Europe). */
export const MAX_FEATURE_AREA_DEG2 = 0.25;

/** Options of {@link runMapFeaturesJob}. */
export interface MapFeaturesJobOptions {
  /** The area's extent; with `area`, its bbox is used instead. */
  bbox?: Bbox;
  /** An area of any shape: only the features inside it (outside its holes) are kept. */
  area?: Area;
  output: string;
  /** `object_values` filter, wildcards allowed. */
  values?: readonly string[];
  maxAreaDeg2?: number;
}

/** Checks an area for a bbox job and returns it, or throws a {@link JobError} of kind 'input'. */
export function checkJobBbox(bbox: Bbox, maxAreaDeg2: number): Bbox {
  const problem = bboxProblem(bbox);
  if (problem) throw new JobError('input', `The area is not usable: ${problem}.`);
  const area = (bbox[2] - bbox[0]) * (bbox[3] - bbox[1]);
  if (area > maxAreaDeg2) {
    throw new JobError(
      'input',
      `The area is too large (${area.toFixed(3)} square degrees; at most ${maxAreaDeg2}): split it into smaller areas.`,
    );
  }
  return bbox;
}

/** Searches the area's map features and writes the GeoJSON. */
export function runMapFeaturesJob(
  context: JobContext,
  options: MapFeaturesJobOptions,
): Promise<JobResult> {
  return withClaimedOutput(context, options.output, 'file', () => mapFeaturesJob(context, options));
}

async function mapFeaturesJob(
  context: JobContext,
  options: MapFeaturesJobOptions,
): Promise<JobResult> {
  const { output, area } = options;
  const extent = area?.bbox ?? options.bbox;
  if (!extent) throw new JobError('input', 'Exporting map features needs an area.');
  const bbox = checkJobBbox(extent, options.maxAreaDeg2 ?? MAX_FEATURE_AREA_DEG2);
  const shape = area?.kind === 'shape' ? area : undefined;
  const store = await JobStore.open(context, output, 'map-features', {
    bbox: bbox.map(String),
    values: options.values ?? [],
    shape: shape ? areaDigest(shape) : undefined,
  });
  const progress = new ProgressCounter('map-features', 'features', 0, context.onProgress);
  const run = await runUnits<string, MapFeature[]>(context, {
    units: ['area'],
    key: (unit) => unit,
    store,
    concurrency: 1,
    output,
    work: async () => {
      const found: MapFeature[] = [];
      for await (const feature of context.api.searchMapFeatures(
        bbox,
        { objectValues: options.values, fields: MAP_FEATURE_FIELDS },
        { signal: context.signal },
      )) {
        const at = pointOf(feature);
        if (shape && !(at && pointInArea(shape, at[0], at[1]))) continue;
        found.push(feature);
        progress.total = found.length;
        progress.add(1);
      }
      return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    onUnit: (_unit, found, reused) => {
      if (reused) {
        progress.total = found.length;
        progress.add(found.length);
      }
    },
  });
  const features = run.results[0] ?? [];
  return completeJob({
    job: 'map-features',
    output,
    store,
    skipped: [],
    failed: run.failures.map((f) => ({ id: 'area', reason: failureReason(f.error) })),
    reused: run.reused,
    written: () => features.length,
    data: () => {
      const lines = features.map((f) => {
        const { id, geometry, ...rest } = f;
        const properties: Record<string, unknown> = { id };
        for (const field of MAP_FEATURE_FIELDS) {
          const value = (rest as Record<string, unknown>)[field];
          if (field !== 'id' && field !== 'geometry' && value !== undefined)
            properties[field] = value;
        }
        return JSON.stringify({ type: 'Feature', id, geometry: geometry ?? null, properties });
      });
      return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
    },
  });
}
