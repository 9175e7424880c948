// The messages the map webview and the extension host exchange, defined once for both sides.
// Each side validates what it receives with these schemas and drops (and logs) anything else:
// the webview is a guest, and a message from it is input, not a command.
import { z } from 'zod';

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
    /** Attribution HTML, shown in Leaflet's attribution control. */
    attribution: z.string(),
  })
  .nullable();
export type Basemap = z.infer<typeof basemapSchema>;

export const webviewToHostSchema = z.discriminatedUnion('type', [
  /** Sent once the webview's script has loaded and is listening. */
  z.object({ type: z.literal('ready') }),
  /** The map finished drawing its first view (basemap tiles loaded, or no basemap). */
  z.object({ type: z.literal('mapDrawn'), tiles: z.number().int().nonnegative() }),
  /** The user moved or zoomed the map. */
  z.object({ type: z.literal('viewChanged'), view: mapViewSchema }),
  /** Diagnostics the webview wants in the extension's log. */
  z.object({
    type: z.literal('log'),
    level: z.enum(['info', 'warn', 'error']),
    message: z.string().max(2000),
  }),
]);
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

export const hostToWebviewSchema = z.discriminatedUnion('type', [
  /** The answer to `ready`: everything the webview needs to draw. */
  z.object({
    type: z.literal('init'),
    basemap: basemapSchema,
    view: mapViewSchema,
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
