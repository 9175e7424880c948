// The inputs of the language-model tools, as zod schemas. The host does not check a tool's input
// against the schema it declares, so every input is parsed here before anything runs; package.json
// declares the JSON Schema generated from these same schemas (scripts/writeToolSchemas.ts), and a
// unit test keeps the two equal. Descriptions are written for the model: what a field means, its
// unit and its bounds.
import { z } from 'zod';
import { DEFAULT_LOOK_ANGLE, DEFAULT_RADIUS_M } from '../geo/pointQueries';
import { exportImagesInput } from './exportInput';
import { type ToolName } from './toolNames';
import { areaSchema, day, entityId, imageFilters, startBeforeEnd } from './toolSchemaParts';

/** `mapillary_searchImages`. */
export const searchImagesInput = z
  .strictObject({
    ...imageFilters,
    limit: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .describe('How many images to list in the result (1-100); the count covers all of them.'),
  })
  .superRefine(startBeforeEnd);

/** `mapillary_imageDetails`. */
export const imageDetailsInput = z.strictObject({
  imageIds: z
    .array(entityId('Mapillary image id'))
    .min(1)
    .max(50)
    .describe('The images to describe (1-50 ids), e.g. ids from mapillary_searchImages.'),
  includeDetections: z
    .boolean()
    .default(true)
    .describe("Count each image's detections (objects recognised in it) by value."),
});

/** `mapillary_sequencesInArea`. */
export const sequencesInAreaInput = z
  .strictObject({
    area: areaSchema,
    organizationId: entityId('organization id')
      .optional()
      .describe("Whose sequences: an organization's id (give this or creatorId)."),
    creatorId: entityId('user id')
      .optional()
      .describe("Whose sequences: a user's numeric id (give this or organizationId)."),
    limit: z
      .number()
      .int()
      .min(1)
      .max(200)
      .default(50)
      .describe('How many sequences to list (1-200), newest first; the count covers all of them.'),
  })
  .superRefine((value, ctx) => {
    if (!value.organizationId && !value.creatorId) {
      ctx.addIssue({
        code: 'custom',
        path: ['organizationId'],
        message: 'give organizationId or creatorId: sequences are listed per owner',
      });
    }
  });

/** `mapillary_mapFeaturesInArea`. */
export const mapFeaturesInAreaInput = z.strictObject({
  area: areaSchema,
  values: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z0-9*_-]{1,120}$/, 'an object value: letters, digits, "-", "_" and "*"'),
    )
    .max(20)
    .optional()
    .describe(
      'Object values to keep, "*" as wildcard, e.g. ["regulatory--stop--*", "object--fire-hydrant"]. Omit for all.',
    ),
  firstSeenAfter: day('Only features first seen on or after this day').optional(),
  lastSeenBefore: day('Only features last seen on or before this day').optional(),
  limit: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .describe('How many features to list (1-100); the count and the counts by value cover all.'),
});

/** The most metres around the point `mapillary_imagesLookingAt` searches. */
export const MAX_LOOKING_AT_RADIUS_M = 1_000;

/** `mapillary_imagesLookingAt`. */
export const imagesLookingAtInput = z
  .strictObject({
    point: z
      .strictObject({
        lon: z.number().min(-180).max(180).describe('Longitude in WGS84 degrees.'),
        lat: z.number().min(-90).max(90).describe('Latitude in WGS84 degrees.'),
      })
      .describe('The place the images should show.'),
    radiusMeters: z
      .number()
      .gt(0)
      .max(MAX_LOOKING_AT_RADIUS_M)
      .default(DEFAULT_RADIUS_M)
      .describe(
        `How far from the point an image may have been taken, in metres (at most ${MAX_LOOKING_AT_RADIUS_M}).`,
      ),
    maxAngleDegrees: z
      .number()
      .gt(0)
      .max(90)
      .default(DEFAULT_LOOK_ANGLE)
      .describe(
        "How far the camera's compass angle may be off the direction of the point, in degrees either side (at most 90).",
      ),
    startDate: imageFilters.startDate,
    endDate: imageFilters.endDate,
    isPano: imageFilters.isPano,
    organizationId: imageFilters.organizationId,
    creatorUsername: imageFilters.creatorUsername,
    limit: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .describe('How many images to list (1-100), the most squarely facing first.'),
  })
  .superRefine(startBeforeEnd);

/** The schema of each tool's input. */
export const TOOL_INPUTS = {
  mapillary_searchImages: searchImagesInput,
  mapillary_imageDetails: imageDetailsInput,
  mapillary_sequencesInArea: sequencesInAreaInput,
  mapillary_mapFeaturesInArea: mapFeaturesInAreaInput,
  mapillary_exportImages: exportImagesInput,
  mapillary_imagesLookingAt: imagesLookingAtInput,
} as const satisfies Record<ToolName, z.ZodType>;

/** One tool's parsed input. */
export type ToolInput<N extends ToolName> = z.output<(typeof TOOL_INPUTS)[N]>;

/** A tool's input, parsed; or what is wrong with it, in words the model can act on. */
export type ParsedToolInput<N extends ToolName> =
  { ok: true; value: ToolInput<N> } | { ok: false; message: string };

/** Parses `input` for tool `name`. */
export function parseToolInput<N extends ToolName>(name: N, input: unknown): ParsedToolInput<N> {
  const result = TOOL_INPUTS[name].safeParse(input);
  if (result.success) return { ok: true, value: result.data as ToolInput<N> };
  const problems = result.error.issues
    .slice(0, 8)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`);
  return {
    ok: false,
    message: `invalid input for ${name}: ${problems.join('; ')}. Fix the input and call the tool again.`,
  };
}

/** The JSON Schema package.json declares for a tool's input. */
export function toolInputJsonSchema(name: ToolName): Record<string, unknown> {
  const schema = z.toJSONSchema(TOOL_INPUTS[name], { io: 'input' }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}
