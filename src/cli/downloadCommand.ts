// `download`: the pictures of images into <dir>/<seq_id>/<img_id>_<size>.jpg.
import { DOWNLOAD_CONCURRENCY, runDownloadJob } from '../core/export/downloadJob';
import { EXPORT_JOBS, downloadSize } from '../core/export/jobCatalog';
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

const JOB = EXPORT_JOBS.download;

const USAGE = `Usage: mapillary-explorer download (INPUT | --ids ID,...) [options]

Downloads the images' pictures into DIR/<seq_id>/<img_id>_<size>.jpg. The signed URLs of 50 images
are asked for in one request right before their downloads (a fresh one again after a 403 or 410);
each file is written under a temporary name and renamed when complete; complete files already
there are not downloaded again.
DIR/manifest.csv lists every file with its size and SHA-256. INPUT can be the CSV the 'images'
command writes (its seq_id column saves a lookup).

Arguments:
${INPUT_USAGE}

Options:
${choiceUsage(JOB)}
  -d, --dir DIR        folder (default ${outputUsage(JOB)})
  --concurrency N      downloads at once (default ${DOWNLOAD_CONCURRENCY})
${JOB_USAGE}
  -h, --help           show this help
`;

/** The `download` command. */
export const downloadCommand: CliCommand = {
  words: ['download'],
  summary: 'download INPUT                    pictures of images into a folder',
  usage: USAGE,
  options: { ...INPUT_OPTIONS, size: { type: 'string' }, dir: { type: 'string', short: 'd' } },
  async run(context) {
    const sizeText = choiceOption(context, JOB);
    if (stringOption(context, 'out') !== undefined)
      throw new UsageError('download writes into --dir, not --out', 'download');
    const input = await readInput(context, 'image');
    const dir = stringOption(context, 'dir') ?? JOB.output(sizeText);
    const size = downloadSize(sizeText);
    return runJobCommand(context, JOB, (job) => runDownloadJob(job, { input, dir, size }), {
      concurrency: countOption(context, 'concurrency'),
    });
  },
};
