// The requests the map makes of its overlay worker, declared once for both ends: load a file's
// bytes into an index, draw a tile of it, pick what is at a place, and drop it. Written with zod's
// small build, like everything a worker loads (see channel/channelMessages).
import * as z from 'zod/mini';
import { defineRequest } from '../channel/channelMessages';
import { MAX_LISTED_POINTS, MAX_OVERLAY_BYTES, MAX_POINT_LABEL } from './overlayLimits';
import { MAX_SHOWN_PROPERTIES } from './overlayPoints';

/** An overlay's id, given by the extension host. */
export const overlayIdSchema = z.string().check(z.regex(/^o[0-9]{1,6}$/));

/** Bytes of a file to draw, within {@link MAX_OVERLAY_BYTES}. */
export const overlayBytesSchema = z.custom<ArrayBuffer>(
  (value) => value instanceof ArrayBuffer && value.byteLength <= MAX_OVERLAY_BYTES,
  { message: 'expected an ArrayBuffer within the overlay size limit' },
);

const finite = z.number().check(z.refine(Number.isFinite, 'expected a finite number'));
const count = z.number().check(z.int(), z.nonnegative());

/** A listed point (see overlayPoints). */
export const listedPointSchema = z.object({
  label: z.string().check(z.maxLength(MAX_POINT_LABEL)),
  lon: finite.check(z.gte(-180), z.lte(180)),
  lat: finite.check(z.gte(-90), z.lte(90)),
});

/** What an overlay holds, once indexed (see OverlayIndexSummary). */
export const overlaySummarySchema = z.object({
  featureCount: count,
  points: count,
  lines: count,
  polygons: count,
  positions: count,
  withoutGeometry: count,
  bbox: z.optional(z.tuple([finite, finite, finite, finite])),
  clustered: z.boolean(),
  pointCount: count,
  listedPoints: z.array(listedPointSchema).check(z.maxLength(MAX_LISTED_POINTS)),
  /** Time to parse and check the file, and to build its index, in the worker. */
  decodeMs: z.number(),
  indexMs: z.number(),
});
export type OverlaySummary = z.infer<typeof overlaySummarySchema>;

/** Loads a file's bytes (transferred) into the worker under `id`. */
export const loadOverlayRequest = defineRequest({
  method: 'overlayLoad',
  params: z.object({
    id: overlayIdSchema,
    format: z.enum(['geojson', 'fgb']),
    bytes: overlayBytesSchema,
  }),
  result: overlaySummarySchema,
  transferParams: (p) => [p.bytes],
  // Parsing and indexing a 64 MB file takes seconds; a loaded machine may take many more.
  timeoutMs: 600_000,
});

/** Draws tile z/x/y of an overlay: RGBA pixels of a square `size` pixels wide, or null if empty. */
export const overlayTileRequest = defineRequest({
  method: 'overlayTile',
  params: z.object({
    id: overlayIdSchema,
    z: count.check(z.lte(24)),
    x: count,
    y: count,
    size: z.number().check(z.int(), z.gte(64), z.lte(1024)),
    colorIndex: count,
  }),
  result: z.object({ pixels: z.nullable(z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer)) }),
  transferResult: (r) => (r.pixels ? [r.pixels] : []),
  timeoutMs: 120_000,
});

/** A picked feature, as the popup shows it. */
export const overlayPickSchema = z.object({
  kind: z.enum(['cluster', 'point', 'line', 'polygon']),
  lon: finite,
  lat: finite,
  /** Points a cluster stands for, and the zoom where it splits. */
  count: z.optional(count),
  expansionZoom: z.optional(count),
  rows: z.array(z.tuple([z.string(), z.string()])).check(z.maxLength(MAX_SHOWN_PROPERTIES)),
});
export type OverlayPickAnswer = z.infer<typeof overlayPickSchema>;

/** What lies at a place on an overlay, within `radiusPx` at `zoom`. */
export const pickOverlayRequest = defineRequest({
  method: 'overlayPick',
  params: z.object({
    id: overlayIdSchema,
    lon: finite,
    lat: finite,
    zoom: z.number().check(z.gte(0), z.lte(24)),
    radiusPx: z.number().check(z.gte(0), z.lte(64)),
  }),
  result: z.object({ pick: z.nullable(overlayPickSchema) }),
  timeoutMs: 60_000,
});

/** Frees an overlay's index. */
export const dropOverlayRequest = defineRequest({
  method: 'overlayDrop',
  params: z.object({ id: overlayIdSchema }),
  result: z.object({}),
  timeoutMs: 60_000,
});
