// `merge`: assembles the output of a job that ran as shards (`--shard k/n`) from the shards' state
// folders beside it, without a token and without a request.
import { ALL_EXPORT_JOBS } from '../core/export/jobCatalog';
import { JobError } from '../core/export/jobErrors';
import { mergeShards } from '../core/export/jobMerge';
import { cancelledText, stoppedText } from '../core/export/jobSummary';
import { everythingDone } from '../core/export/jobTypes';
import type { CliCommand } from './cliCommand';
import { RuntimeError, UsageError } from './cliErrors';
import { CliProgress } from './cliProgress';
import { sourceDateEpoch, summaryText } from './jobCommand';

const USAGE = `Usage: mapillary-explorer merge OUTPUT

Assembles OUTPUT (a file, or the folder of a download) from the state folders that the shards of
one job left beside it, OUTPUT.shard-K-of-N, byte for byte what one run of the whole job writes.
Every shard must have finished, and none may be running. Copy the folders of shards that ran on
other machines beside OUTPUT first (for a download, copy their pictures into OUTPUT too). Makes no
request and needs no token. The shards' folders are removed once OUTPUT is written.

Running the job's own command again without --shard does the same, and also does any unit that no
shard did.

Arguments:
  OUTPUT               the -o file (or the -d folder) every shard was given

Options:
  -h, --help           show this help
`;

/** The `merge` command. */
export const mergeCommand: CliCommand = {
  words: ['merge'],
  summary: 'merge OUTPUT                      assemble a job that ran as shards',
  usage: USAGE,
  options: {},
  async run(context) {
    const [output, ...extra] = context.args;
    if (!output) throw new UsageError('merge needs OUTPUT', 'merge');
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`, 'merge');
    const progress = new CliProgress(context.io.stderr);
    let result;
    try {
      result = await mergeShards(
        {
          signal: context.io.signal,
          startedAt: sourceDateEpoch(context),
          root: process.cwd(),
          onProgress: (p) => progress.update(p),
        },
        output,
      );
    } catch (error) {
      progress.end();
      if (error instanceof JobError) {
        if (error.kind === 'cancelled') {
          context.io.stderr.write(`${cancelledText('merge')}\n`);
          return 130;
        }
        throw new RuntimeError(error.kind === 'input' ? error.message : stoppedText(error));
      }
      throw error;
    }
    progress.end();
    const job = ALL_EXPORT_JOBS.find((j) => j.name === result.job);
    if (job) context.io.stdout.write(summaryText(job, result));
    return everythingDone(result) ? 0 : 1;
  },
};
