// `sequences`: an organization's (or a creator's) sequences in an area of any size or shape, as CSV.
// The most tiles the listing may read is printed first; over `--confirm-over` (or more than today's
// budget has left) it runs only with `--yes`.
import { EXPORT_JOBS } from '../core/export/jobCatalog';
import { JobError } from '../core/export/jobErrors';
import { runSequencesJob } from '../core/export/sequencesJob';
import {
  DEFAULT_CONFIRM_TILES,
  listingCost,
  listingCostText,
  needsConfirmation,
} from '../shared/explorer/listingCost';
import { idProblem, type IdKind } from '../shared/ids';
import { AREA_OPTIONS, AREA_USAGE, areaOption } from './cliArea';
import type { CliCommand } from './cliCommand';
import { UsageError } from './cliErrors';
import { countOption, runJobCommand, stringOption } from './jobCommand';

const JOB = EXPORT_JOBS.sequences;

const USAGE = `Usage: mapillary-explorer sequences (--org ID | --creator-id ID) (--bbox W,S,E,N | --area FILE) [options]

Lists the sequences of an organization (or a creator) inside an area of any size, read from the
coverage tiles, as CSV: org_id,seq_id,captured_at,image_count,is_pano (newest first). image_count
counts the sequence's images inside the area. The listing starts from a few low-zoom tiles and goes
down only where the owner's imagery is, so a country costs a few hundred tiles, not thousands.
Every tile counts against the daily tile budget (50,000 requests a day per app). Interrupted, or
stopped by the budget, it keeps what it read: run the same command again to go on.

Options:
  --org ID             organization id
  --creator-id ID      creator (user) id
${AREA_USAGE}
  --yes                list even when the listing may read more than --confirm-over tiles, or
                       more than today's tile budget has left (it then stops when the budget runs
                       out, and goes on when run again another day)
  --confirm-over N     most tiles a listing may read without --yes (default ${DEFAULT_CONFIRM_TILES})
  -o, --out FILE       output file (default ${JOB.output(undefined, { organizationId: 'ID' })}, or
                       ${JOB.output(undefined, { creatorId: 'ID' })})
  --concurrency N      tiles fetched at once (default 6)
  -h, --help           show this help
`;

/** The `sequences` command. */
export const sequencesCommand: CliCommand = {
  words: ['sequences'],
  summary:
    'sequences --org ID --bbox BBOX    sequences of an organization in an area, any size (CSV)',
  usage: USAGE,
  options: {
    org: { type: 'string' },
    'creator-id': { type: 'string' },
    ...AREA_OPTIONS,
    yes: { type: 'boolean' },
    'confirm-over': { type: 'string' },
    out: { type: 'string', short: 'o' },
    concurrency: { type: 'string' },
  },
  async run(context) {
    if (context.args.length)
      throw new UsageError(`unexpected argument '${context.args[0]}'`, 'sequences');
    const organizationId = stringOption(context, 'org');
    const creatorId = stringOption(context, 'creator-id');
    if (!organizationId && !creatorId)
      throw new UsageError('give --org or --creator-id', 'sequences');
    for (const [kind, id] of [
      ['organization', organizationId],
      ['creator', creatorId],
    ] as const satisfies readonly (readonly [IdKind, string | undefined])[]) {
      const problem = id === undefined ? undefined : idProblem(kind, id);
      if (problem) throw new UsageError(problem, 'sequences');
    }
    const threshold = countOption(context, 'confirm-over', 50_000) ?? DEFAULT_CONFIRM_TILES;
    const area = await areaOption(context);
    const owner = { organizationId, creatorId };
    const output = stringOption(context, 'out') ?? JOB.output(undefined, owner);
    return runJobCommand(
      context,
      JOB,
      (job) => {
        const cost = listingCost(area, job.tiles?.remainingTileBudget?.() ?? Infinity);
        const text = listingCostText(cost, owner);
        if (needsConfirmation(cost, threshold) && context.values.yes !== true) {
          throw new JobError(
            'input',
            `${text} Nothing was read. Pass --yes to list it (a listing that may read more than --confirm-over tiles, default ${DEFAULT_CONFIRM_TILES}, or more than today's budget has left, needs it).`,
          );
        }
        context.io.stderr.write(`sequences: ${text}\n`);
        return runSequencesJob(job, { owner, area, output });
      },
      { tiles: true, concurrency: countOption(context, 'concurrency') },
    );
  },
};
