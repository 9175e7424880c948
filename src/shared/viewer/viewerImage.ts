// What the viewer webview is told about an image: the fields MapillaryJS reads (position, camera,
// size, orientation, reconstruction), checked and shaped on the host from the Graph entity, and
// never a URL. Pictures are asked for by image id and size (see viewerHandles.ts). Written with
// zod's small build, like the rest of what both sides of a channel load.
import * as z from 'zod/mini';
import { imageIdSchema, sequenceKeySchema } from '../ids';

const finite = z.number().check(z.refine((n) => Number.isFinite(n), { message: 'not finite' }));
const longitude = z.number().check(z.gte(-180), z.lte(180));
const latitude = z.number().check(z.gte(-90), z.lte(90));
const angle = z.number().check(z.gte(0), z.lt(360));

/** The camera models MapillaryJS draws (the service's other names are mapped onto these). */
export const CAMERA_TYPES = ['perspective', 'fisheye', 'spherical'] as const;
/** One of {@link CAMERA_TYPES}. */
export type CameraType = (typeof CAMERA_TYPES)[number];

/** Where an image is and which sequence holds it: what a map cell and a full image both say. */
const coreFields = {
  id: imageIdSchema,
  sequenceId: sequenceKeySchema,
  /** The position the camera reported. */
  lon: longitude,
  lat: latitude,
  /** The position the reconstruction computed, when there is one. */
  computedLon: z.optional(longitude),
  computedLat: z.optional(latitude),
};

/** One image as the viewer takes it (see the file comment). */
export const viewerImageSchema = z.object({
  ...coreFields,
  altitude: z.optional(finite),
  computedAltitude: z.optional(finite),
  /** Degrees clockwise from north, as reported and as computed. */
  compassAngle: z.optional(angle),
  computedCompassAngle: z.optional(angle),
  /** The camera's rotation as an angle-axis vector (radians), from the reconstruction. */
  computedRotation: z.optional(z.tuple([finite, finite, finite])),
  atomicScale: z.optional(finite),
  /** The reconstruction the image belongs to (the service's `merge_cc`, as text). */
  mergeId: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  cameraType: z.enum(CAMERA_TYPES),
  cameraParameters: z.array(finite).check(z.maxLength(8)),
  /** The original picture's size in pixels. */
  width: z.number().check(z.int(), z.positive(), z.lte(100_000)),
  height: z.number().check(z.int(), z.positive(), z.lte(100_000)),
  /** EXIF orientation 1 to 8. */
  exifOrientation: z.number().check(z.int(), z.gte(1), z.lte(8)),
  /** Milliseconds since the epoch; 0 when unknown. */
  capturedAt: finite,
  creatorId: z.optional(z.string().check(z.maxLength(64))),
  creatorName: z.optional(z.string().check(z.maxLength(200))),
  organizationId: z.optional(z.string().check(z.maxLength(64))),
  qualityScore: z.optional(finite),
  isPano: z.boolean(),
});
/** One image as the viewer takes it. */
export type ViewerImage = z.infer<typeof viewerImageSchema>;

/** An image of a map cell, as the coverage tiles give it (MapillaryJS's "core" image). */
export const cellImageSchema = z.object(coreFields);
/** An image of a map cell. */
export type CellImage = z.infer<typeof cellImageSchema>;

/** An image of another sequence near the current one ("other captures here"). */
export const nearbyCaptureSchema = z.object({
  id: imageIdSchema,
  sequenceId: sequenceKeySchema,
  /** Milliseconds since the epoch, when the tile says. */
  capturedAt: z.optional(finite),
  distanceM: z.number().check(z.gte(0)),
  isPano: z.optional(z.boolean()),
  compassAngle: z.optional(finite),
});
/** An image of another sequence near the current one. */
export type NearbyCapture = z.infer<typeof nearbyCaptureSchema>;
