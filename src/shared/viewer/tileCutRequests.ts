// The one request the viewer page makes of its tile-cutting worker: cut a region out of a picture
// and encode it as a JPEG tile (see webview/viewer/tileCutter.ts). The picture's bytes travel with
// each request (transferred), and the worker keeps the few pictures it decoded last by `key`.
import * as z from 'zod/mini';
import { bufferSchema } from '../channel/binary';
import { defineRequest } from '../channel/channelMessages';

const fraction = z.number().check(z.gte(0), z.lte(1));
const pixels = z.number().check(z.int(), z.positive(), z.lte(4096));

/** Cuts one tile (see the file comment). */
export const cutTileRequest = defineRequest({
  method: 'cutTile',
  params: z.object({
    /** Names the picture (`<image id>:<size>`): the worker decodes each picture once. */
    key: z.string().check(z.minLength(1), z.maxLength(80)),
    bytes: bufferSchema,
    mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
    /** The region, as fractions of the picture, and the tile's size in pixels. */
    region: z.object({
      left: fraction,
      top: fraction,
      right: fraction,
      bottom: fraction,
      pixelsX: pixels,
      pixelsY: pixels,
    }),
  }),
  result: z.object({ bytes: bufferSchema }),
  timeoutMs: 60_000,
  transferParams: (params) => [params.bytes],
  transferResult: (result) => [result.bytes],
});
