// Job 5: the map features in an area as a GeoJSON FeatureCollection, CSV, JSON lines, or as the
// `map_features` layer of a GeoPackage, a FlatGeobuf or a GeoParquet file, sorted by id so that two runs over the same
// data write the same bytes. The area search splits dense areas by itself; the area is bounded so
// one export cannot spend the app's shared request budget on a whole country.
import { type Bbox, bboxProblem } from '../../shared/api/bbox';
import { MAP_FEATURE_FIELDS } from '../../shared/api/fields';
import { type MapFeature } from '../api/mapillaryApi';
import { type Area, pointInArea } from '../../shared/geo/area';
import { areaDigest } from '../geo/areaDigest';
import { pointOf as positionOf } from '../geo/areaSearch';
import { csvLine } from './csv';
import { type JobContext } from './jobContext';
import {
  MAP_FEATURE_TABLE_COLUMNS,
  mapFeatureProperties,
  mapFeatureTableRow,
} from './mapFeatureRecords';
import { withClaimedOutput } from './outputClaim';
import { mapFeaturesLayer, pointOf } from '../gis/gisRecords';
import { loadGisWriters } from '../gis/loadGisWriters';
import { NO_POSITION } from './imageRecords';
import { JobError } from './jobErrors';
import { ProgressCounter, completeJob } from './jobOutput';
import { JobStore } from './jobStore';
import { type JobResult, type SkippedItem } from './jobTypes';
import { writeTextOutput } from './textOutput';
import { runUnits } from './unitRunner';

/** Output formats of the map features job. */
export type MapFeatureFormat = 'geojson' | 'csv' | 'jsonl' | 'gpkg' | 'fgb' | 'parquet';

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
  /** Default `geojson`. */
  format?: MapFeatureFormat;
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

/** Searches the area's map features and writes them in the chosen format. */
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
  const format = options.format ?? 'geojson';
  const extent = area?.bbox ?? options.bbox;
  if (!extent) throw new JobError('input', 'Exporting map features needs an area.');
  const bbox = checkJobBbox(extent, options.maxAreaDeg2 ?? MAX_FEATURE_AREA_DEG2);
  const shape = area?.kind === 'shape' ? area : undefined;
  const store = await JobStore.open(context, output, 'map-features', {
    bbox: bbox.map(String),
    values: options.values ?? [],
    format,
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
        const at = positionOf(feature);
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
  const skipped: SkippedItem[] = [];
  const features = async () =>
    run.failures.length === 0 ? ((await store.read<MapFeature[]>('area')) ?? []) : [];
  return completeJob({
    job: 'map-features',
    output,
    store,
    skipped,
    failed: run.failed.map((f) => ({ ...f, id: 'area' })),
    reused: run.reused,
    units: run.done,
    signal: context.signal,
    write: async () =>
      writeMapFeatures(output, format, await features(), skipped, {
        signal: context.signal,
        lastChange: new Date(store.startedAt),
      }),
  });
}

async function* streamOf<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

async function writeMapFeatures(
  file: string,
  format: MapFeatureFormat,
  features: readonly MapFeature[],
  skipped: SkippedItem[],
  { signal, lastChange }: { signal?: AbortSignal; lastChange: Date },
): Promise<number> {
  if (format === 'geojson') {
    return writeTextOutput(file, async (sink) => {
      await sink.write('{"type":"FeatureCollection","features":[\n');
      let count = 0;
      for (const f of features) {
        const feature = {
          type: 'Feature',
          id: f.id,
          geometry: f.geometry ?? null,
          properties: mapFeatureProperties(f),
        };
        await sink.write(`${count > 0 ? ',\n' : ''}${JSON.stringify(feature)}`);
        count += 1;
      }
      await sink.write('\n]}\n');
      return count;
    });
  }
  if (format === 'csv' || format === 'jsonl') {
    return writeTextOutput(file, async (sink) => {
      const columns = MAP_FEATURE_TABLE_COLUMNS;
      if (format === 'csv') await sink.write(`${columns.join(',')}\n`);
      for (const f of features) {
        const row = mapFeatureTableRow(f);
        const line = format === 'csv' ? csvLine(columns.map((c) => row[c])) : JSON.stringify(row);
        await sink.write(`${line}\n`);
      }
      return features.length;
    });
  }
  const writers = loadGisWriters();
  const layer = () => mapFeaturesLayer(streamOf(features));
  if (format === 'gpkg') {
    const [summary] = await writers.writeGeoPackage(file, [layer()], { signal, lastChange });
    return summary?.features ?? 0;
  }
  if (format === 'parquet')
    return (await writers.writeGeoParquet(file, layer(), { signal })).features;
  for (const f of features)
    if (!pointOf(f.geometry)) skipped.push({ id: f.id, reason: NO_POSITION });
  return (await writers.writeFlatGeobuf(file, layer(), { signal })).features;
}
