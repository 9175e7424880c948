// `tile inspect <file.mvt | z/x/y>`: what a tile holds (layers, features by geometry type,
// property keys, vertices), how big it is and how long the bounded decoder took, as a table or as
// JSON. A z/x/y argument downloads the tile from the tiles URL first.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { inspectTile } from '../shared/tiles/boundedDecoder';
import type { TileSummary } from '../shared/tiles/decodedTile';
import { unwrapTileBody } from '../shared/tiles/tileBody';
import { checkTile } from '../shared/tiles/tileMath';
import { TILE_SETS, type TileSetName, isTileSetName } from '../shared/tiles/tileSets';
import type { CliCommand, CommandContext } from './cliCommand';
import { RuntimeError, UsageError } from './cliErrors';
import { boundedGunzip } from '../core/tiles/gunzipBounded';
import { GraphError } from '../shared/api/graphError';
import { tileUrl } from '../shared/tiles/tileSets';
import { openClient } from './cliClient';

const gunzip = boundedGunzip(64 * 1024 * 1024);

const USAGE = `Usage: mapillary-explorer tile inspect <file.mvt | z/x/y> [--set NAME] [--json]

Decodes one vector tile (with the bounded decoder) and reports its layers, feature counts per
geometry type, property keys, extent, version, size and decode time.

Arguments:
  file.mvt             a tile file (a gzip-compressed file is decompressed first)
  z/x/y                a tile to download from the tiles URL, e.g. 14/3251/6257

Options:
  --set NAME           tile set for z/x/y (default mly1_public): ${Object.keys(TILE_SETS).join(', ')}
  --json               print JSON instead of a table
  -h, --help           show this help
`;

const TILE_ADDRESS = /^(\d{1,2})\/(\d{1,10})\/(\d{1,10})$/;

interface Loaded {
  source: string;
  bytes: Uint8Array;
  wasGzipped: boolean;
}

async function loadTile(
  context: CommandContext,
  target: string,
  set: TileSetName,
): Promise<Loaded> {
  const address = TILE_ADDRESS.exec(target);
  if (address && !existsSync(target)) {
    const [z, x, y] = address.slice(1).map(Number) as [number, number, number];
    try {
      checkTile({ z, x, y });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error), 'tile inspect');
    }
    // The URL without any token, safe to print.
    const source = tileUrl(context.global.tilesUrl, set, z, x, y);
    const client = await openClient(context, false);
    try {
      const tile = await client.tiles.getTile(set, z, x, y, { signal: context.io.signal });
      return { source, bytes: tile.bytes, wasGzipped: false };
    } catch (error) {
      if (error instanceof GraphError) {
        throw new RuntimeError(`could not fetch ${source}: ${error.message} (${error.describe()})`);
      }
      throw error;
    } finally {
      // The tile counts against the daily budget kept in the state folder.
      await client.flush();
    }
  }
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(await readFile(target));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RuntimeError(`cannot read ${target}${code ? ` (${code})` : ''}`);
  }
  const unwrapped = await unwrapTileBody(raw, gunzip);
  if (unwrapped.kind === 'not-a-tile') {
    throw new RuntimeError(`${target} is not a vector tile: ${unwrapped.reason}`);
  }
  if (unwrapped.kind === 'empty')
    return { source: target, bytes: new Uint8Array(0), wasGzipped: false };
  return { source: target, bytes: unwrapped.bytes, wasGzipped: unwrapped.wasGzipped };
}

function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function formatSummary(loaded: Loaded, summary: TileSummary): string {
  const lines = [
    `source     ${loaded.source}${loaded.wasGzipped ? ' (gzip-compressed)' : ''}`,
    `size       ${summary.byteLength} bytes`,
    `decode     ${summary.elapsedMs.toFixed(1)} ms (bounded; geometry checked and counted, not built)`,
    `features   ${summary.featureCount}`,
    `vertices   ${summary.vertexCount}`,
  ];
  if (summary.layers.length === 0) return `${lines.join('\n')}\nlayers     none (empty tile)\n`;
  const rows = [
    [
      'layer',
      'version',
      'extent',
      'features',
      'points',
      'lines',
      'polygons',
      'unknown',
      'vertices',
    ],
    ...summary.layers.map((layer) => [
      layer.name,
      String(layer.version),
      String(layer.extent),
      String(layer.featureCount),
      String(layer.geometryTypes.point),
      String(layer.geometryTypes.linestring),
      String(layer.geometryTypes.polygon),
      String(layer.geometryTypes.unknown),
      String(layer.vertexCount),
    ]),
  ];
  const keys = summary.layers.map(
    (layer) => `  ${layer.name}: ${layer.propertyKeys.join(', ') || '(none)'}`,
  );
  return `${lines.join('\n')}\n\n${table(rows)}\n\nproperty keys\n${keys.join('\n')}\n`;
}

/** The `tile inspect` command. */
export const tileInspectCommand: CliCommand = {
  words: ['tile', 'inspect'],
  summary: 'tile inspect <file.mvt | z/x/y>   layers, counts and decode time of a vector tile',
  usage: USAGE,
  options: { set: { type: 'string' }, json: { type: 'boolean' } },
  async run(context) {
    const [target, ...extra] = context.args;
    if (!target)
      throw new UsageError('tile inspect needs a file or a z/x/y tile address', 'tile inspect');
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`, 'tile inspect');
    const set = context.values.set ?? 'mly1_public';
    if (typeof set !== 'string' || !isTileSetName(set)) {
      throw new UsageError(`unknown tile set '${String(set)}'`, 'tile inspect');
    }
    const loaded = await loadTile(context, target, set);
    const result = inspectTile(loaded.bytes);
    if (!result.ok) {
      throw new RuntimeError(
        `${loaded.source} could not be decoded (${result.error.reason}): ${result.error.message}`,
      );
    }
    const summary = result.value;
    if (context.values.json) {
      const json = {
        source: loaded.source,
        wasGzipped: loaded.wasGzipped,
        byteLength: summary.byteLength,
        decodeMs: Number(summary.elapsedMs.toFixed(3)),
        featureCount: summary.featureCount,
        vertexCount: summary.vertexCount,
        layers: summary.layers,
      };
      context.io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      context.io.stdout.write(formatSummary(loaded, summary));
    }
    return 0;
  },
};
