// The shape of one command-line command, so the dispatcher can parse options, print usage and
// run any command the same way.
import type { CliIo, GlobalOptions } from './cliIo';

/** Option values as node:util's parseArgs returns them. */
export type OptionValues = Record<string, string | boolean | undefined>;

/** A command's own option, in parseArgs form. */
export interface CommandOption {
  type: 'string' | 'boolean';
  short?: string;
}

/** What a command receives. */
export interface CommandContext {
  /** The command's words joined, e.g. `tile inspect`, for messages. */
  command: string;
  /** Positional arguments after the command's words. */
  args: string[];
  values: OptionValues;
  global: GlobalOptions;
  io: CliIo;
}

/** One command, e.g. `tile inspect`. */
export interface CliCommand {
  /** The words that select the command, e.g. `['tile', 'inspect']`. */
  words: readonly string[];
  /** One line for the command list. */
  summary: string;
  /** The full usage text printed by `<command> --help`. */
  usage: string;
  options: Record<string, CommandOption>;
  /** Runs the command and returns the exit code; throws UsageError or RuntimeError. */
  run(context: CommandContext): Promise<number>;
}
