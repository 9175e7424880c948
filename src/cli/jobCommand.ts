// What the export commands share: reading ids from a file or `--ids`, parsing an area and numbers,
// running a job with progress on stderr and a summary on stdout, and the exit code (0 only when
// everything was done; 1 when something was skipped or failed, or the job stopped; 130 when
// interrupted). `--shard k/n` runs one shard of the job (see jobShard.ts); `SOURCE_DATE_EPOCH`, the
// reproducible-builds variable, fixes the start time a GeoPackage records. Messages pass through
// redact(): no token reaches the terminal.
import { type IdInput, type IdKind, parseIdInput, readIdInputFile } from '../core/export/idInput';
import { type ExportJob } from '../core/export/jobCatalog';
import type { JobContext } from '../core/export/jobContext';
import { JobError } from '../core/export/jobErrors';
import { type Shard, parseShard } from '../core/export/jobShard';
import { cancelledText, stoppedText, summariseJob } from '../core/export/jobSummary';
import { type JobResult, everythingDone } from '../core/export/jobTypes';
import { redact } from '../shared/redact';
import type { CommandContext } from './cliCommand';
import { openClient } from './cliClient';
import { RuntimeError, UsageError } from './cliErrors';
import { CliProgress } from './cliProgress';

/** Options every export command takes. */
export const JOB_OPTIONS = { shard: { type: 'string' } } as const;

/** The usage line of {@link JOB_OPTIONS}. */
export const JOB_USAGE = `  --shard K/N          do only shard K of N of the job (for a job array); then 'merge'`;

/** Options every id-reading command takes. */
export const INPUT_OPTIONS = {
  ids: { type: 'string' },
  out: { type: 'string', short: 'o' },
  concurrency: { type: 'string' },
  ...JOB_OPTIONS,
} as const;

/** The usage lines of {@link INPUT_OPTIONS}. */
export const INPUT_USAGE = `  INPUT                a file of ids: one a line, or a CSV with a header naming the id column
  --ids A,B,...        ids given directly instead of a file`;

/** `--shard k/n`, or undefined. */
export function shardOption(context: CommandContext): Shard | undefined {
  const text = stringOption(context, 'shard');
  if (text === undefined) return undefined;
  const shard = parseShard(text);
  if (typeof shard === 'string') throw new UsageError(shard, context.command);
  return shard;
}

/**
 * The start time `SOURCE_DATE_EPOCH` (seconds since the epoch) fixes, if it is set; a value that
 * is not a whole number of seconds is ignored with a warning.
 */
export function sourceDateEpoch(context: CommandContext): number | undefined {
  const text = context.io.env.SOURCE_DATE_EPOCH;
  if (text === undefined || text === '') return undefined;
  const seconds = /^\d{1,12}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(seconds)) {
    context.io.stderr.write(
      'warning: SOURCE_DATE_EPOCH is not a whole number of seconds; it is ignored.\n',
    );
    return undefined;
  }
  return seconds * 1000;
}

/** A string option, or undefined. */
export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A comma-separated list option (empty items dropped), or an empty list. */
export function listOption(context: CommandContext, name: string): string[] {
  return (stringOption(context, name) ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A positive whole number option. */
export function countOption(context: CommandContext, name: string, max = 64): number | undefined {
  const value = stringOption(context, name);
  if (value === undefined) return undefined;
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(number >= 1 && number <= max)) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}`, context.command);
  }
  return number;
}

/** The value of the job's choice (`--format` or `--size`), or its default. */
export function choiceOption<V extends string>(context: CommandContext, job: ExportJob<V>): V {
  const choice = job.choice;
  if (!choice) throw new Error(`${job.name} offers no choice`);
  const value = stringOption(context, choice.option) ?? choice.default;
  if (!choice.values.some((v) => v.value === value)) {
    throw new UsageError(
      `--${choice.option} must be ${orList(choice.values.map((v) => v.value))}`,
      context.command,
    );
  }
  return value as V;
}

function orList(items: readonly string[]): string {
  return items.length > 1
    ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
    : (items[0] ?? '');
}

/** The usage line of the job's choice, e.g. `--format F  csv (default), geojson or jsonl`. */
export function choiceUsage(job: ExportJob): string {
  const choice = job.choice;
  if (!choice) return '';
  const values = choice.values.map((v) =>
    v.value === choice.default ? `${v.value} (default)` : v.value,
  );
  return `  ${`--${choice.option} ${choice.option === 'format' ? 'F' : 'S'}`.padEnd(21)}${orList(values)}`;
}

/** The default output named in a usage text, e.g. `metadata.csv, metadata.geojson or metadata.jsonl`. */
export function outputUsage(job: ExportJob): string {
  const names = job.choice
    ? [...new Set(job.choice.values.map((v) => v.output))]
    : [job.output(undefined)];
  return orList(names);
}

/** The ids of a command: from the INPUT file argument or `--ids`, exactly one of them. */
export async function readInput(context: CommandContext, kind: IdKind): Promise<IdInput> {
  const [file, ...extra] = context.args;
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`, context.command);
  const ids = stringOption(context, 'ids');
  if (file && ids !== undefined)
    throw new UsageError('give an INPUT file or --ids, not both', context.command);
  try {
    if (ids !== undefined) return parseIdInput(ids.split(',').join('\n'), kind, '--ids');
    if (!file)
      throw new UsageError(`${context.command} needs an INPUT file or --ids`, context.command);
    return await readIdInputFile(file, kind);
  } catch (error) {
    if (error instanceof JobError) throw new RuntimeError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') throw new RuntimeError(`cannot read ${file} (${code})`);
    throw error;
  }
}

/** The summary a command prints on stdout. */
export function summaryText(job: ExportJob, result: JobResult): string {
  const summary = summariseJob(job, result);
  const lines = [`${job.name}: ${summary.headline}`];
  if (result.shard && result.complete) {
    lines.push(`  then: mapillary-explorer merge ${result.output}`);
  }
  if (summary.reused) lines.push(`  ${summary.reused}`);
  if (summary.skipped) lines.push(`  ${summary.skipped}`);
  for (const failure of summary.failures) lines.push(`  ${failure}`);
  for (const file of summary.alsoWrote) lines.push(`  also wrote ${file}`);
  return `${redact(lines.join('\n'))}\n`;
}

/** Runs a job with the command's client and progress, prints the summary and returns the exit code. */
export async function runJobCommand(
  context: CommandContext,
  job: ExportJob,
  run: (jobContext: JobContext) => Promise<JobResult>,
  options: { tiles?: boolean; concurrency?: number } = {},
): Promise<number> {
  const shard = shardOption(context);
  const startedAt = sourceDateEpoch(context);
  const client = await openClient(context, true);
  const progress = new CliProgress(context.io.stderr);
  let result: JobResult;
  try {
    result = await run({
      api: client.api,
      tiles: options.tiles ? client.tiles : undefined,
      signal: context.io.signal,
      concurrency: options.concurrency,
      shard,
      startedAt,
      // Outputs under the current folder: no symbolic link may lie between it and them.
      root: process.cwd(),
      onProgress: (p) => progress.update(p),
    });
  } catch (error) {
    progress.end();
    if (error instanceof JobError) {
      if (error.kind === 'input') throw new UsageError(error.message, context.command);
      if (error.kind === 'cancelled') {
        context.io.stderr.write(`${cancelledText(context.command)}\n`);
        return 130;
      }
      throw new RuntimeError(stoppedText(error));
    }
    throw error;
  } finally {
    await client.flush();
  }
  progress.end();
  context.io.stdout.write(summaryText(job, result));
  return everythingDone(result) ? 0 : 1;
}
