// The requests the map sends its drawing workers, declared once for both ends. A worker decodes
// the tiles given to it, keeps them, and draws them: the page gets a copy of each decoded tile (for
// picking and the legend) and, for each canvas, a finished bitmap to composite. Both ends are this
// webview's own code (the workers start from a Blob of our bundle), so answers are checked for
// their shape only. Written with zod's small build, as everything the worker loads.
import * as z from 'zod/mini';
import { bufferSchema } from '../shared/channel/binary';
import { defineRequest } from '../shared/channel/channelMessages';
import { renderTileSchema } from '../shared/map/decodeRequests';
import type { DrawCounts } from '../shared/map/drawView';
import type { MapSettings } from '../shared/map/mapSettings';
import { MAX_SELECTION } from '../shared/map/selectionLimits';
import { spriteIndexSchema } from '../shared/map/spriteIndex';

const keySchema = z.string().check(z.minLength(1), z.maxLength(100));
const countsSchema = z.custom<DrawCounts>(
  (value) => typeof (value as Partial<DrawCounts> | null)?.image === 'number',
  { message: 'expected draw counts' },
);
const bitmapSchema = z.custom<ImageBitmap | null>(
  (value) => value === null || (typeof ImageBitmap !== 'undefined' && value instanceof ImageBitmap),
  { message: 'expected an ImageBitmap or null' },
);
const settingsSchema = z.custom<MapSettings>(
  (value) => typeof (value as Partial<MapSettings> | null)?.filters === 'object',
  { message: 'expected map settings' },
);
const viewSchema = z.object({
  x0: z.number(),
  y0: z.number(),
  size: z.number().check(z.positive()),
  pixels: z.number().check(z.positive()),
  zoom: z.number(),
});

/** Decodes a tile's bytes (transferred) and keeps it under `key`; answers with a copy. */
export const loadTileRequest = defineRequest({
  method: 'loadTile',
  params: z.object({ key: keySchema, bytes: bufferSchema }),
  result: z.object({ tile: renderTileSchema, decodeMs: z.number() }),
  // The decoder stops itself after a few seconds per tile; this only catches a worker that hangs.
  timeoutMs: 60_000,
  transferParams: (params) => [params.bytes],
});

/** Forgets tiles no canvas shows any more. */
export const dropTilesRequest = defineRequest({
  method: 'dropTiles',
  params: z.object({ keys: z.array(keySchema).check(z.maxLength(1000)) }),
  result: z.object({}),
  timeoutMs: 30_000,
});

/** What decides how features look, for every draw after it (see DrawState). */
export const drawStateRequest = defineRequest({
  method: 'drawState',
  params: z.object({
    settings: settingsSchema,
    highlighted: z.array(z.string()).check(z.maxLength(MAX_SELECTION)),
    selected: z.array(z.string()).check(z.maxLength(MAX_SELECTION)),
    current: z.string().check(z.maxLength(100)),
  }),
  result: z.object({}),
  timeoutMs: 30_000,
});

/** The sprite atlas (PNG bytes, transferred) and its index, for drawing map features. */
export const spritesRequest = defineRequest({
  method: 'sprites',
  params: z.object({ png: bufferSchema, index: spriteIndexSchema }),
  result: z.object({ icons: z.number() }),
  timeoutMs: 60_000,
  transferParams: (params) => [params.png],
});

/**
 * Draws the tiles held under `keys` (in order) into a bitmap of `width` × `height` device pixels,
 * for the window `view`. The bitmap is null when nothing was drawn.
 */
export const drawTileRequest = defineRequest({
  method: 'drawTile',
  params: z.object({
    keys: z.array(keySchema).check(z.maxLength(8)),
    view: viewSchema,
    width: z.number().check(z.int(), z.positive(), z.maximum(4096)),
    height: z.number().check(z.int(), z.positive(), z.maximum(4096)),
  }),
  result: z.object({ bitmap: bitmapSchema, counts: countsSchema, drawMs: z.number() }),
  timeoutMs: 60_000,
  transferResult: (result) => (result.bitmap ? [result.bitmap] : []),
});
