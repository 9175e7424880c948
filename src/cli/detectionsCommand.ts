// `detections`: the detections of images as GeoJSON or COCO.
import { type DetectionFormat } from '../core/export/detectionFormats';
import { runDetectionsJob } from '../core/export/detectionsJob';
import type { CliCommand } from './cliCommand';
import {
  INPUT_OPTIONS,
  INPUT_USAGE,
  choiceOption,
  countOption,
  readInput,
  runJobCommand,
  stringOption,
} from './jobCommand';

const FORMATS: readonly DetectionFormat[] = ['geojson', 'coco'];

const USAGE = `Usage: mapillary-explorer detections (INPUT | --ids ID,...) [options]

Reads the detections of images and writes them for machine-learning tools:
  geojson  one feature per detection: a MultiPolygon in normalised image coordinates (0..1, y
           down, not geographic) with detection_id, image_id, value, image_width, image_height
  coco     COCO annotation JSON: pixel polygons, area, bbox, one category per value; file_name is
           <seq_id>/<img_id>_original.jpg as 'download --size original' writes it

Arguments:
${INPUT_USAGE}

Options:
  --format F           geojson (default) or coco
  -o, --out FILE       output file (default detections.geojson or detections.coco.json)
  --concurrency N      batches of 25 images read at once (default 3)
  -h, --help           show this help
`;

/** The `detections` command. */
export const detectionsCommand: CliCommand = {
  words: ['detections'],
  summary: 'detections INPUT                  detections of images (GeoJSON, COCO)',
  usage: USAGE,
  options: { ...INPUT_OPTIONS, format: { type: 'string' } },
  async run(context) {
    const format = choiceOption(context, 'format', FORMATS, 'geojson');
    const input = await readInput(context, 'image');
    const output =
      stringOption(context, 'out') ??
      (format === 'coco' ? 'detections.coco.json' : 'detections.geojson');
    return runJobCommand(
      context,
      'detections',
      (job) => runDetectionsJob(job, { input, output, format }),
      { concurrency: countOption(context, 'concurrency') },
    );
  },
};
