// The image filters the search commands share (`search`, `close-to`, `looking-at`): capture dates,
// panoramas or not, organization and creator, read from the command line and checked before any
// request is made.
import { parseDateRange } from '../shared/explorer/dateRange';
import { idProblem } from '../shared/ids';
import type { CommandContext } from './cliCommand';
import { UsageError } from './cliErrors';
import { stringOption } from './jobCommand';

/** The filter options. */
export const FILTER_OPTIONS = {
  start: { type: 'string' },
  end: { type: 'string' },
  pano: { type: 'boolean' },
  flat: { type: 'boolean' },
  org: { type: 'string' },
  creator: { type: 'string' },
} as const;

/** Their usage lines. */
export const FILTER_USAGE = `  --start YYYY-MM-DD   only images captured on or after this day (UTC)
  --end YYYY-MM-DD     only images captured on or before this day (UTC)
  --pano               only 360° panoramas
  --flat               only images that are not panoramas
  --org ID             only images of this organization
  --creator USERNAME   only images uploaded by this user`;

/** The filters as the command line gave them. */
export interface ImageFilterOptions {
  /** ISO 8601 instants: the start of the first day and the end of the last. */
  startCapturedAt?: string;
  endCapturedAt?: string;
  isPano?: boolean;
  organizationId?: string;
  creatorUsername?: string;
}

/** Reads and checks the filter options. */
export function filterOptions(context: CommandContext): ImageFilterOptions {
  const start = stringOption(context, 'start');
  const end = stringOption(context, 'end');
  const range = parseDateRange(start || end ? `${start ?? ''}..${end ?? ''}` : '');
  if (!range.ok) throw new UsageError(`--start/--end: ${range.message}`, context.command);
  if (context.values.pano === true && context.values.flat === true) {
    throw new UsageError('give --pano or --flat, not both', context.command);
  }
  const organizationId = stringOption(context, 'org');
  const orgProblem =
    organizationId === undefined ? undefined : idProblem('organization', organizationId);
  if (orgProblem) throw new UsageError(orgProblem, context.command);
  const creatorUsername = stringOption(context, 'creator');
  if (creatorUsername !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(creatorUsername)) {
    throw new UsageError(
      '--creator is a Mapillary username (letters, digits, _ . and -)',
      context.command,
    );
  }
  return {
    ...(range.start ? { startCapturedAt: range.start } : {}),
    ...(range.end ? { endCapturedAt: range.end } : {}),
    ...(context.values.pano === true ? { isPano: true } : {}),
    ...(context.values.flat === true ? { isPano: false } : {}),
    ...(organizationId ? { organizationId } : {}),
    ...(creatorUsername ? { creatorUsername } : {}),
  };
}

/** The columns of `--fields`, or the default. */
export function columnsOption(context: CommandContext, fallback: readonly string[]): string[] {
  const text = stringOption(context, 'fields');
  return text
    ? text
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)
    : [...fallback];
}
