// `detections`: the detections of images as GeoJSON, COCO or GeoPackage.
import { runDetectionsJob } from '../core/export/detectionsJob';
import { EXPORT_JOBS } from '../core/export/jobCatalog';
import type { CliCommand } from './cliCommand';
import {
  INPUT_OPTIONS,
  INPUT_USAGE,
  JOB_USAGE,
  choiceOption,
  choiceUsage,
  countOption,
  listOption,
  outputUsage,
  readInput,
  runJobCommand,
  stringOption,
} from './jobCommand';

const JOB = EXPORT_JOBS.detections;

const USAGE = `Usage: mapillary-explorer detections (INPUT | --ids ID,...) [options]

Reads the detections of images and writes them for machine-learning tools:
  geojson  one feature per detection: a MultiPolygon in normalised image coordinates (0..1, y
           down, not geographic) with detection_id, image_id, value, image_width, image_height
  coco     COCO annotation JSON: every image asked for (those without detections are the
           negatives training needs), pixel polygons, area, bbox, one category per value, and in
           info the classes asked for; file_name is <seq_id>/<img_id>_original.jpg as
           'download --size original' writes it
  gpkg     GeoPackage: the images as points (layers images and images_computed) and the table
           detections (outlines in normalised image coordinates, with image_id)

Arguments:
${INPUT_USAGE}

Options:
${choiceUsage(JOB)}
  --values A,B,...     classes to keep (default all); wildcards allowed (regulatory--*)
  -o, --out FILE       output file (default ${outputUsage(JOB)})
  --concurrency N      batches of 25 images read at once (default 3)
${JOB_USAGE}
  -h, --help           show this help
`;

/** The `detections` command. */
export const detectionsCommand: CliCommand = {
  words: ['detections'],
  summary: 'detections INPUT                  detections of images (GeoJSON, COCO, GeoPackage)',
  usage: USAGE,
  options: { ...INPUT_OPTIONS, format: { type: 'string' }, values: { type: 'string' } },
  async run(context) {
    const format = choiceOption(context, JOB);
    const classes = listOption(context, 'values');
    const input = await readInput(context, 'image');
    const output = stringOption(context, 'out') ?? JOB.output(format);
    return runJobCommand(
      context,
      JOB,
      (job) => runDetectionsJob(job, { input, output, format, classes }),
      { concurrency: countOption(context, 'concurrency') },
    );
  },
};
