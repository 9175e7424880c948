// Parses the command line and dispatches to a command. Kept apart from main.ts so tests can run
// it in-process with their own streams. Exit codes: 0 done, 1 the work failed (bad data, network),
// 2 the command line is wrong.
import { parseArgs } from 'node:util';
import {
  ACCESS_TOKEN_VARIABLE,
  CLIENT_TOKEN_VARIABLE,
  cleanToken,
  readEnvironmentTokens,
} from '../core/auth/environmentTokens';
import { redact } from '../shared/redact';
import { DEFAULT_TILES_URL, normalizeTilesUrl } from '../shared/tiles/tileSets';
import type { CliCommand, OptionValues } from './cliCommand';
import { UsageError } from './cliErrors';
import type { CliIo, GlobalOptions } from './cliIo';
import { stateDirOf } from './cliState';
import { detectionDecodeCommand } from './detectionDecodeCommand';
import { detectionsCommand } from './detectionsCommand';
import { doctorCommand } from './doctorCommand';
import { downloadCommand } from './downloadCommand';
import { imagesCommand } from './imagesCommand';
import { mapFeaturesCommand } from './mapFeaturesCommand';
import { mergeCommand } from './mergeCommand';
import { metadataCommand } from './metadataCommand';
import { closeToCommand, lookingAtCommand } from './pointCommands';
import { searchCommand } from './searchCommand';
import { sequencesCommand } from './sequencesCommand';
import { tileInspectCommand } from './tileInspectCommand';

const VERSION = '0.1.0';
const DEFAULT_API_URL = 'https://graph.mapillary.com';

const commands: readonly CliCommand[] = [
  sequencesCommand,
  imagesCommand,
  metadataCommand,
  detectionsCommand,
  mapFeaturesCommand,
  downloadCommand,
  searchCommand,
  closeToCommand,
  lookingAtCommand,
  mergeCommand,
  tileInspectCommand,
  detectionDecodeCommand,
  doctorCommand,
];

const GLOBAL_OPTIONS = {
  'api-url': { type: 'string' },
  'tiles-url': { type: 'string' },
  token: { type: 'string' },
  'client-token': { type: 'string' },
  retries: { type: 'string' },
  'state-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `Usage: mapillary-explorer <command> [options]

Commands:
  help [command]                    show this help, or a command's help
  version                           print the version
${commands.map((command) => `  ${command.summary}`).join('\n')}

Global options:
  --api-url URL        Graph API base URL (default ${DEFAULT_API_URL})
  --tiles-url URL      vector tiles base URL (default ${DEFAULT_TILES_URL})
  --token TOKEN        access token of Graph calls, a client or a user token (default: the
                       ${ACCESS_TOKEN_VARIABLE} environment variable)
  --client-token TOKEN your app's client token (MLY|<app id>|<hex>), the only token tiles take
                       (default: ${CLIENT_TOKEN_VARIABLE}; without it, the access token when the
                       service says it is a client token); tokens are never printed or written
  --retries N          retries of a failed request (default 4)
  --state-dir DIR      where the daily tile budget is kept, shared with other runs (default
                       $XDG_STATE_HOME/mapillary-explorer, else ~/.local/state/mapillary-explorer)
  -h, --help           show help

Exit codes: 0 everything was done, 1 something failed or was skipped (re-run to finish),
2 the command line is wrong, 130 interrupted (re-run to finish).

Run 'mapillary-explorer <command> --help' for a command's options.
`;

// Every option any command knows, so that parsing can tell option values from positionals before
// the command is known; each command then refuses options that are not its own.
function allOptions(): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    ...GLOBAL_OPTIONS,
  };
  for (const command of commands) Object.assign(options, command.options);
  return options;
}

function findCommand(positionals: string[]): CliCommand | undefined {
  return commands.find((command) => command.words.every((word, i) => positionals[i] === word));
}

function commandGroup(word: string | undefined): CliCommand[] {
  return commands.filter((command) => command.words[0] === word);
}

function checkUrl(name: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new UsageError(`--${name} is not a valid URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new UsageError(`--${name} must be an http or https URL`);
  }
  return value.replace(/\/+$/, '');
}

/** A token from its option or its variable, cleaned, with where it came from. */
function tokenOption(
  values: OptionValues,
  option: string,
  fromEnvironment: string | undefined,
  variable: string,
): { token?: string; origin?: string } {
  const given = values[option];
  if (typeof given === 'string') {
    const { token, problem } = cleanToken(given, `--${option}`);
    if (problem) throw new UsageError(problem);
    return token ? { token, origin: `--${option}` } : {};
  }
  return fromEnvironment ? { token: fromEnvironment, origin: variable } : {};
}

function globalOptions(values: OptionValues, io: CliIo): GlobalOptions {
  const apiUrl = typeof values['api-url'] === 'string' ? values['api-url'] : DEFAULT_API_URL;
  const tilesUrlGiven =
    typeof values['tiles-url'] === 'string' ? values['tiles-url'] : DEFAULT_TILES_URL;
  const environment = readEnvironmentTokens(io.env);
  for (const problem of environment.problems)
    io.stderr.write(`warning: ${problem} It is ignored.\n`);
  const access = tokenOption(values, 'token', environment.accessToken, ACCESS_TOKEN_VARIABLE);
  const client = tokenOption(
    values,
    'client-token',
    environment.clientToken,
    CLIENT_TOKEN_VARIABLE,
  );
  const retriesText = typeof values.retries === 'string' ? values.retries : '4';
  const retries = /^\d{1,2}$/.test(retriesText) ? Number(retriesText) : NaN;
  if (!(retries >= 0 && retries <= 20)) throw new UsageError('--retries must be 0 to 20');
  const tiles = normalizeTilesUrl(checkUrl('tiles-url', tilesUrlGiven));
  if (tiles.warning) io.stderr.write(`warning: ${redact(tiles.warning)}\n`);
  return {
    apiUrl: checkUrl('api-url', apiUrl),
    tilesUrl: tiles.url,
    // Graph calls take the access token, or the client token when that is all there is.
    token: access.token ?? client.token,
    tokenOrigin: access.origin ?? client.origin,
    clientToken: client.token,
    clientTokenOrigin: client.origin,
    retries,
    stateDir: stateDirOf(values['state-dir'], io.env),
  };
}

function usageOf(name: string | undefined): string {
  const command = commands.find((c) => c.words.join(' ') === name);
  return command ? command.usage : USAGE;
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: allOptions(), allowPositionals: true, strict: true });
  } catch (error) {
    const command = findCommand(argv.filter((arg) => !arg.startsWith('-')));
    throw new UsageError(
      error instanceof Error ? error.message : String(error),
      command?.words.join(' '),
    );
  }
  const { positionals } = parsed;
  const values: OptionValues = parsed.values;
  const [first] = positionals;

  if (first === 'help') {
    const topic = positionals.slice(1).join(' ');
    const group = commandGroup(positionals[1]);
    if (topic && !findCommand(positionals.slice(1)) && group.length === 0) {
      throw new UsageError(`unknown command '${topic}'`);
    }
    io.stdout.write(topic && findCommand(positionals.slice(1)) ? usageOf(topic) : USAGE);
    return 0;
  }
  if (first === 'version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = findCommand(positionals);
  if (!command) {
    const group = commandGroup(first);
    if (values.help && group.length > 0) {
      io.stdout.write(group.map((c) => c.usage).join('\n'));
      return 0;
    }
    if (values.help && !first) {
      io.stdout.write(USAGE);
      return 0;
    }
    if (group.length > 0) {
      const known = group.map((c) => c.words.join(' ')).join(', ');
      throw new UsageError(
        positionals[1]
          ? `unknown command '${positionals.slice(0, 2).join(' ')}' (known: ${known})`
          : `'${first}' needs a subcommand: ${known}`,
      );
    }
    throw new UsageError(`unknown command '${first}'`);
  }
  const name = command.words.join(' ');
  if (values.help) {
    io.stdout.write(command.usage);
    return 0;
  }
  for (const option of Object.keys(values)) {
    if (!(option in GLOBAL_OPTIONS) && !(option in command.options)) {
      throw new UsageError(`${name} does not take --${option}`, name);
    }
  }
  const global = globalOptions(values, io);
  return command.run({
    command: name,
    args: positionals.slice(command.words.length),
    values,
    global,
    io,
  });
}

/** Runs one command line and returns the process exit code. Never calls process.exit. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0) {
    io.stdout.write(USAGE);
    return 2;
  }
  if (argv.length === 1 && argv[0] === '--version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const hint = error.command
        ? `Run 'mapillary-explorer ${error.command} --help'.`
        : `Run 'mapillary-explorer help'.`;
      io.stderr.write(`error: ${redact(error.message.replace(/\.$/, ''))}. ${hint}\n`);
      return 2;
    }
    // A RuntimeError is an expected failure with a prepared message; anything else also means
    // the command could not do its work, and its message may hold data, so it is redacted too.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`error: ${redact(message)}\n`);
    return 1;
  }
}
