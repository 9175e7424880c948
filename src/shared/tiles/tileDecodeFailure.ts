// The exception the bounded decoder throws internally to unwind from deep inside a tile; its
// public functions catch it and return a typed failure, so it never reaches a caller.
import type { TileDecodeReason } from './decodedTile';

/** A decode failure with its reason, thrown inside the decoder and caught at its entry points. */
export class TileDecodeFailure extends Error {
  constructor(
    readonly reason: TileDecodeReason,
    message: string,
  ) {
    super(message);
    this.name = 'TileDecodeFailure';
  }
}
