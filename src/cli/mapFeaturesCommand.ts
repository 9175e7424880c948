// `map-features`: the map features in an area as GeoJSON.
import { EXPORT_JOBS } from '../core/export/jobCatalog';
import { runMapFeaturesJob } from '../core/export/mapFeaturesJob';
import type { CliCommand } from './cliCommand';
import { UsageError } from './cliErrors';
import { bboxOption, outputUsage, runJobCommand, stringOption } from './jobCommand';

const JOB = EXPORT_JOBS.mapFeatures;

const USAGE = `Usage: mapillary-explorer map-features --bbox W,S,E,N [options]

Writes the map features (traffic signs and points) in an area as a GeoJSON FeatureCollection,
sorted by id. Dense areas are split automatically; an area larger than 0.25 square degrees is
refused: split it.

Options:
  --bbox W,S,E,N       the area: minLon,minLat,maxLon,maxLat
  --values A,B,...     object values to keep; wildcards allowed (regulatory--*)
  -o, --out FILE       output file (default ${outputUsage(JOB)})
  -h, --help           show this help
`;

/** The `map-features` command. */
export const mapFeaturesCommand: CliCommand = {
  words: ['map-features'],
  summary: 'map-features --bbox BBOX          map features in an area (GeoJSON)',
  usage: USAGE,
  options: {
    bbox: { type: 'string' },
    values: { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  run(context) {
    if (context.args.length)
      throw new UsageError(`unexpected argument '${context.args[0]}'`, 'map-features');
    const bbox = bboxOption(context);
    const values = stringOption(context, 'values')
      ?.split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    const output = stringOption(context, 'out') ?? JOB.output(undefined);
    return runJobCommand(context, JOB, (job) => runMapFeaturesJob(job, { bbox, output, values }));
  },
};
