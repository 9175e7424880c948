// `sequences`: an organization's (or a creator's) sequences in an area, as CSV.
import { EXPORT_JOBS } from '../core/export/jobCatalog';
import { runSequencesJob } from '../core/export/sequencesJob';
import { idProblem, type IdKind } from '../shared/ids';
import type { CliCommand } from './cliCommand';
import { UsageError } from './cliErrors';
import {
  JOB_OPTIONS,
  JOB_USAGE,
  bboxOption,
  countOption,
  runJobCommand,
  stringOption,
} from './jobCommand';

const JOB = EXPORT_JOBS.sequences;

const USAGE = `Usage: mapillary-explorer sequences (--org ID | --creator-id ID) --bbox W,S,E,N [options]

Lists the sequences of an organization (or a creator) inside an area, read from the coverage tiles,
as CSV: org_id,seq_id,captured_at,image_count,is_pano (newest first). image_count counts the
sequence's images inside the area.

Options:
  --org ID             organization id
  --creator-id ID      creator (user) id
  --bbox W,S,E,N       the area: minLon,minLat,maxLon,maxLat
  --max-tiles N        most z14 tiles the area may cover (default 256)
  -o, --out FILE       output file (default ${JOB.output(undefined, { organizationId: 'ID' })}, or
                       ${JOB.output(undefined, { creatorId: 'ID' })})
  --concurrency N      tiles fetched at once (default 6)
${JOB_USAGE}
  -h, --help           show this help
`;

/** The `sequences` command. */
export const sequencesCommand: CliCommand = {
  words: ['sequences'],
  summary: 'sequences --org ID --bbox BBOX    sequences of an organization in an area (CSV)',
  usage: USAGE,
  options: {
    org: { type: 'string' },
    'creator-id': { type: 'string' },
    bbox: { type: 'string' },
    'max-tiles': { type: 'string' },
    out: { type: 'string', short: 'o' },
    concurrency: { type: 'string' },
    ...JOB_OPTIONS,
  },
  run(context) {
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
    const bbox = bboxOption(context);
    const maxTiles = countOption(context, 'max-tiles', 4096);
    const owner = { organizationId, creatorId };
    const output = stringOption(context, 'out') ?? JOB.output(undefined, owner);
    return runJobCommand(
      context,
      JOB,
      (job) => runSequencesJob(job, { owner, bbox, output, maxTiles }),
      { tiles: true, concurrency: countOption(context, 'concurrency') },
    );
  },
};
