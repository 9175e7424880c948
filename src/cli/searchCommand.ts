// `search`: the images in an area (a bbox or a GeoJSON shape) with the Explorer's filters, in any of
// the metadata job's formats.
import { EXPORT_JOBS } from '../core/export/jobCatalog';
import { JobError } from '../core/export/jobErrors';
import { fieldsForColumns } from '../core/export/metadataColumns';
import { SEARCH_COLUMNS, runSearchJob } from '../core/export/searchJob';
import { AREA_OPTIONS, AREA_USAGE, areaOption } from './cliArea';
import type { CliCommand } from './cliCommand';
import { UsageError } from './cliErrors';
import { FILTER_OPTIONS, FILTER_USAGE, columnsOption, filterOptions } from './imageFilters';
import {
  choiceOption,
  choiceUsage,
  countOption,
  outputUsage,
  runJobCommand,
  stringOption,
} from './jobCommand';

const JOB = EXPORT_JOBS.search;

const USAGE = `Usage: mapillary-explorer search (--bbox W,S,E,N | --area FILE) [options]

Searches the images in an area with the filters given, as the Explorer's "Search Images in Area"
does, and writes them as CSV, a GeoJSON FeatureCollection, JSON lines, a GeoPackage, a FlatGeobuf
or a GeoParquet file (ids as strings). A shape
is searched part by part and only what lies inside it is kept; dense parts are split until the
service answers them whole. Interrupted, it goes on from the parts it had not finished.

Options:
${AREA_USAGE}
${FILTER_USAGE}
  --fields A,B,...     columns (default ${SEARCH_COLUMNS.slice(0, 4).join(',')},
                       ${SEARCH_COLUMNS.slice(4).join(',')}); any metadata column
${choiceUsage(JOB)}
  -o, --out FILE       output file (default ${outputUsage(JOB)})
  --concurrency N      parts searched at once (default 4)
  -h, --help           show this help
`;

/** The `search` command. */
export const searchCommand: CliCommand = {
  words: ['search'],
  summary: 'search --bbox BBOX | --area FILE  images in an area, with filters (CSV, GeoJSON, …)',
  usage: USAGE,
  options: {
    ...AREA_OPTIONS,
    ...FILTER_OPTIONS,
    fields: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
    concurrency: { type: 'string' },
  },
  async run(context) {
    if (context.args.length)
      throw new UsageError(`unexpected argument '${context.args[0]}'`, 'search');
    const format = choiceOption(context, JOB);
    const filters = filterOptions(context);
    const columns = columnsOption(context, SEARCH_COLUMNS);
    try {
      fieldsForColumns(columns);
    } catch (error) {
      if (error instanceof JobError) throw new UsageError(error.message, 'search');
      throw error;
    }
    const area = await areaOption(context);
    const output = stringOption(context, 'out') ?? JOB.output(format);
    return runJobCommand(
      context,
      JOB,
      (job) => runSearchJob(job, { area, filters, output, format, columns }),
      { concurrency: countOption(context, 'concurrency', 16) },
    );
  },
};
