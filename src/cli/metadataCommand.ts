// `metadata`: image metadata as CSV, GeoJSON, JSON lines, GeoPackage, FlatGeobuf or GeoParquet,
// with the fields chosen.
import { DEFAULT_METADATA_COLUMNS, fieldsForColumns } from '../core/export/metadataColumns';
import { JobError } from '../core/export/jobErrors';
import { EXPORT_JOBS } from '../core/export/jobCatalog';
import { runMetadataJob } from '../core/export/metadataJob';
import type { CliCommand } from './cliCommand';
import { UsageError } from './cliErrors';
import {
  INPUT_OPTIONS,
  INPUT_USAGE,
  JOB_USAGE,
  choiceOption,
  choiceUsage,
  countOption,
  outputUsage,
  readInput,
  runJobCommand,
  stringOption,
} from './jobCommand';

const JOB = EXPORT_JOBS.metadata;

const USAGE = `Usage: mapillary-explorer metadata (INPUT | --ids ID,...) [options]

Reads the images' metadata in batched ?ids= requests, several at once, and writes it as CSV, a
GeoJSON FeatureCollection, JSON lines, or for GIS tools: a GeoPackage (layers images at the
original positions, images_computed at the computed ones, and sequences, lines in capture order),
a FlatGeobuf or a GeoParquet file (the computed position as a second geometry or as columns). Ids
are written as strings. INPUT can be the CSV the 'images' command writes.

Arguments:
${INPUT_USAGE}

Options:
  --fields A,B,...     columns (default ${DEFAULT_METADATA_COLUMNS.join(',')});
                       img_id, seq_id, lon, lat, any image field (captured_at, height, make,
                       thumb_1024_url, ...) or a nested one (creator.username)
${choiceUsage(JOB)}
  -o, --out FILE       output file (default ${outputUsage(JOB)})
  --batch-size N       ids per request (default 50, at most 100)
  --concurrency N      requests in flight (default 16)
${JOB_USAGE}
  -h, --help           show this help
`;

/** The `metadata` command. */
export const metadataCommand: CliCommand = {
  words: ['metadata'],
  summary: 'metadata INPUT                    image metadata (CSV, GeoJSON, JSON lines, GIS)',
  usage: USAGE,
  options: {
    ...INPUT_OPTIONS,
    fields: { type: 'string' },
    format: { type: 'string' },
    'batch-size': { type: 'string' },
  },
  async run(context) {
    const format = choiceOption(context, JOB);
    const fieldsText = stringOption(context, 'fields');
    const columns = fieldsText
      ? fieldsText
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean)
      : [...DEFAULT_METADATA_COLUMNS];
    try {
      fieldsForColumns(columns);
    } catch (error) {
      if (error instanceof JobError) throw new UsageError(error.message, 'metadata');
      throw error;
    }
    const batchSize = countOption(context, 'batch-size', 100);
    const input = await readInput(context, 'image');
    const output = stringOption(context, 'out') ?? JOB.output(format);
    return runJobCommand(
      context,
      JOB,
      (job) => runMetadataJob(job, { input, output, columns, format, batchSize }),
      { concurrency: countOption(context, 'concurrency') },
    );
  },
};
