// The messages the map webview and the extension host exchange, defined once for both sides:
// notifications (one way, no answer) and request/response pairs carried by the request channel
// (see channel/requestChannel). Each side validates what it receives with these schemas and drops
// (and logs) anything else: the webview is a guest, and a message from it is input, not a command.
import { z } from 'zod';
import { binarySchema } from './channel/binary';
import { defineRequest } from './channel/channelMessages';
import { detectionIdSchema, idSchema, imageIdSchema, sequenceKeySchema } from './ids';
import { detectionOutlineSchema, MAX_DETECTIONS } from './map/detectionOutline';
import { mapSettingsSchema } from './map/mapSettings';
import { MAX_SELECTION } from './map/selectionLimits';
import { overlayHostMessages, overlayWebviewMessages } from './overlay/overlayMessages';
import { COVERAGE_ZOOM } from './tiles/tileMath';
import { TILE_SETS } from './tiles/tileSets';
import { currentViewSchema } from './viewer/viewerMessages';

/** A map view: center as [lat, lng] in degrees and a Leaflet zoom level. */
export const mapViewSchema = z.object({
  center: z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]),
  zoom: z.number().min(0).max(24),
});
export type MapView = z.infer<typeof mapViewSchema>;

/**
 * A point on the map the user right-clicked, as the map's context menu hands it to the point query
 * commands (`mapillary.imagesNearHere`, `mapillary.imagesLookingAtHere`); other keys VS Code adds
 * to the menu's argument are dropped.
 */
export const mapPointSchema = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});
export type MapPoint = z.infer<typeof mapPointSchema>;

/** Raster basemap the webview may load; `null` when the user switched the basemap off. */
export const basemapSchema = z
  .object({
    /** Leaflet tile URL template (`{z}/{x}/{y}`, optional `{s}`). */
    url: z.string().min(1),
    /** Attribution text, shown as text (escaped) in Leaflet's attribution control. */
    attribution: z.string(),
  })
  .nullable();
export type Basemap = z.infer<typeof basemapSchema>;

export { MAX_SELECTION } from './map/selectionLimits';
/** Most label and text pairs an image's details carry, and their lengths. */
export const MAX_IMAGE_FACTS = 40;
export const MAX_FACT_LABEL = 64;
export const MAX_FACT_TEXT = 500;

const tileSetSchema = z.enum(
  Object.keys(TILE_SETS) as [keyof typeof TILE_SETS, ...(keyof typeof TILE_SETS)[]],
);

/** A tile address the service serves (z 0 to COVERAGE_ZOOM, x and y inside the grid of z). */
export const tileAddressSchema = z
  .object({
    set: tileSetSchema,
    z: z.number().int().min(0).max(COVERAGE_ZOOM),
    x: z.number().int().nonnegative(),
    y: z.number().int().nonnegative(),
  })
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, { message: 'tile outside the grid' });
export type TileAddress = z.infer<typeof tileAddressSchema>;

export const webviewToHostSchema = z.discriminatedUnion('type', [
  /** Sent once the webview's script has loaded and is listening. */
  z.object({ type: z.literal('ready') }),
  /** The map finished drawing its first view (basemap tiles loaded, or no basemap). */
  z.object({ type: z.literal('mapDrawn'), tiles: z.number().int().nonnegative() }),
  /** The user moved or zoomed the map, or changed layers or filters. */
  z.object({
    type: z.literal('viewChanged'),
    view: mapViewSchema,
    settings: mapSettingsSchema.optional(),
  }),
  /** The images of the latest box selection (empty when cleared). */
  z.object({
    type: z.literal('selection'),
    imageIds: z.array(imageIdSchema).max(MAX_SELECTION),
  }),
  /**
   * Open an image that detected a map feature, with that detection highlighted (in the viewer
   * where there is one, else in the map's image panel).
   */
  z.object({
    type: z.literal('openFeatureImage'),
    imageId: imageIdSchema,
    detectionId: z.optional(detectionIdSchema),
  }),
  /** An action of the feature panel on a map feature. */
  z.object({
    type: z.literal('featureAction'),
    action: z.enum(['copyId', 'export']),
    featureId: idSchema('mapFeature'),
    value: z.string().max(200),
    /** `[lng, lat]` of the feature, for the export's area. */
    position: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).nullable(),
  }),
  /** Open the settings at one of the map's settings (a link in a note on the map). */
  z.object({ type: z.literal('openSetting'), setting: z.enum(['mapillary.basemap.url']) }),
  /** Diagnostics the webview wants in the extension's log. */
  z.object({
    type: z.literal('log'),
    level: z.enum(['info', 'warn', 'error']),
    message: z.string().max(2000),
  }),
  ...overlayWebviewMessages,
]);
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

/** What the image panel shows about an image: its id, size and labelled fields. */
export const imageDetailsSchema = z.object({
  id: imageIdSchema,
  /** The original picture's size in pixels, when known (detections are relative to it). */
  width: z.number().positive().optional(),
  height: z.number().positive().optional(),
  /** The image's sequence, when known (the map highlights it). */
  sequence: z.optional(sequenceKeySchema),
  /** Label and text pairs, in display order. */
  fields: z
    .array(z.tuple([z.string().max(MAX_FACT_LABEL), z.string().max(MAX_FACT_TEXT)]))
    .max(MAX_IMAGE_FACTS),
});
export type ImageDetails = z.infer<typeof imageDetailsSchema>;

/** A picture crossing to the webview: its bytes and their type. */
export const pictureSchema = z.object({
  bytes: binarySchema,
  mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
});
export type Picture = z.infer<typeof pictureSchema>;

/** Everything the image panel shows about one image. */
export const imageAnswerSchema = z.object({
  image: imageDetailsSchema,
  detections: z.array(detectionOutlineSchema).max(MAX_DETECTIONS),
  /** The picture, or null when it could not be had. */
  thumbnail: pictureSchema.nullable(),
  /** What the host left out of this answer, and why, for the panel to say. */
  notes: z.array(z.string().max(300)).max(10),
});
export type ImageAnswer = z.infer<typeof imageAnswerSchema>;

/**
 * One vector tile, asked by the webview: its bytes as served, decompressed (empty for an empty
 * tile). The webview decodes them in its worker. Failures come back as the request's error.
 */
export const tileRequest = defineRequest({
  method: 'tile',
  params: tileAddressSchema,
  result: z.object({ bytes: binarySchema }),
  // The host may wait out rate limits and retries; past this the tile is shown as failed and
  // the host is told to stop.
  timeoutMs: 120_000,
});

/** What a click on the map knows of an image besides its id. */
export interface ImageHint {
  /** Its sequence, from the coverage tile. */
  sequenceId?: string;
  /** Where the click was, `[lon, lat]`: the viewer looks up the map cells around it. */
  near?: [number, number];
}

/** An image clicked on the map, with what the click knows of it. */
export interface ImagePick extends ImageHint {
  imageId: string;
}

/** A clicked image: its details, detections and picture (see {@link ImageAnswer}). */
export const openImageRequest = defineRequest({
  method: 'openImage',
  // The sequence, when the click knows it (the coverage tile says), and where the click was: the
  // viewer reads ahead with them.
  params: z.object({
    imageId: imageIdSchema,
    sequenceId: z.optional(sequenceKeySchema),
    near: z.optional(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])),
  }),
  result: imageAnswerSchema,
  timeoutMs: 120_000,
});

export const hostToWebviewSchema = z.discriminatedUnion('type', [
  /** The answer to `ready`: everything the webview needs to draw. */
  z.object({
    type: z.literal('init'),
    basemap: basemapSchema,
    view: mapViewSchema,
    settings: mapSettingsSchema,
    /**
     * An area to fit the first view to, `[minLon, minLat, maxLon, maxLat]` (the Explorer's area
     * on a first open); it wins over `view`, but not over a view the panel restored itself.
     */
    fit: z
      .tuple([
        z.number().min(-180).max(180),
        z.number().min(-90).max(90),
        z.number().min(-180).max(180),
        z.number().min(-90).max(90),
      ])
      .optional(),
  }),
  /** The selection the host holds, drawn again after the panel's document was recreated. */
  z.object({
    type: z.literal('setSelection'),
    imageIds: z.array(imageIdSchema).max(MAX_SELECTION),
  }),
  /** Show an image in the map's image panel, with one of its detections highlighted. */
  z.object({
    type: z.literal('showImage'),
    imageId: imageIdSchema,
    highlightDetectionId: z.optional(detectionIdSchema),
  }),
  /** Sequences to draw highlighted (the organization's, from the tree); empty clears. */
  z.object({
    type: z.literal('highlightSequences'),
    sequenceIds: z.array(sequenceKeySchema).max(MAX_SELECTION),
  }),
  /** Settings changed while the panel is open. */
  z.object({ type: z.literal('setBasemap'), basemap: basemapSchema }),
  /** Move the map (from a command, the tree, or a restored state). */
  z.object({ type: z.literal('setView'), view: mapViewSchema }),
  /** The street-level viewer's image and bearing, drawn with a view cone; null clears it. */
  z.object({ type: z.literal('currentImage'), image: z.union([currentViewSchema, z.null()]) }),
  ...overlayHostMessages,
]);
export type HostToWebview = z.infer<typeof hostToWebviewSchema>;

/** The outcome of validating one received message. */
export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, data: unknown): Parsed<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, error: `${issue?.message ?? 'invalid message'}${where}` };
}

/** Validates a message received by the extension host from the webview. */
export function parseWebviewMessage(data: unknown): Parsed<WebviewToHost> {
  return parseWith(webviewToHostSchema, data);
}

/** Validates a message received by the webview from the extension host. */
export function parseHostMessage(data: unknown): Parsed<HostToWebview> {
  return parseWith(hostToWebviewSchema, data);
}

/** Where the map opens the first time: the world, as Mapillary's own map does. */
export const DEFAULT_VIEW: MapView = { center: [20, 0], zoom: 2 };
