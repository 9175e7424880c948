// The export jobs described once: their names, what they read, the choice they offer (format or
// picture size) with the default output name of each, and what their summary counts. The command
// line and the editor both render their options, pickers, default names and summaries from here, so
// a new format or a renamed output is one edit.
import { type ThumbnailSize } from '../api/thumbnails';
import { type SequenceOwner } from '../explorer/orgSequences';
import { type DetectionFormat } from './detectionFormats';
import { type JobName } from './jobTypes';
import { type MapFeatureFormat } from './mapFeaturesJob';
import { type MetadataFormat } from './metadataJob';

/** What a job reads: ids of images or of sequences, an area, or an organization's area. */
export type JobInputKind = 'image-ids' | 'sequence-ids' | 'area' | 'owner-area';

/** One value the user can choose for a job, with the output it writes by default. */
export interface JobChoiceValue<V extends string> {
  value: V;
  /** How a picker names it. */
  label: string;
  /** The default output name for this value (a file, or the download folder). */
  output: string;
}

/** The one choice a job offers besides its input. */
export interface JobChoice<V extends string> {
  /** The command line's option, `--format` or `--size`. */
  option: 'format' | 'size';
  /** The title of the editor's picker. */
  title: string;
  values: readonly JobChoiceValue<V>[];
  /** The command line's default (the editor asks). */
  default: V;
}

/** One export job, described for every front end. */
export interface ExportJob<V extends string = string> {
  /** The job's name, which is also its command-line command. */
  name: JobName;
  /** The editor's title, e.g. "Export Metadata". */
  title: string;
  input: JobInputKind;
  /** What the summary counts, e.g. "images" in "300 images written to …". */
  counts: string;
  choice?: JobChoice<V>;
  /** The default output name, from the chosen value and the owner (for the sequences job). */
  output(chosen: V | undefined, owner?: SequenceOwner): string;
}

function fromChoice<V extends string>(choice: JobChoice<V>): (chosen: V | undefined) => string {
  return (chosen) => {
    const value = choice.values.find((v) => v.value === (chosen ?? choice.default));
    return value?.output ?? (choice.values[0] as JobChoiceValue<V>).output;
  };
}

/** The metadata formats, each written to `<base>.<extension>`: metadata and search offer the same. */
function metadataFormatChoice(title: string, base: string): JobChoice<MetadataFormat> {
  return {
    option: 'format',
    title,
    default: 'csv',
    values: [
      { value: 'csv', label: 'CSV', output: `${base}.csv` },
      { value: 'geojson', label: 'GeoJSON', output: `${base}.geojson` },
      { value: 'jsonl', label: 'JSON lines', output: `${base}.jsonl` },
      { value: 'gpkg', label: 'GeoPackage (QGIS)', output: `${base}.gpkg` },
      { value: 'fgb', label: 'FlatGeobuf', output: `${base}.fgb` },
      { value: 'parquet', label: 'GeoParquet (DuckDB, GeoPandas)', output: `${base}.parquet` },
    ],
  };
}

const METADATA_CHOICE = metadataFormatChoice('Metadata format', 'metadata');
const SEARCH_CHOICE = metadataFormatChoice('Search results format', 'search');

const DETECTIONS_CHOICE: JobChoice<DetectionFormat> = {
  option: 'format',
  title: 'Detections format',
  default: 'geojson',
  values: [
    {
      value: 'geojson',
      label: 'GeoJSON (normalised image coordinates)',
      output: 'detections.geojson',
    },
    { value: 'coco', label: 'COCO annotations (pixels)', output: 'detections.coco.json' },
    {
      value: 'gpkg',
      label: 'GeoPackage (images on the map, detections as a table)',
      output: 'detections.gpkg',
    },
  ],
};

const MAP_FEATURES_CHOICE: JobChoice<MapFeatureFormat> = {
  option: 'format',
  title: 'Map features format',
  default: 'geojson',
  values: [
    { value: 'geojson', label: 'GeoJSON', output: 'map-features.geojson' },
    { value: 'csv', label: 'CSV', output: 'map-features.csv' },
    { value: 'jsonl', label: 'JSON lines', output: 'map-features.jsonl' },
    { value: 'gpkg', label: 'GeoPackage (QGIS)', output: 'map-features.gpkg' },
    { value: 'fgb', label: 'FlatGeobuf', output: 'map-features.fgb' },
    { value: 'parquet', label: 'GeoParquet (DuckDB, GeoPandas)', output: 'map-features.parquet' },
  ],
};

/** The download sizes as the choice's text values. */
export type DownloadSizeText = '256' | '1024' | '2048' | 'original';

const DOWNLOAD_CHOICE: JobChoice<DownloadSizeText> = {
  option: 'size',
  title: 'Picture size',
  default: '1024',
  values: [
    { value: '256', label: '256 px', output: 'images' },
    { value: '1024', label: '1024 px', output: 'images' },
    { value: '2048', label: '2048 px', output: 'images' },
    { value: 'original', label: 'Original', output: 'images' },
  ],
};

/** The size a download choice stands for. */
export function downloadSize(text: DownloadSizeText): ThumbnailSize {
  return text === 'original' ? 'original' : (Number(text) as ThumbnailSize);
}

/** The jobs by key, each with the type of its choice. */
export interface ExportJobs {
  sequences: ExportJob<never>;
  images: ExportJob<never>;
  metadata: ExportJob<MetadataFormat>;
  detections: ExportJob<DetectionFormat>;
  mapFeatures: ExportJob<MapFeatureFormat>;
  download: ExportJob<DownloadSizeText>;
  search: ExportJob<MetadataFormat>;
}

/** Every export job. */
export const EXPORT_JOBS: ExportJobs = {
  sequences: {
    name: 'sequences',
    title: 'Export Sequences',
    input: 'owner-area',
    counts: 'sequences',
    // One file per organization (or creator), so exporting a second one keeps the first.
    output: (_chosen, owner) =>
      owner?.organizationId
        ? `sequences-${owner.organizationId}.csv`
        : owner?.creatorId
          ? `sequences-creator-${owner.creatorId}.csv`
          : 'sequences.csv',
  },
  images: {
    name: 'images',
    title: 'Export Images',
    input: 'sequence-ids',
    counts: 'images',
    output: () => 'images.csv',
  },
  metadata: {
    name: 'metadata',
    title: 'Export Metadata',
    input: 'image-ids',
    counts: 'images',
    choice: METADATA_CHOICE,
    output: fromChoice(METADATA_CHOICE),
  },
  detections: {
    name: 'detections',
    title: 'Export Detections',
    input: 'image-ids',
    counts: 'detections',
    choice: DETECTIONS_CHOICE,
    output: fromChoice(DETECTIONS_CHOICE),
  },
  mapFeatures: {
    name: 'map-features',
    title: 'Export Map Features',
    input: 'area',
    counts: 'map features',
    choice: MAP_FEATURES_CHOICE,
    output: fromChoice(MAP_FEATURES_CHOICE),
  },
  download: {
    name: 'download',
    title: 'Download Images',
    input: 'image-ids',
    counts: 'files',
    choice: DOWNLOAD_CHOICE,
    output: fromChoice(DOWNLOAD_CHOICE),
  },
  search: {
    name: 'search',
    title: 'Search Images',
    input: 'area',
    counts: 'images',
    choice: SEARCH_CHOICE,
    output: fromChoice(SEARCH_CHOICE),
  },
};

/** Every export job, in the order the command line lists them. */
export const ALL_EXPORT_JOBS: readonly ExportJob[] = [
  EXPORT_JOBS.sequences,
  EXPORT_JOBS.images,
  EXPORT_JOBS.metadata,
  EXPORT_JOBS.detections,
  EXPORT_JOBS.mapFeatures,
  EXPORT_JOBS.download,
  EXPORT_JOBS.search,
];
