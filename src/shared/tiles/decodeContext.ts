// The caps of one tile decode and the state that counts against them as decoding goes.
import type { PbfReader } from 'pbf';
import { TileDecodeFailure } from './tileDecodeFailure';

/** Caps that bound what one tile may cost. */
export interface DecodeLimits {
  /** Vertices in the whole tile, closing vertices included. */
  maxVerticesPerTile: number;
  /** Vertices in one feature. */
  maxVerticesPerFeature: number;
  /** Features in the whole tile. */
  maxFeaturesPerTile: number;
  /** Layers in the tile. */
  maxLayers: number;
  /** Wall-clock time for one decode, in milliseconds. */
  timeLimitMs: number;
  /** The clock is read after every this many features or table entries. */
  checkTimeEvery: number;
}

/**
 * Defaults sized for Mapillary: a dense city's z14 tile (about 10 MB) fits, while a tile that
 * claims more is refused.
 */
export const DEFAULT_DECODE_LIMITS: Readonly<DecodeLimits> = {
  maxVerticesPerTile: 2_000_000,
  maxVerticesPerFeature: 200_000,
  maxFeaturesPerTile: 1_000_000,
  maxLayers: 256,
  timeLimitMs: 2_000,
  checkTimeEvery: 1024,
};

/** State shared by one decode. */
export class DecodeContext {
  readonly limits: DecodeLimits;
  readonly started = performance.now();
  features = 0;
  vertices = 0;
  layers = 0;
  private sinceCheck = 0;

  constructor(
    readonly reader: PbfReader,
    limits: Partial<DecodeLimits> | undefined,
  ) {
    this.limits = { ...DEFAULT_DECODE_LIMITS, ...limits };
  }

  /** Counts one unit of work and reads the clock every `checkTimeEvery` units. */
  tick(): void {
    if (++this.sinceCheck < this.limits.checkTimeEvery) return;
    this.sinceCheck = 0;
    this.checkTime();
  }

  checkTime(): void {
    const elapsed = performance.now() - this.started;
    if (elapsed > this.limits.timeLimitMs) {
      throw new TileDecodeFailure(
        'timeout',
        `decoding took over ${this.limits.timeLimitMs} ms (stopped after ${Math.round(elapsed)} ms)`,
      );
    }
  }

  elapsed(): number {
    return performance.now() - this.started;
  }
}
