// What the export commands share: reading ids from a file or `--ids`, parsing an area and numbers,
// running a job with progress on stderr and a summary on stdout, and the exit code (0 only when
// everything was done; 1 when something was skipped or failed, or the job stopped; 130 when
// interrupted). Messages pass through redact(): no token reaches the terminal.
import { readFile } from 'node:fs/promises';
import { type IdInput, type IdKind, parseIdInput } from '../core/export/idInput';
import type { JobContext } from '../core/export/jobContext';
import { JobError } from '../core/export/jobErrors';
import { type JobResult, everythingDone } from '../core/export/jobTypes';
import { type Bbox } from '../shared/api/bbox';
import { redact } from '../shared/redact';
import type { CommandContext } from './cliCommand';
import { openClient } from './cliClient';
import { RuntimeError, UsageError } from './cliErrors';
import { CliProgress } from './cliProgress';

/** Options every id-reading command takes. */
export const INPUT_OPTIONS = {
  ids: { type: 'string' },
  out: { type: 'string', short: 'o' },
  concurrency: { type: 'string' },
} as const;

/** The usage lines of {@link INPUT_OPTIONS}. */
export const INPUT_USAGE = `  INPUT                a file of ids: one a line, or a CSV with a header naming the id column
  --ids A,B,...        ids given directly instead of a file`;

/** A string option, or undefined. */
export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  return typeof value === 'string' ? value : undefined;
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

/** One of `choices`, or the default. */
export function choiceOption<T extends string>(
  context: CommandContext,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = stringOption(context, name) ?? fallback;
  if (!choices.includes(value as T)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}`, context.command);
  }
  return value as T;
}

/** `--bbox minLon,minLat,maxLon,maxLat`. */
export function bboxOption(context: CommandContext): Bbox {
  const value = stringOption(context, 'bbox');
  if (!value) throw new UsageError(`${context.command} needs --bbox`, context.command);
  const parts = value.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 4 || !parts.every(Number.isFinite)) {
    throw new UsageError('--bbox must be minLon,minLat,maxLon,maxLat', context.command);
  }
  return parts as unknown as Bbox;
}

/** The ids of a command: from the INPUT file argument or `--ids`, exactly one of them. */
export async function readInput(context: CommandContext, kind: IdKind): Promise<IdInput> {
  const [file, ...extra] = context.args;
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`, context.command);
  const ids = stringOption(context, 'ids');
  if (file && ids !== undefined)
    throw new UsageError('give an INPUT file or --ids, not both', context.command);
  if (ids !== undefined) return input(() => parseIdInput(ids.split(',').join('\n'), kind, '--ids'));
  if (!file)
    throw new UsageError(`${context.command} needs an INPUT file or --ids`, context.command);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RuntimeError(`cannot read ${file}${code ? ` (${code})` : ''}`);
  }
  return input(() => parseIdInput(text, kind, file));
}

function input(parse: () => IdInput): IdInput {
  try {
    return parse();
  } catch (error) {
    if (error instanceof JobError) throw new RuntimeError(error.message);
    throw error;
  }
}

function summarise(result: JobResult, unitName: string): string {
  const lines: string[] = [];
  if (result.complete) {
    lines.push(`${result.job}: ${result.written} ${unitName} written to ${result.output}`);
  } else {
    lines.push(
      `${result.job}: not finished: ${result.failed.length} item(s) failed; nothing was written under the final name. Run the same command again to finish.`,
    );
  }
  if (result.reused > 0) lines.push(`  ${result.reused} unit(s) taken from an earlier run`);
  const reasons = new Map<string, number>();
  for (const s of result.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  if (result.skipped.length > 0) {
    const list = [...reasons].map(([reason, n]) => `${n} ${reason}`).join(', ');
    lines.push(`  ${result.skipped.length} skipped: ${list}`);
  }
  for (const f of result.failed.slice(0, 5)) lines.push(`  failed ${f.id}: ${f.reason}`);
  if (result.failed.length > 5) lines.push(`  … and ${result.failed.length - 5} more`);
  for (const file of result.files.slice(1)) lines.push(`  also wrote ${file}`);
  return `${redact(lines.join('\n'))}\n`;
}

/** Runs a job with the command's client and progress, prints the summary and returns the exit code. */
export async function runJobCommand(
  context: CommandContext,
  unitName: string,
  job: (jobContext: JobContext) => Promise<JobResult>,
  options: { tiles?: boolean; concurrency?: number } = {},
): Promise<number> {
  const client = await openClient(context, true);
  const progress = new CliProgress(context.io.stderr);
  let result: JobResult;
  try {
    result = await job({
      api: client.api,
      tiles: options.tiles ? client.tiles : undefined,
      signal: context.io.signal,
      concurrency: options.concurrency,
      onProgress: (p) => progress.update(p),
    });
  } catch (error) {
    progress.end();
    if (error instanceof JobError) {
      if (error.kind === 'input') throw new UsageError(error.message, context.command);
      if (error.kind === 'cancelled') {
        context.io.stderr.write(
          `${context.command}: cancelled; the work done so far is kept: run the same command again to finish.\n`,
        );
        return 130;
      }
      throw new RuntimeError(
        `${error.message} The work done so far is kept: run the same command again to finish.`,
      );
    }
    throw error;
  } finally {
    await client.flush();
  }
  progress.end();
  context.io.stdout.write(summarise(result, unitName));
  return everythingDone(result) ? 0 : 1;
}
