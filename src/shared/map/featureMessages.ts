// The requests of the map's feature panel, its creator filter and its icons, declared once for the
// webview and the extension host (see channel/requestChannel): a clicked map feature's details and
// the images that detected it, a creator's username resolved to an id, and the sprite atlas.
import { z } from 'zod';
import { binarySchema } from '../channel/binary';
import { defineRequest } from '../channel/channelMessages';
import { idSchema, imageIdSchema, detectionIdSchema } from '../ids';
import { pictureSchema } from '../messages';
import { usernameSchema } from './mapSettings';
import { spriteIndexSchema } from './spriteIndex';

/** Most detecting images a feature panel lists, and how many of them come with a thumbnail. */
export const MAX_FEATURE_IMAGES = 50;
export const MAX_FEATURE_THUMBNAILS = 12;

const timeSchema = z.number().nonnegative().nullable();

/** One image that detected a feature: the detection, when the image was taken, its thumbnail. */
export const featureImageSchema = z.object({
  imageId: imageIdSchema,
  detectionId: detectionIdSchema,
  /** Capture time in ms since the epoch, or null when the service did not say. */
  capturedAt: timeSchema,
  /** A small thumbnail (256 px), or null when it was not fetched or could not be had. */
  thumbnail: pictureSchema.nullable(),
});
export type FeatureImage = z.infer<typeof featureImageSchema>;

/** Everything the feature panel shows about one map feature. */
export const featureAnswerSchema = z.object({
  feature: z.object({
    id: idSchema('mapFeature'),
    /** The value, e.g. `regulatory--stop--g1` ('' when the service did not say). */
    value: z.string().max(200),
    /** `traffic_sign` or `point`, as the service says; '' when it did not. */
    objectType: z.string().max(40),
    firstSeenAt: timeSchema,
    lastSeenAt: timeSchema,
    /** Direction the feature faces, degrees clockwise from north, or null. */
    alignedDirection: z.number().min(-360).max(720).nullable(),
    /** `[lng, lat]`, or null. */
    position: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).nullable(),
  }),
  /** The detecting images, newest first. */
  images: z.array(featureImageSchema).max(MAX_FEATURE_IMAGES),
  /** How many detections the feature has in all (more than `images` lists, when capped). */
  detections: z.number().int().nonnegative(),
  /** What the host left out, and why. */
  notes: z.array(z.string().max(300)).max(10),
});
export type FeatureAnswer = z.infer<typeof featureAnswerSchema>;

/** A clicked map feature: its details and the images that detected it. */
export const openFeatureRequest = defineRequest({
  method: 'openFeature',
  params: z.object({ featureId: idSchema('mapFeature') }),
  result: featureAnswerSchema,
  timeoutMs: 120_000,
});

/**
 * A creator's username resolved to the user id the tiles carry (once; the host remembers it).
 * Fails with a message saying what to do when nobody of that name has images.
 */
export const resolveCreatorRequest = defineRequest({
  method: 'resolveCreator',
  params: z.object({ username: usernameSchema }),
  result: z.object({ id: idSchema('creator'), username: usernameSchema }),
  timeoutMs: 60_000,
});

/** The sprite atlas of feature icons: the PNG's bytes and the index of where each icon is. */
export const spriteAtlasRequest = defineRequest({
  method: 'spriteAtlas',
  params: z.object({}),
  result: z.object({ png: binarySchema, index: spriteIndexSchema }),
  timeoutMs: 60_000,
});
