// `map-features`: the map features in an area as GeoJSON, GeoPackage, FlatGeobuf or GeoParquet.
import { EXPORT_JOBS } from '../core/export/jobCatalog';
import { runMapFeaturesJob } from '../core/export/mapFeaturesJob';
import type { CliCommand } from './cliCommand';
import { UsageError } from './cliErrors';
import {
  JOB_OPTIONS,
  JOB_USAGE,
  bboxOption,
  choiceOption,
  choiceUsage,
  listOption,
  outputUsage,
  runJobCommand,
  stringOption,
} from './jobCommand';

const JOB = EXPORT_JOBS.mapFeatures;

const USAGE = `Usage: mapillary-explorer map-features --bbox W,S,E,N [options]

Writes the map features (traffic signs and points) in an area, sorted by id, as a GeoJSON
FeatureCollection or as the map_features layer of a GeoPackage, a FlatGeobuf or a GeoParquet file.
Dense areas are split automatically; an area larger than 0.25 square degrees is refused: split it.

Options:
  --bbox W,S,E,N       the area: minLon,minLat,maxLon,maxLat
  --values A,B,...     object values to keep; wildcards allowed (regulatory--*)
${choiceUsage(JOB)}
  -o, --out FILE       output file (default ${outputUsage(JOB)})
${JOB_USAGE}
  -h, --help           show this help
`;

/** The `map-features` command. */
export const mapFeaturesCommand: CliCommand = {
  words: ['map-features'],
  summary: 'map-features --bbox BBOX          map features in an area (GeoJSON, GIS)',
  usage: USAGE,
  options: {
    bbox: { type: 'string' },
    values: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
    ...JOB_OPTIONS,
  },
  run(context) {
    if (context.args.length)
      throw new UsageError(`unexpected argument '${context.args[0]}'`, 'map-features');
    const bbox = bboxOption(context);
    const format = choiceOption(context, JOB);
    const values = listOption(context, 'values');
    const output = stringOption(context, 'out') ?? JOB.output(format);
    return runJobCommand(context, JOB, (job) =>
      runMapFeaturesJob(job, { bbox, output, values, format }),
    );
  },
};
