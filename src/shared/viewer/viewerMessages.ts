// The messages of the street-level viewer: the requests its webview makes of the extension host
// (carried by the request channel, each declared once with a schema for both directions) and the
// notifications each side sends the other. Everything the viewer shows comes through these: image
// fields, the images of a map cell, a sequence's order, picture bytes, detections and the other
// captures near an image. None of them carries a URL or a token.
import * as z from 'zod/mini';
import { binarySchema } from '../channel/binary';
import { defineRequest } from '../channel/channelMessages';
import { detectionIdSchema, imageIdSchema, sequenceKeySchema } from '../ids';
import { detectionOutlineSchema, MAX_DETECTIONS } from '../map/detectionOutline';
import { PICTURE_SIZES } from './viewerHandles';
import { cellImageSchema, nearbyCaptureSchema, viewerImageSchema } from './viewerImage';

/** Most images one request may name (MapillaryJS asks in batches of up to 200). */
export const MAX_IMAGES_PER_REQUEST = 200;
/** Most images a sequence may list (the service sends about 1,000 without paging). */
export const MAX_SEQUENCE_IMAGES = 20_000;
/** Most images one map cell may hold in an answer. */
export const MAX_CELL_IMAGES = 20_000;
/** Largest side of a cell's box, in degrees (an S2 level-17 cell is about 0.001°). */
export const MAX_CELL_DEGREES = 0.05;
/** Most captures "other captures here" lists. */
export const MAX_NEARBY = 50;

const bboxSchema = z
  .tuple([
    z.number().check(z.gte(-180), z.lte(180)),
    z.number().check(z.gte(-90), z.lte(90)),
    z.number().check(z.gte(-180), z.lte(180)),
    z.number().check(z.gte(-90), z.lte(90)),
  ])
  .check(
    z.refine(([w, s, e, n]) => w <= e && s <= n, { message: 'west/south after east/north' }),
    z.refine(([w, s, e, n]) => e - w <= MAX_CELL_DEGREES && n - s <= MAX_CELL_DEGREES, {
      message: 'a cell larger than the viewer asks for',
    }),
  );

/**
 * Images by id. `detail: 'full'` is asked for the images the viewer shows and steps through (a
 * sequence), `spatial` for their neighbours (the same fields; only the read-ahead differs).
 * Unknown ids are left out of the answer.
 */
export const viewerImagesRequest = defineRequest({
  method: 'viewerImages',
  params: z.object({
    ids: z.array(imageIdSchema).check(z.minLength(1), z.maxLength(MAX_IMAGES_PER_REQUEST)),
    detail: z.enum(['full', 'spatial']),
  }),
  result: z.object({
    images: z.array(viewerImageSchema).check(z.maxLength(MAX_IMAGES_PER_REQUEST)),
  }),
  timeoutMs: 120_000,
});

/** The images of a map cell (an S2 cell, given as its bounding box), from the coverage tiles. */
export const viewerCellRequest = defineRequest({
  method: 'viewerCell',
  params: z.object({ bbox: bboxSchema }),
  result: z.object({ images: z.array(cellImageSchema).check(z.maxLength(MAX_CELL_IMAGES)) }),
  timeoutMs: 120_000,
});

/** A sequence's image ids in capture order (empty for an unknown sequence). */
export const viewerSequenceRequest = defineRequest({
  method: 'viewerSequence',
  params: z.object({ sequenceId: sequenceKeySchema }),
  result: z.object({
    imageIds: z.array(imageIdSchema).check(z.maxLength(MAX_SEQUENCE_IMAGES)),
  }),
  timeoutMs: 120_000,
});

/** An image's picture at one of the service's sizes: its bytes, as downloaded by the host. */
export const viewerPictureRequest = defineRequest({
  method: 'viewerPicture',
  params: z.object({ imageId: imageIdSchema, size: z.enum(PICTURE_SIZES) }),
  result: z.object({
    bytes: binarySchema,
    mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  }),
  timeoutMs: 120_000,
});

/** An image's detections: class and outline (base64 MVT, decoded in the webview). */
export const viewerDetectionsRequest = defineRequest({
  method: 'viewerDetections',
  params: z.object({ imageId: imageIdSchema }),
  result: z.object({
    detections: z.array(detectionOutlineSchema).check(z.maxLength(MAX_DETECTIONS)),
    /** Detections left out (too many, or without an outline). */
    omitted: z.number().check(z.int(), z.gte(0)),
  }),
  timeoutMs: 120_000,
});

/** Images of other sequences within about 20 m of a position, nearest per sequence, newest first. */
export const viewerNearbyRequest = defineRequest({
  method: 'viewerNearby',
  params: z.object({
    lon: z.number().check(z.gte(-180), z.lte(180)),
    lat: z.number().check(z.gte(-90), z.lte(90)),
    /** The sequence being looked at, left out of the answer. */
    sequenceId: z.optional(sequenceKeySchema),
  }),
  result: z.object({ captures: z.array(nearbyCaptureSchema).check(z.maxLength(MAX_NEARBY)) }),
  timeoutMs: 120_000,
});

/** Where the shown image is and where the viewer looks. */
export const currentViewSchema = z.object({
  id: imageIdSchema,
  sequenceId: z.optional(sequenceKeySchema),
  lon: z.number().check(z.gte(-180), z.lte(180)),
  lat: z.number().check(z.gte(-90), z.lte(90)),
  /** Degrees clockwise from north the viewer looks at. */
  bearing: z.number().check(z.gte(0), z.lt(360)),
});
/** Where the shown image is and where the viewer looks. */
export type CurrentView = z.infer<typeof currentViewSchema>;

/** What the viewer webview tells the host. */
export const viewerToHostSchema = z.discriminatedUnion('type', [
  /** The page is listening; the host answers with `show`. */
  z.object({ type: z.literal('ready') }),
  /** Another image is shown (stepping, a click on an arrow, a jump). */
  z.object({ type: z.literal('imageChanged'), view: currentViewSchema }),
  /** The viewer turned (dragging a panorama, or the image changed). */
  z.object({ type: z.literal('bearing'), bearing: z.number().check(z.gte(0), z.lt(360)) }),
  /** The first picture of an open is on screen (for the timings). */
  z.object({ type: z.literal('drawn'), imageId: imageIdSchema }),
  /** The viewer runs without WebGL, in its plain picture view. */
  z.object({ type: z.literal('fallback'), reason: z.string().check(z.maxLength(500)) }),
  /** The person asked to see the shown image in the Explorer tree. */
  z.object({ type: z.literal('revealInTree'), imageId: imageIdSchema }),
  /** Diagnostics for the extension's log. */
  z.object({
    type: z.literal('log'),
    level: z.enum(['info', 'warn', 'error']),
    message: z.string().check(z.maxLength(2000)),
  }),
]);
/** What the viewer webview tells the host. */
export type ViewerToHost = z.infer<typeof viewerToHostSchema>;

/** What the host tells the viewer webview. */
export const hostToViewerSchema = z.discriminatedUnion('type', [
  /**
   * Show this image (after `ready`, a map click, a tree item, Open Image), with one of its
   * detections highlighted when asked (a map feature's image).
   */
  z.object({
    type: z.literal('show'),
    imageId: imageIdSchema,
    highlightDetectionId: z.optional(detectionIdSchema),
  }),
]);
/** What the host tells the viewer webview. */
export type HostToViewer = z.infer<typeof hostToViewerSchema>;
