// Binary data crossing a channel (tiles, pictures): an `ArrayBuffer`, or a `Uint8Array` over one,
// within one size limit. Written with zod's small build, like everything the decoding worker loads.
import * as z from 'zod/mini';

/** Largest binary body sent over a channel (the core refuses bigger tiles before this). */
export const MAX_TILE_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Binary data within {@link MAX_TILE_MESSAGE_BYTES}. */
export const binarySchema = z.custom<ArrayBuffer | Uint8Array>(
  (value) =>
    (value instanceof ArrayBuffer || value instanceof Uint8Array) &&
    value.byteLength <= MAX_TILE_MESSAGE_BYTES,
  { message: 'expected binary data within the size limit' },
);

/** An `ArrayBuffer` within {@link MAX_TILE_MESSAGE_BYTES} (what a worker is handed). */
export const bufferSchema = z.custom<ArrayBuffer>(
  (value) => value instanceof ArrayBuffer && value.byteLength <= MAX_TILE_MESSAGE_BYTES,
  { message: 'expected an ArrayBuffer within the size limit' },
);
