// The requests the map sends its workers that the page's tests can declare without the DOM (the
// drawing requests are in webview/workerRequests.ts), declared once for both ends. Both ends are this
// webview's own code (the worker starts from a Blob of our bundle), so the answers are checked for
// their shape only: a full check of a render tile's typed arrays would cost what the worker saves.
// Written with zod's small build, as everything the worker loads (see channel/channelMessages).
import * as z from 'zod/mini';
import { defineRequest } from '../channel/channelMessages';
import type { DetectionShape } from './detectionPixels';
import { detectionOutlineSchema, MAX_DETECTIONS } from './detectionOutline';
import type { RenderTile } from './renderTile';

/** A render tile, checked for its shape only. */
export const renderTileSchema = z.custom<RenderTile>(
  (value) => {
    const tile = value as Partial<RenderTile> | null;
    return (
      typeof tile?.extent === 'number' &&
      Array.isArray(tile.strings) &&
      Array.isArray(tile.points) &&
      typeof tile.featureCount === 'number'
    );
  },
  { message: 'expected a render tile' },
);

const detectionShapeSchema = z.custom<DetectionShape>(
  (value) => {
    const shape = value as Partial<DetectionShape> | null;
    return (
      typeof shape?.id === 'string' &&
      typeof shape.value === 'string' &&
      Array.isArray(shape.polygons)
    );
  },
  { message: 'expected a detection shape' },
);

/** Decodes detection outlines (base64 MVT) into polygons; `failed` lists those it could not. */
export const decodeDetectionsRequest = defineRequest({
  method: 'decodeDetections',
  params: z.object({
    items: z.array(detectionOutlineSchema).check(z.maxLength(MAX_DETECTIONS)),
  }),
  result: z.object({
    shapes: z.array(detectionShapeSchema).check(z.maxLength(MAX_DETECTIONS)),
    failed: z.array(z.string()).check(z.maxLength(MAX_DETECTIONS)),
  }),
  timeoutMs: 60_000,
});
