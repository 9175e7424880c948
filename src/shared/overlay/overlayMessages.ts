// The messages about files drawn over the map ("Show on Map" on a .geojson, .gpkg or .fgb file),
// declared once for the extension host and the webview; src/shared/messages.ts puts them into its
// unions. The host names each overlay by an id of its own, never by a path: the webview asks for
// the overlay's bytes by that id, and the host decides what it may read.
import { z } from 'zod';
import { defineRequest } from '../channel/channelMessages';
import { MAX_LISTED_POINTS, MAX_OVERLAY_BYTES, OVERLAY_CHUNK_BYTES } from './overlayLimits';
import { listedPointSchema, overlayIdSchema } from './overlayWorkerRequests';

/** An overlay as the map shows it in its legend. */
export const overlayInfoSchema = z.object({
  id: overlayIdSchema,
  /** The file's name (no folder), shown in the legend. */
  name: z.string().min(1).max(200),
  /** How the bytes are encoded (a GeoPackage arrives as GeoJSON). */
  format: z.enum(['geojson', 'fgb']),
  colorIndex: z.number().int().min(0).max(10_000),
  /** Fit the map to the file once it is drawn (the first time it is shown, not on a reload). */
  fit: z.boolean(),
});
export type OverlayInfo = z.infer<typeof overlayInfoSchema>;

/** Host to webview: draw this overlay (it asks for the bytes), or take it off the map. */
export const overlayHostMessages = [
  z.object({ type: z.literal('showOverlay'), overlay: overlayInfoSchema }),
  z.object({ type: z.literal('removeOverlay'), id: overlayIdSchema }),
] as const;

const lonLat = {
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
};

/** What an overlay turned out to hold, for the host (its point list, its counts). */
export const overlayReportSchema = z.object({
  featureCount: z.number().int().nonnegative(),
  points: z.number().int().nonnegative(),
  lines: z.number().int().nonnegative(),
  polygons: z.number().int().nonnegative(),
  clustered: z.boolean(),
  pointCount: z.number().int().nonnegative(),
  listedPoints: z.array(listedPointSchema).max(MAX_LISTED_POINTS),
  /** Milliseconds from asking for the bytes to the first tile drawn. */
  firstDrawMs: z.number().nonnegative().optional(),
});
export type OverlayReport = z.infer<typeof overlayReportSchema>;

/** Webview to host: how an overlay fared, and actions asked for on the map. */
export const overlayWebviewMessages = [
  z.object({
    type: z.literal('overlayStatus'),
    id: overlayIdSchema,
    /** `shown`: drawn (with `report`); `failed`: could not be (with `error`); `removed`. */
    state: z.enum(['shown', 'failed', 'removed']),
    report: overlayReportSchema.optional(),
    error: z.string().max(500).optional(),
  }),
  /** The user asked, on a point of an overlay, for the images looking at it. */
  z.object({ type: z.literal('overlayImagesLookingAt'), ...lonLat }),
] as const;

/**
 * A piece of an overlay's bytes, from `offset` on, asked by the webview once it is told to show it
 * (piece after piece, so that no message is large; see OVERLAY_CHUNK_BYTES), with the whole length.
 */
export const overlayDataRequest = defineRequest({
  method: 'overlayData',
  params: z.object({ id: overlayIdSchema, offset: z.number().int().min(0).max(MAX_OVERLAY_BYTES) }),
  result: z.object({
    bytes: z.custom<ArrayBuffer | Uint8Array>(
      (v) =>
        (v instanceof ArrayBuffer || v instanceof Uint8Array) &&
        v.byteLength <= OVERLAY_CHUNK_BYTES,
      { message: 'expected binary data within the piece size' },
    ),
    total: z.number().int().min(0).max(MAX_OVERLAY_BYTES),
  }),
  // Reading a GeoPackage of a few hundred megabytes out takes a while on a slow disk.
  timeoutMs: 600_000,
});
