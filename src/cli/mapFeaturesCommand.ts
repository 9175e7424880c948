// `map-features`: the map features in an area as GeoJSON, CSV, JSON lines or a GIS format.
import { EXPORT_JOBS } from '../core/export/jobCatalog';
import { runMapFeaturesJob } from '../core/export/mapFeaturesJob';
import type { CliCommand } from './cliCommand';
import { UsageError } from './cliErrors';
import { AREA_OPTIONS, AREA_USAGE, areaOption } from './cliArea';
import {
  choiceOption,
  choiceUsage,
  listOption,
  outputUsage,
  runJobCommand,
  stringOption,
} from './jobCommand';

const JOB = EXPORT_JOBS.mapFeatures;

const USAGE = `Usage: mapillary-explorer map-features (--bbox W,S,E,N | --area FILE) [options]

Writes the map features (traffic signs and points) in an area, sorted by id, as a GeoJSON
FeatureCollection, CSV, JSON lines, or the map_features layer of a GeoPackage, a FlatGeobuf or a
GeoParquet file. Each feature has its value (object_value) and the value in words (object_name).
Dense areas are split automatically; an area whose extent is larger than 0.25 square degrees is
refused: split it.

Options:
${AREA_USAGE}
  --values A,B,...     object values to keep; wildcards allowed (regulatory--*)
${choiceUsage(JOB)}
  -o, --out FILE       output file (default ${outputUsage(JOB)})
  -h, --help           show this help
`;

/** The `map-features` command. */
export const mapFeaturesCommand: CliCommand = {
  words: ['map-features'],
  summary: 'map-features --bbox BBOX          map features in an area (GeoJSON, CSV, GIS)',
  usage: USAGE,
  options: {
    ...AREA_OPTIONS,
    values: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  async run(context) {
    if (context.args.length)
      throw new UsageError(`unexpected argument '${context.args[0]}'`, 'map-features');
    const area = await areaOption(context);
    const format = choiceOption(context, JOB);
    const values = listOption(context, 'values');
    const output = stringOption(context, 'out') ?? JOB.output(format);
    return runJobCommand(context, JOB, (job) =>
      runMapFeaturesJob(job, { area, output, values, format }),
    );
  },
};
