// `images`: the images of sequences, as CSV seq_id,img_id in capture order.
import { runImagesJob } from '../core/export/imagesJob';
import { EXPORT_JOBS } from '../core/export/jobCatalog';
import type { CliCommand } from './cliCommand';
import {
  INPUT_OPTIONS,
  INPUT_USAGE,
  JOB_USAGE,
  countOption,
  outputUsage,
  readInput,
  runJobCommand,
  stringOption,
} from './jobCommand';

const JOB = EXPORT_JOBS.images;

const USAGE = `Usage: mapillary-explorer images (INPUT | --ids SEQ,...) [options]

Lists every sequence's images in capture order, as CSV: seq_id,img_id. INPUT can be the CSV the
'sequences' command writes.

Arguments:
${INPUT_USAGE}

Options:
  -o, --out FILE       output file (default ${outputUsage(JOB)})
  --concurrency N      sequences read at once (default 8)
${JOB_USAGE}
  -h, --help           show this help
`;

/** The `images` command. */
export const imagesCommand: CliCommand = {
  words: ['images'],
  summary: 'images INPUT                      images of sequences in capture order (CSV)',
  usage: USAGE,
  options: { ...INPUT_OPTIONS },
  async run(context) {
    const input = await readInput(context, 'sequence');
    const output = stringOption(context, 'out') ?? JOB.output(undefined);
    return runJobCommand(context, JOB, (job) => runImagesJob(job, { input, output }), {
      concurrency: countOption(context, 'concurrency'),
    });
  },
};
