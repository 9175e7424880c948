// The pieces the language-model tools' input schemas share: ids, days, the area (a bounding box or
// a GeoJSON polygon), and the image filters of a search. An area is checked by the same reader the
// command line's `--area` and the Explorer's area files use, so a polygon a tool accepts is one the
// rest of the extension accepts, with the same messages; its size is bounded lower than a file's,
// since a model writes it inline.
import { z } from 'zod';
import { bboxProblem } from '../api/bbox';
import { type Area, AreaError, areaFromBbox } from '../geo/area';
import { areaFromGeoJson } from '../geo/areaGeoJson';

const ENTITY_ID = /^[1-9][0-9]{0,19}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Most vertices of a polygon given inline to a tool. */
export const MAX_TOOL_AREA_VERTICES = 2_000;

/** A string of digits naming `what`. */
export const entityId = (what: string) =>
  z
    .string()
    .regex(ENTITY_ID, `a ${what} is a string of digits, e.g. "1805883732926354"`)
    .describe(`A string of digits: the ${what}.`);

/** A day, `YYYY-MM-DD`, that exists. */
export const day = (meaning: string) =>
  z
    .string()
    .regex(DAY, 'dates are written YYYY-MM-DD')
    .refine(
      (text) => new Date(`${text}T00:00:00Z`).toISOString().startsWith(text),
      'not a real date',
    )
    .describe(`${meaning} (YYYY-MM-DD, UTC).`);

/** An area as a tool's input gives it: exactly one of `bbox` and `geometry`. */
export interface ToolAreaInput {
  bbox?: number[];
  geometry?: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] };
}

/** The area of a parsed tool input. Throws an {@link AreaError} for a shape the schema let by. */
export function toolArea(input: ToolAreaInput): Area {
  if (input.geometry) {
    return areaFromGeoJson(input.geometry, { maxVertices: MAX_TOOL_AREA_VERTICES });
  }
  const [a = NaN, b = NaN, c = NaN, d = NaN] = input.bbox ?? [];
  return areaFromBbox([a, b, c, d]);
}

/** Where a search looks: a bounding box or a polygon. */
export const areaSchema = z
  .strictObject({
    bbox: z
      .array(z.number())
      .length(4)
      .optional()
      .describe(
        'The bounding box [minLon, minLat, maxLon, maxLat] in WGS84 degrees, west/south edges first.',
      ),
    geometry: z
      .strictObject({
        type: z.enum(['Polygon', 'MultiPolygon']),
        coordinates: z.array(z.unknown()),
      })
      .optional()
      .describe(
        `A GeoJSON Polygon or MultiPolygon in WGS84 [lon, lat] degrees, e.g. {"type": "Polygon", "coordinates": [[[13.0, 55.6], [13.01, 55.6], [13.01, 55.61], [13.0, 55.6]]]}: rings closed (last position = first), holes after the outer ring, at most ${MAX_TOOL_AREA_VERTICES} positions.`,
      ),
  })
  .superRefine((area, ctx) => {
    if (!area.bbox === !area.geometry) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of bbox or geometry' });
      return;
    }
    if (area.bbox) {
      const [a = NaN, b = NaN, c = NaN, d = NaN] = area.bbox;
      const problem = bboxProblem([a, b, c, d]);
      if (problem) ctx.addIssue({ code: 'custom', path: ['bbox'], message: problem });
      return;
    }
    try {
      toolArea(area);
    } catch (error) {
      if (!(error instanceof AreaError)) throw error;
      ctx.addIssue({
        code: 'custom',
        path: ['geometry'],
        message: error.message.replace(/\.$/, ''),
      });
    }
  })
  .describe('Where to look: a bbox, or a GeoJSON polygon geometry (give exactly one).');

/** The image filters of a search, as tools take them. */
export const imageFilters = {
  area: areaSchema,
  startDate: day('Only images captured on or after this day').optional(),
  endDate: day('Only images captured on or before this day').optional(),
  isPano: z
    .boolean()
    .optional()
    .describe('true: only 360° panoramas; false: only non-panoramas; omit for both.'),
  organizationId: entityId('organization id').optional(),
  creatorUsername: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a Mapillary username: letters, digits, "_", "." or "-"')
    .optional()
    .describe(
      "Only images uploaded by this Mapillary user (the username, as in the user's profile).",
    ),
};

/** Refuses an end date before the start date. */
export const startBeforeEnd = (
  value: { startDate?: string; endDate?: string },
  ctx: z.RefinementCtx,
) => {
  if (value.startDate && value.endDate && value.startDate > value.endDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'endDate is before startDate' });
  }
};
