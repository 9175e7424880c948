// Decoding tiles for the decoder's tests: the full decode and inspect must never throw, must agree
// on success, and must name a known reason for any refusal.
import { strict as assert } from 'node:assert';
import {
  type DecodeLimits,
  decodeTile,
  inspectTile,
} from '../../../src/shared/tiles/boundedDecoder';
import type {
  DecodedTile,
  TileDecodeReason,
  TileDecodeResult,
} from '../../../src/shared/tiles/decodedTile';

/** Every reason a tile decode may give for a refusal. */
export const TILE_DECODE_REASONS: readonly TileDecodeReason[] = [
  'truncated',
  'too-many-vertices',
  'too-many-features',
  'timeout',
  'not-a-tile',
  'corrupt',
];

// Decodes with the full decoder and with inspect, checking that neither throws and both agree on
// success; returns the full decode's result. The wall-clock limit is lifted unless a test sets it (a
// loaded machine must not turn a slow decode into a timeout); the count limits bound the work, and a
// decode that did not end would fail by the suite's timeout.
export function bounded(
  bytes: Uint8Array,
  given?: Partial<DecodeLimits>,
): TileDecodeResult<DecodedTile> {
  const limits = { timeLimitMs: Number.POSITIVE_INFINITY, ...given };
  const result = decodeTile(bytes, limits);
  const summary = inspectTile(bytes, limits);
  if (!result.ok) {
    assert.ok(TILE_DECODE_REASONS.includes(result.error.reason), result.error.reason);
    assert.ok(result.error.message.length > 0);
  }
  assert.equal(summary.ok, result.ok);
  return result;
}

/** Decodes, expecting a refusal for `reason` with a message that matches. */
export function expectFailure(
  bytes: Uint8Array,
  reason: TileDecodeReason,
  message?: RegExp,
  limits?: Partial<DecodeLimits>,
): void {
  const result = bounded(bytes, limits);
  assert.ok(!result.ok, 'expected a failure');
  assert.equal(result.error.reason, reason, result.error.message);
  if (message) assert.match(result.error.message, message);
}
