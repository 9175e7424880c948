// The messages the map webview and the extension host exchange, defined once for both sides.
// Each side validates what it receives with these schemas and drops (and logs) anything else:
// the webview is a guest, and a message from it is input, not a command.
import { z } from 'zod';
import { mapSettingsSchema } from './map/mapSettings';
import { TILE_SETS } from './tiles/tileSets';

/** A map view: center as [lat, lng] in degrees and a Leaflet zoom level. */
export const mapViewSchema = z.object({
  center: z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]),
  zoom: z.number().min(0).max(24),
});
export type MapView = z.infer<typeof mapViewSchema>;

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

/** Largest tile body sent to the webview (the core refuses bigger ones before this). */
export const MAX_TILE_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Most image ids one box selection may send. */
export const MAX_SELECTION = 100_000;

/** A Mapillary entity id: decimal digits (some exceed 2^53, so they stay strings). */
export const entityIdSchema = z.string().regex(/^\d{1,24}$/);
/** A sequence key: the service's 22-character keys, or other URL-safe keys. */
export const sequenceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** Binary data crossing the channel: an `ArrayBuffer` (or a `Uint8Array` over one). */
export const binarySchema = z.custom<ArrayBuffer | Uint8Array>(
  (value) =>
    (value instanceof ArrayBuffer || value instanceof Uint8Array) &&
    value.byteLength <= MAX_TILE_MESSAGE_BYTES,
  { message: 'expected binary data within the size limit' },
);

const tileSetSchema = z.enum(
  Object.keys(TILE_SETS) as [keyof typeof TILE_SETS, ...(keyof typeof TILE_SETS)[]],
);

/** A tile address the service serves (z 0–14, x and y inside the grid of z). */
export const tileAddressSchema = z
  .object({
    set: tileSetSchema,
    z: z.number().int().min(0).max(14),
    x: z.number().int().nonnegative(),
    y: z.number().int().nonnegative(),
  })
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, { message: 'tile outside the grid' });
export type TileAddress = z.infer<typeof tileAddressSchema>;

/** A request id chosen by the webview, echoed in the answer. */
const requestIdSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

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
  /** Asks for one vector tile; the host answers with `tile` and the same `requestId`. */
  z.object({ type: z.literal('tileRequest'), requestId: requestIdSchema, tile: tileAddressSchema }),
  /** The tile is no longer shown: the host may abort its fetch. */
  z.object({ type: z.literal('tileCancel'), requestId: requestIdSchema }),
  /** The user clicked an image: the host answers with `image` (or `imageError`). */
  z.object({ type: z.literal('openImage'), requestId: requestIdSchema, imageId: entityIdSchema }),
  /** The images of the latest box selection (empty when cleared). */
  z.object({
    type: z.literal('selection'),
    imageIds: z.array(entityIdSchema).max(MAX_SELECTION),
  }),
  /** Diagnostics the webview wants in the extension's log. */
  z.object({
    type: z.literal('log'),
    level: z.enum(['info', 'warn', 'error']),
    message: z.string().max(2000),
  }),
]);
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

/** What the image panel shows about an image: its id, size and labelled fields. */
export const imageDetailsSchema = z.object({
  id: entityIdSchema,
  /** The original picture's size in pixels, when known (detections are relative to it). */
  width: z.number().positive().optional(),
  height: z.number().positive().optional(),
  /** Label and text pairs, in display order. */
  fields: z.array(z.tuple([z.string().max(64), z.string().max(500)])).max(40),
});
export type ImageDetails = z.infer<typeof imageDetailsSchema>;

/** One detection of an image: its class and its outline as the service sends it (base64 MVT). */
export const detectionOutlineSchema = z.object({
  id: entityIdSchema,
  value: z.string().max(200),
  geometry: z
    .string()
    .max(1024 * 1024)
    .regex(/^[A-Za-z0-9+/=_-]*$/),
});
export type DetectionOutline = z.infer<typeof detectionOutlineSchema>;

export const hostToWebviewSchema = z.discriminatedUnion('type', [
  /** The answer to `ready`: everything the webview needs to draw. */
  z.object({
    type: z.literal('init'),
    basemap: basemapSchema,
    view: mapViewSchema,
    settings: mapSettingsSchema,
  }),
  /**
   * The answer to `tileRequest`: the tile's bytes (empty for an empty tile), or why it failed. The
   * bytes are the tile as served, decompressed; the webview decodes them in its worker.
   */
  z.object({
    type: z.literal('tile'),
    requestId: requestIdSchema,
    bytes: binarySchema.optional(),
    error: z.string().max(500).optional(),
  }),
  /** The answer to `openImage`. */
  z.object({
    type: z.literal('image'),
    requestId: requestIdSchema,
    image: imageDetailsSchema,
    detections: z.array(detectionOutlineSchema).max(5000),
    /** The picture as bytes (JPEG, PNG or WebP), or null when it could not be had. */
    thumbnail: z
      .object({ bytes: binarySchema, mime: z.enum(['image/jpeg', 'image/png', 'image/webp']) })
      .nullable(),
  }),
  /** `openImage` failed. */
  z.object({
    type: z.literal('imageError'),
    requestId: requestIdSchema,
    message: z.string().max(500),
  }),
  /** Sequences to draw highlighted (the organization's, from the tree); empty clears. */
  z.object({
    type: z.literal('highlightSequences'),
    sequenceIds: z.array(sequenceIdSchema).max(MAX_SELECTION),
  }),
  /** Settings changed while the panel is open. */
  z.object({ type: z.literal('setBasemap'), basemap: basemapSchema }),
  /** Move the map (from a command, the tree, or a restored state). */
  z.object({ type: z.literal('setView'), view: mapViewSchema }),
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
