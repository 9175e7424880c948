// `detection decode <base64>`: the polygons of a detection's geometry, normalised to the image
// and, given the image size, in pixels.
import {
  type DetectionFeature,
  decodeDetectionGeometry,
} from '../shared/detections/detectionGeometry';
import type { Ring } from '../shared/detections/polygonRings';
import { GEOMETRY_TYPE_NAMES } from '../shared/tiles/decodedTile';
import type { CliCommand } from './cliCommand';
import { RuntimeError, UsageError } from './cliErrors';

const USAGE = `Usage: mapillary-explorer detection decode <base64> [--width W --height H] [--json]

Decodes a detection's base64 geometry (a vector tile with layer mpy-or) into polygons: an outer
ring followed by its holes, as [x, y] normalised to 0..1 with y pointing down from the image's
top-left corner, and in pixels when the image size is given.

Options:
  --width W            image width in pixels
  --height H           image height in pixels
  --json               print JSON instead of text
  -h, --help           show this help
`;

function parseSize(name: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(number > 0))
    throw new UsageError(`--${name} must be a positive number`, 'detection decode');
  return number;
}

function bounds(rings: Ring[]): string {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of rings) {
    for (const [x, y] of ring) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  const f = (n: number): string => String(Number(n.toFixed(4)));
  return `x ${f(minX)}..${f(maxX)}, y ${f(minY)}..${f(maxY)}`;
}

function describe(feature: DetectionFeature, index: number): string {
  const lines = [
    `feature ${index + 1}: ${GEOMETRY_TYPE_NAMES[feature.type]}` +
      (feature.id === undefined ? '' : `, id ${feature.id}`) +
      `, ${feature.polygons.length} polygon(s)`,
  ];
  feature.polygons.forEach((polygon, p) => {
    const points = polygon.reduce((sum, ring) => sum + ring.length, 0);
    const holes = polygon.length - 1;
    lines.push(
      `  polygon ${p + 1}: ${points} points, ${holes} hole(s); normalised ${bounds(polygon)}`,
    );
    const pixels = feature.pixelPolygons?.[p];
    if (pixels) lines.push(`             pixels ${bounds(pixels)}`);
  });
  return lines.join('\n');
}

/** The `detection decode` command. */
export const detectionDecodeCommand: CliCommand = {
  words: ['detection', 'decode'],
  summary: 'detection decode <base64>         polygons of a detection geometry',
  usage: USAGE,
  options: { width: { type: 'string' }, height: { type: 'string' }, json: { type: 'boolean' } },
  run(context) {
    const [geometry, ...extra] = context.args;
    if (!geometry)
      throw new UsageError('detection decode needs a base64 geometry', 'detection decode');
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`, 'detection decode');
    const width = parseSize('width', context.values.width);
    const height = parseSize('height', context.values.height);
    if ((width === undefined) !== (height === undefined)) {
      throw new UsageError('give both --width and --height', 'detection decode');
    }
    const result = decodeDetectionGeometry(geometry, { width, height });
    if (!result.ok) {
      throw new RuntimeError(
        `the geometry could not be decoded (${result.error.reason}): ${result.error.message}`,
      );
    }
    const value = result.value;
    if (context.values.json) {
      context.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    } else {
      const header = `layer ${value.layer ?? '(none)'}, MVT v${value.version}, extent ${value.extent}, ${value.features.length} feature(s)`;
      const body = value.features.map(describe).join('\n');
      context.io.stdout.write(`${header}\n${body}${body ? '\n' : ''}`);
    }
    return Promise.resolve(0);
  },
};
