// Decoding detection geometry for the tests: the decoder must never throw, and must name a known
// reason for any refusal.
import { strict as assert } from 'node:assert';
import {
  type DetectionDecodeResult,
  decodeDetectionGeometry,
} from '../../../src/shared/detections/detectionGeometry';
import { TILE_DECODE_REASONS } from '../tiles/boundedDecode';

// A detection's geometry is a base64 vector tile: the tile's reasons, and two of its own.
const REASONS = new Set<string>(['invalid-base64', 'invalid-image-size', ...TILE_DECODE_REASONS]);

// Decodes, checking that the decoder never throws and names a known reason for a refusal. The
// wall-clock limit is lifted (a loaded machine must not turn a slow decode into a timeout); the
// count limits bound the work, and a decode that did not end would fail by the suite's timeout.
export function decode(
  text: string,
  options: Parameters<typeof decodeDetectionGeometry>[1] = {},
): DetectionDecodeResult {
  let result: DetectionDecodeResult;
  try {
    result = decodeDetectionGeometry(text, {
      ...options,
      limits: { timeLimitMs: Number.POSITIVE_INFINITY, ...options.limits },
    });
  } catch (error) {
    assert.fail(`decodeDetectionGeometry threw: ${String(error)}`);
  }
  if (!result.ok) {
    assert.ok(REASONS.has(result.error.reason), result.error.reason);
    assert.ok(result.error.message.length > 0);
  }
  return result;
}
