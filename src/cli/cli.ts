// Parses the command line and dispatches to a command. Kept apart from main.ts so tests can run
// it in-process with their own streams.
import { parseArgs } from 'node:util';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

const VERSION = '0.1.0';

const USAGE = `Usage: mapillary-explorer <command> [options]

Commands:
  help                 show this help
  version              print the version

Global options:
  --api-url URL        Graph API base URL (default https://graph.mapillary.com)
  --tiles-url URL      vector tiles base URL (default https://tiles.mapillary.com)
  --token TOKEN        access token (default: the MAPILLARY_ACCESS_TOKEN environment variable)
  -h, --help           show help
`;

/** Runs one command line and returns the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'version' || command === '--version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  try {
    parseArgs({ args: rest, options: {}, allowPositionals: true, strict: false });
  } catch {
    // parse errors are reported below as an unknown command
  }
  io.stderr.write(`error: unknown command '${command}'. Run 'mapillary-explorer help'.\n`);
  return Promise.resolve(2);
}
