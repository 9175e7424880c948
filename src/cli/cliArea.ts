// The area of a command: `--bbox W,S,E,N`, or `--area FILE` with a GeoJSON Polygon or MultiPolygon
// (holes respected), exactly one of them. The file is read with the same checks as anywhere else
// (size, UTF-8, valid rings, no antimeridian crossing), and a refusal says what to fix.
import { readAreaFile } from '../core/geo/areaFile';
import { type Area, AreaError, areaFromBbox } from '../shared/geo/area';
import type { CommandContext } from './cliCommand';
import { RuntimeError, UsageError } from './cliErrors';
import { stringOption } from './jobCommand';

/** The options of {@link areaOption}. */
export const AREA_OPTIONS = {
  bbox: { type: 'string' },
  area: { type: 'string' },
} as const;

/** The usage lines of {@link AREA_OPTIONS}. */
export const AREA_USAGE = `  --bbox W,S,E,N       the area: minLon,minLat,maxLon,maxLat
  --area FILE          the area as a GeoJSON Polygon or MultiPolygon in longitude/latitude
                       (a Feature or FeatureCollection of them too); only what lies inside the
                       shape is kept, holes left out`;

/** Reads `--bbox W,S,E,N` as a bbox area; undefined without the option. */
export function bboxArea(context: CommandContext): Area | undefined {
  const value = stringOption(context, 'bbox');
  if (value === undefined) return undefined;
  const parts = value.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 4 || !parts.every(Number.isFinite)) {
    throw new UsageError('--bbox must be minLon,minLat,maxLon,maxLat', context.command);
  }
  try {
    return { ...areaFromBbox(parts as unknown as [number, number, number, number]), label: value };
  } catch (error) {
    if (error instanceof AreaError) throw new UsageError(error.message, context.command);
    throw error;
  }
}

/** The command's area, from `--bbox` or `--area` (exactly one). */
export async function areaOption(context: CommandContext): Promise<Area> {
  const file = stringOption(context, 'area');
  const bbox = bboxArea(context);
  if (file !== undefined && bbox) {
    throw new UsageError('give --bbox or --area, not both', context.command);
  }
  if (bbox) return bbox;
  if (file === undefined) {
    throw new UsageError(`${context.command} needs --bbox or --area`, context.command);
  }
  try {
    return { ...(await readAreaFile(file)), label: file };
  } catch (error) {
    if (error instanceof AreaError) throw new RuntimeError(error.message);
    throw error;
  }
}
