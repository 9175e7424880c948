// Image records (metadata entities with the columns chosen) written in any of the export formats,
// from a stream of records read back from a job's stored units, so no format holds the whole
// export: CSV, a GeoJSON FeatureCollection and JSON lines are written as text as the records come;
// GeoPackage (an `images` layer at the original positions, `images_computed` at the computed ones,
// and `sequences`, lines through the images in capture order), FlatGeobuf and GeoParquet go through
// the GIS writers, loaded on first use. Any job that exports images can write them with this.
import { type GisLayerSummary } from '../../shared/gis/gisTypes';
import { imagesLayer, pointOf, sequencesLayer } from '../gis/gisRecords';
import { loadGisWriters } from '../gis/loadGisWriters';
import { csvLine } from './csv';
import { type SkippedItem } from './jobTypes';
import { columnValue } from './metadataColumns';
import { sequencesOf } from './sequenceLines';
import { writeTextOutput } from './textOutput';

/** The formats image records can be written in. */
export type RecordFormat = 'csv' | 'geojson' | 'jsonl' | 'gpkg' | 'fgb' | 'parquet';

/** The formats written by the GIS writers. */
export type GisFormat = Extract<RecordFormat, 'gpkg' | 'fgb' | 'parquet'>;

/** Whether `format` is one of the GIS formats. */
export function isGisFormat(format: string): format is GisFormat {
  return format === 'gpkg' || format === 'fgb' || format === 'parquet';
}

/** The reason a FlatGeobuf file leaves a record out. */
export const NO_POSITION = 'no position (FlatGeobuf keeps only features with one)';

/**
 * The API fields a format needs besides those of the columns: GeoJSON the position, the GIS
 * formats both positions, and GeoPackage's sequence lines the sequence and capture time.
 */
export function fieldsForFormat(format: RecordFormat): string[] {
  if (format === 'geojson') return ['geometry'];
  if (format === 'gpkg') return ['geometry', 'computed_geometry', 'sequence', 'captured_at'];
  if (isGisFormat(format)) return ['geometry', 'computed_geometry'];
  return [];
}

type Entity = Record<string, unknown> & { id: string };

/** What {@link writeImageRecords} needs. */
export interface ImageRecordsArgs {
  file: string;
  format: RecordFormat;
  columns: readonly string[];
  /** The records in output order; called again for each pass a format needs. */
  records: () => AsyncIterable<Entity>;
  /** Records a format cannot hold are added here. */
  skipped: SkippedItem[];
  signal?: AbortSignal;
  /** What a GeoPackage records as its tables' last change. */
  lastChange: Date;
}

function record(entity: Entity, columns: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of columns) {
    const value = columnValue(entity, column);
    if (value !== undefined) out[column] = value;
  }
  return out;
}

/** Writes the records to `file` atomically in the chosen format; returns how many it holds. */
export async function writeImageRecords(args: ImageRecordsArgs): Promise<number> {
  const { file, format, columns } = args;
  if (isGisFormat(format)) return writeGis(args, format);
  return writeTextOutput(file, async (sink) => {
    let count = 0;
    if (format === 'csv') await sink.write(`${columns.join(',')}\n`);
    if (format === 'geojson') await sink.write('{"type":"FeatureCollection","features":[\n');
    for await (const entity of args.records()) {
      if (format === 'csv') {
        await sink.write(`${csvLine(columns.map((c) => columnValue(entity, c)))}\n`);
      } else if (format === 'jsonl') {
        await sink.write(`${JSON.stringify(record(entity, columns))}\n`);
      } else {
        const feature = {
          type: 'Feature',
          id: entity.id,
          geometry: entity.geometry ?? null,
          properties: record(entity, columns),
        };
        await sink.write(`${count > 0 ? ',\n' : ''}${JSON.stringify(feature)}`);
      }
      count += 1;
    }
    if (format === 'geojson') await sink.write('\n]}\n');
    return count;
  });
}

async function writeGis(args: ImageRecordsArgs, format: GisFormat): Promise<number> {
  const writers = loadGisWriters();
  const { file, columns, signal } = args;
  if (format === 'gpkg') {
    const layers = [
      imagesLayer(columns, args.records()),
      sequencesLayer(sequencesOf(args.records())),
    ];
    const summaries = await writers.writeGeoPackage(file, layers, {
      signal,
      lastChange: args.lastChange,
    });
    return summaries[0]?.features ?? 0;
  }
  if (format === 'parquet') {
    return (await writers.writeGeoParquet(file, imagesLayer(columns, args.records()), { signal }))
      .features;
  }
  // FlatGeobuf cannot index a feature without a position: the writer leaves it out, and the
  // skipped list names it.
  const leftOut: SkippedItem[] = [];
  async function* noting(): AsyncGenerator<Entity> {
    for await (const entity of args.records()) {
      if (!pointOf(entity.geometry)) leftOut.push({ id: entity.id, reason: NO_POSITION });
      yield entity;
    }
  }
  const summary: GisLayerSummary = await writers.writeFlatGeobuf(
    file,
    imagesLayer(columns, noting()),
    { signal },
  );
  if (summary.leftOut !== leftOut.length) {
    throw new Error(
      `The FlatGeobuf writer left out ${summary.leftOut} features, not ${leftOut.length}.`,
    );
  }
  args.skipped.push(...leftOut);
  return summary.features;
}
