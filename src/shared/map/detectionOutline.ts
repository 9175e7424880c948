// One detection as the host hands it to the map: its id, its class and its outline as the service
// sends it (base64 MVT), with the limits an image answer keeps to. Shared by the host's answer and
// the decoding worker's request, so it is written with zod's small build (see channel/binary).
import * as z from 'zod/mini';
import { detectionIdSchema } from '../ids';

/** Most detections one image answer carries; the host leaves the rest out and says so. */
export const MAX_DETECTIONS = 5000;
/** Longest detection geometry (base64) one detection may carry. */
export const MAX_DETECTION_GEOMETRY = 1024 * 1024;
/** Longest detection class value. */
export const MAX_DETECTION_VALUE = 200;

/** One detection of an image: its class and its outline as the service sends it (base64 MVT). */
export const detectionOutlineSchema = z.object({
  id: detectionIdSchema,
  value: z.string().check(z.maxLength(MAX_DETECTION_VALUE)),
  geometry: z.string().check(z.maxLength(MAX_DETECTION_GEOMETRY), z.regex(/^[A-Za-z0-9+/=_-]*$/)),
});
export type DetectionOutline = z.infer<typeof detectionOutlineSchema>;
