// Turns the bytes of a file drawn over the map into its checked features: GeoJSON text (UTF-8) or
// FlatGeobuf. It runs in the map's overlay worker, so parsing a large file never holds up the page.
import { flatGeobufFeatureCollection } from './flatGeobufFeatures';
import {
  type OverlayFeatures,
  type OverlayLimits,
  DEFAULT_OVERLAY_LIMITS,
  OverlayError,
  overlayFeaturesOf,
} from './overlayFeatures';
import { MAX_OVERLAY_BYTES, type OverlayWireFormat, mib } from './overlayLimits';

/** Decodes and checks a file's features; throws an {@link OverlayError} that says what to do. */
export function decodeOverlay(
  bytes: Uint8Array,
  format: OverlayWireFormat,
  limits: Partial<OverlayLimits> = {},
): OverlayFeatures {
  if (bytes.length > MAX_OVERLAY_BYTES) {
    throw new OverlayError(
      `The file is ${mib(bytes.length)}, more than the ${mib(MAX_OVERLAY_BYTES)} the map draws: ` +
        'draw a part of it, or save it as FlatGeobuf, which is smaller.',
    );
  }
  if (format === 'fgb') {
    const maxFeatures = limits.maxFeatures ?? DEFAULT_OVERLAY_LIMITS.maxFeatures;
    return overlayFeaturesOf(flatGeobufFeatureCollection(bytes, maxFeatures), limits);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new OverlayError('The file is not UTF-8 text: save it as UTF-8 GeoJSON.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : 'not JSON';
    throw new OverlayError(`The file is not valid JSON (${detail}).`);
  }
  return overlayFeaturesOf(value, limits);
}
