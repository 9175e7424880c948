// `close-to LON,LAT` and `looking-at LON,LAT`: the Python SDK's point queries. The images within a
// radius of the point, nearest first, or those whose compass angle points at it within ±angle, the
// most squarely facing first, with the search's filters, written like `search` (CSV, GeoJSON or
// JSON lines) with the distance (and the angle off the point) as extra columns.
import { JobError } from '../core/export/jobErrors';
import { writeImageRecords } from '../core/export/imageRecords';
import { fieldsForColumns } from '../core/export/metadataColumns';
import { type Entity, type MetadataFormat } from '../core/export/metadataJob';
import { SEARCH_COLUMNS } from '../core/export/searchJob';
import { type PointQueryKind, findImagesAtPoint, parsePoint } from '../core/explorer/pointSearch';
import { DEFAULT_LOOK_ANGLE, DEFAULT_RADIUS_M, MAX_RADIUS_M } from '../shared/geo/pointQueries';
import { redact } from '../shared/redact';
import { openClient } from './cliClient';
import type { CliCommand, CommandContext } from './cliCommand';
import { UsageError } from './cliErrors';
import { FILTER_OPTIONS, FILTER_USAGE, columnsOption, filterOptions } from './imageFilters';
import { countOption, stringOption } from './jobCommand';

async function* listed<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

const FORMATS: readonly MetadataFormat[] = ['csv', 'geojson', 'jsonl'];

function numberOption(
  context: CommandContext,
  name: string,
  fallback: number,
  max: number,
): number {
  const text = stringOption(context, name);
  if (text === undefined) return fallback;
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(value > 0 && value <= max)) {
    throw new UsageError(`--${name} must be a number above 0 and at most ${max}`, context.command);
  }
  return value;
}

function usage(kind: PointQueryKind): string {
  const name = kind === 'closeTo' ? 'close-to' : 'looking-at';
  const what =
    kind === 'closeTo'
      ? `Lists the images within --radius metres of the point, nearest first (the Python SDK's
get_image_close_to), with a distance_m column.`
      : `Lists the images within --radius metres of the point whose compass angle points at it within
±--angle degrees, the most squarely facing first, then the nearest (the Python SDK's
get_image_looking_at), with distance_m and off_axis_deg columns.`;
  return `Usage: mapillary-explorer ${name} LON,LAT [options]

${what}
Written like 'search': CSV, a GeoJSON FeatureCollection or JSON lines.
A point west of Greenwich or south of the equator starts with '-': put it after '--', as in
'${name} --radius 50 -- -3.7038,40.4168'.

Options:
  --radius M           metres around the point (default ${DEFAULT_RADIUS_M}, at most ${MAX_RADIUS_M})
${kind === 'lookingAt' ? `  --angle DEG          degrees either side of the compass angle (default ${DEFAULT_LOOK_ANGLE})\n` : ''}${FILTER_USAGE}
  --limit N            keep the first N images
  --fields A,B,...     columns (default ${SEARCH_COLUMNS.slice(0, 4).join(',')},
                       ${SEARCH_COLUMNS.slice(4).join(',')})
  --format F           csv (default), geojson or jsonl
  -o, --out FILE       output file (default ${name}.csv, .geojson or .jsonl)
  -h, --help           show this help
`;
}

function pointCommand(kind: PointQueryKind): CliCommand {
  const name = kind === 'closeTo' ? 'close-to' : 'looking-at';
  return {
    words: [name],
    summary:
      kind === 'closeTo'
        ? 'close-to LON,LAT                  images near a point, nearest first'
        : 'looking-at LON,LAT                images looking at a point, most squarely first',
    usage: usage(kind),
    options: {
      ...FILTER_OPTIONS,
      radius: { type: 'string' },
      ...(kind === 'lookingAt' ? { angle: { type: 'string' } } : {}),
      limit: { type: 'string' },
      fields: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
    },
    async run(context) {
      const [text, ...extra] = context.args;
      if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`, name);
      if (!text) throw new UsageError(`${name} needs a point LON,LAT`, name);
      const point = parsePoint(text);
      if ('problem' in point) throw new UsageError(point.problem, name);
      const radiusM = numberOption(context, 'radius', DEFAULT_RADIUS_M, MAX_RADIUS_M);
      const angle = numberOption(context, 'angle', DEFAULT_LOOK_ANGLE, 180);
      const limit = countOption(context, 'limit', 1_000_000);
      const format = (stringOption(context, 'format') ?? 'csv') as MetadataFormat;
      if (!FORMATS.includes(format)) {
        throw new UsageError('--format must be csv, geojson or jsonl', name);
      }
      const columns = columnsOption(context, SEARCH_COLUMNS);
      let fields: string[];
      try {
        fields = fieldsForColumns(columns);
      } catch (error) {
        if (error instanceof JobError) throw new UsageError(error.message, name);
        throw error;
      }
      const filters = filterOptions(context);
      const output = stringOption(context, 'out') ?? `${name}.${format}`;
      const client = await openClient(context, true);
      let result;
      try {
        result = await findImagesAtPoint(client.api, point.lon, point.lat, {
          kind,
          radiusM,
          angle,
          filters: { ...filters, fields },
          signal: context.io.signal,
        });
      } finally {
        await client.flush();
      }
      const ranked = result.images.slice(0, limit);
      const rows: Entity[] = ranked.map((found) => ({
        ...found.image.entity,
        distance_m: Math.round(found.distanceM * 10) / 10,
        ...('offAxis' in found ? { off_axis_deg: Math.round(found.offAxis * 10) / 10 } : {}),
      }));
      const outputColumns = [
        ...columns,
        'distance_m',
        ...(kind === 'lookingAt' ? ['off_axis_deg'] : []),
      ];
      await writeImageRecords({
        file: output,
        format,
        columns: outputColumns,
        records: () => listed(rows),
        skipped: [],
        lastChange: new Date(0),
      });
      const what = kind === 'closeTo' ? 'within' : 'looking at the point within';
      const first = ranked[0];
      const nearest = first
        ? ` (first: ${first.image.id}, ${(Math.round(first.distanceM * 10) / 10).toString()} m)`
        : '';
      context.io.stdout.write(
        redact(
          `${name}: ${ranked.length} images ${what} ${radiusM} m of ${point.lon},${point.lat} written to ${output}${nearest}\n`,
        ),
      );
      if (!result.complete) {
        context.io.stdout.write(
          '  the area held too many images to read them all: some may be missing; use a smaller --radius or filters\n',
        );
        return 1;
      }
      return 0;
    },
  };
}

/** `close-to LON,LAT`. */
export const closeToCommand = pointCommand('closeTo');
/** `looking-at LON,LAT`. */
export const lookingAtCommand = pointCommand('lookingAt');
