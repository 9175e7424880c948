// `doctor`: checks the connection to Mapillary with the tokens given (one Graph call, one batched
// read, one tile call) and reports each, with the auth method, the tile path, the token kind and
// the rate-limit headroom. Tokens are redacted in its output. Exit code 0 when all three worked.
import { checkConnection } from '../core/api/connectionCheck';
import { connectionReportLines } from '../core/api/connectionReportText';
import { checkTile, type TileCoord } from '../shared/tiles/tileMath';
import { TILE_SETS, isTileSetName } from '../shared/tiles/tileSets';
import { isId } from '../shared/ids';
import { redact } from '../shared/redact';
import type { CliCommand } from './cliCommand';
import { UsageError } from './cliErrors';
import { openClient } from './cliClient';

const USAGE = `Usage: mapillary-explorer doctor [--tile z/x/y] [--set NAME] [--ids a,b,c] [--json]

Checks the connection to Mapillary with the tokens given: one Graph call (GET /me, which also
tells a client token from a user token), one tile call (with the client token as ?access_token=)
and one batched read (/images?image_ids=, or /?ids= when the service refuses that). Reports for
each whether it worked, the auth method, the tile path, the token kind and the rate-limit headroom
from the x-app-usage header. Tokens are never printed.

Options:
  --tile z/x/y         the tile to fetch (default 0/0/0; its points carry image ids to read)
  --set NAME           its tile set (default mly1_public): ${Object.keys(TILE_SETS).join(', ')}
  --ids a,b,c          image ids for the batched read (default: ids from the tile)
  --json               print the report as JSON
  -h, --help           show this help

Exit codes: 0 all three worked, 1 something did not, 2 the command line is wrong.
`;

function parseTile(value: string | boolean | undefined): TileCoord | undefined {
  if (value === undefined) return undefined;
  const m = typeof value === 'string' ? /^(\d{1,2})\/(\d{1,10})\/(\d{1,10})$/.exec(value) : null;
  if (!m) throw new UsageError('--tile must be z/x/y, e.g. 14/8800/5122', 'doctor');
  const tile = { z: Number(m[1]), x: Number(m[2]), y: Number(m[3]) };
  try {
    checkTile(tile);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), 'doctor');
  }
  return tile;
}

function parseIds(value: string | boolean | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = typeof value === 'string' ? value.split(',').map((id) => id.trim()) : [];
  const bad = ids.filter((id) => !isId('image', id));
  if (ids.length === 0 || bad.length > 0 || ids.length > 50) {
    throw new UsageError('--ids must be 1 to 50 image ids separated by commas', 'doctor');
  }
  return ids;
}

/** The `doctor` command. */
export const doctorCommand: CliCommand = {
  words: ['doctor'],
  summary: 'doctor                            check the connection: Graph, batched read, tiles',
  usage: USAGE,
  options: {
    tile: { type: 'string' },
    set: { type: 'string' },
    ids: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(context) {
    if (context.args.length > 0) {
      throw new UsageError(`unexpected argument '${context.args[0]}'`, 'doctor');
    }
    const tile = parseTile(context.values.tile);
    const set = context.values.set ?? 'mly1_public';
    if (typeof set !== 'string' || !isTileSetName(set)) {
      throw new UsageError(`unknown tile set '${String(set)}'`, 'doctor');
    }
    const imageIds = parseIds(context.values.ids);
    const client = await openClient(context, true);
    try {
      const report = await checkConnection(client, {
        tile,
        set,
        imageIds,
        signal: context.io.signal,
      });
      if (context.values.json) {
        context.io.stdout.write(`${redact(JSON.stringify(report, null, 2))}\n`);
      } else {
        context.io.stdout.write(`${connectionReportLines(report).join('\n')}\n`);
      }
      return report.ok ? 0 : 1;
    } finally {
      await client.flush();
    }
  },
};
