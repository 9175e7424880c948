// The messages between the map and its decoding worker. Both ends are this webview's own code (the
// worker is started from a Blob of our bundle), so these are types, not schemas; what crosses the
// host channel is validated separately.
import type { DetectionShape } from '../shared/map/detectionPixels';
import type { RenderTile } from '../shared/map/renderTile';
import type { DetectionOutline } from '../shared/messages';

/** From the map to the worker. */
export type WorkerRequest =
  /** Decode a tile's bytes (transferred) into a render tile. */
  | { type: 'tile'; id: number; bytes: ArrayBuffer }
  /** Decode detection outlines (base64 MVT) into normalised polygons. */
  | { type: 'detections'; id: number; items: DetectionOutline[] };

/** From the worker to the map. */
export type WorkerResponse =
  | { type: 'tile'; id: number; ok: true; tile: RenderTile; decodeMs: number }
  | { type: 'tile'; id: number; ok: false; error: string }
  | { type: 'detections'; id: number; shapes: DetectionShape[]; failed: string[] };
