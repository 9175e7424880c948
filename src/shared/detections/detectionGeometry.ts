// Decodes a detection's `geometry`: a base64 vector tile whose one layer (`mpy-or`) outlines the
// detected object in image space, y pointing down from the image's top-left corner. Traffic signs
// come as an MVT v1 rectangle, segmentations as MVT v2 outlines with several features and holes;
// every feature and every ring is kept. The bounded decoder does the reading, so a corrupt or
// hostile geometry costs one detection.
import { decodeTile, type DecodeLimits } from '../tiles/boundedDecoder';
import type {
  DecodedLayer,
  GeometryType,
  PropertyValue,
  TileDecodeReason,
} from '../tiles/decodedTile';
import { featureParts } from '../tiles/featureParts';
import { featureProperties } from '../tiles/featureProperties';
import { decodeBase64 } from './base64';
import { groupRings, type Ring } from './polygonRings';

/** The layer Mapillary puts detection outlines in. */
export const DETECTION_LAYER = 'mpy-or';

/** Caps for one detection geometry: far above real outlines (a few hundred vertices). */
export const DETECTION_DECODE_LIMITS: Readonly<Partial<DecodeLimits>> = {
  maxVerticesPerTile: 200_000,
  maxVerticesPerFeature: 100_000,
  maxFeaturesPerTile: 10_000,
  maxLayers: 16,
  timeLimitMs: 500,
};

/** One detected outline feature. */
export interface DetectionFeature {
  id: string | undefined;
  type: GeometryType;
  properties: Record<string, PropertyValue>;
  /**
   * Polygons, each an outer ring followed by its holes, as `[x, y]` normalised by the layer's
   * extent: 0..1 across the image, y down, not clamped (outlines may touch or cross the border).
   * Rings are closed (the last point repeats the first). A point or line feature gives one
   * single-part "polygon" per part.
   */
  polygons: Ring[][];
  /** The same polygons in pixels (normalised × width, × height); present when a size was given. */
  pixelPolygons?: Ring[][];
}

/** A decoded detection geometry. */
export interface DetectionGeometry {
  /** The layer read (normally `mpy-or`); undefined when the geometry holds no layer. */
  layer: string | undefined;
  version: number;
  extent: number;
  features: DetectionFeature[];
}

/** Why a detection geometry could not be decoded. */
export type DetectionDecodeReason = 'invalid-base64' | 'invalid-image-size' | TileDecodeReason;

/** A typed detection decode failure. */
export interface DetectionDecodeError {
  reason: DetectionDecodeReason;
  message: string;
}

/** Result of {@link decodeDetectionGeometry}; never thrown. */
export type DetectionDecodeResult =
  { ok: true; value: DetectionGeometry } | { ok: false; error: DetectionDecodeError };

/** Options for {@link decodeDetectionGeometry}. */
export interface DetectionDecodeOptions {
  /** Image width in pixels; with `height`, pixel coordinates are added. */
  width?: number;
  /** Image height in pixels. */
  height?: number;
  /** Overrides of {@link DETECTION_DECODE_LIMITS}. */
  limits?: Partial<DecodeLimits>;
}

function pickLayer(layers: DecodedLayer[]): DecodedLayer | undefined {
  return layers.find((layer) => layer.name === DETECTION_LAYER) ?? layers[0];
}

function scaleRings(polygons: Ring[][], sx: number, sy: number): Ring[][] {
  return polygons.map((rings) => rings.map((ring) => ring.map(([x, y]) => [x * sx, y * sy])));
}

function checkSize(width: number | undefined, height: number | undefined): string | undefined {
  if (width === undefined && height === undefined) return undefined;
  if (width === undefined || height === undefined) return 'give both the width and the height';
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0) return `${name} must be a positive number`;
  }
  return undefined;
}

/**
 * Decodes a detection's base64 `geometry` into normalised (and, given the image size, pixel)
 * polygons. Prefers the `mpy-or` layer and falls back to the first layer. Never throws.
 */
export function decodeDetectionGeometry(
  base64: string,
  options: DetectionDecodeOptions = {},
): DetectionDecodeResult {
  const { width, height } = options;
  const sizeProblem = checkSize(width, height);
  if (sizeProblem)
    return { ok: false, error: { reason: 'invalid-image-size', message: sizeProblem } };
  const decoded = decodeBase64(base64);
  if (!decoded.ok)
    return { ok: false, error: { reason: 'invalid-base64', message: decoded.message } };
  const tile = decodeTile(decoded.bytes, { ...DETECTION_DECODE_LIMITS, ...options.limits });
  if (!tile.ok) return tile;
  const layer = pickLayer(tile.value.layers);
  if (!layer)
    return { ok: true, value: { layer: undefined, version: 2, extent: 4096, features: [] } };
  const features = layer.features.map((feature): DetectionFeature => {
    const { extent } = layer;
    const parts: Ring[] = featureParts(layer, feature).map((part) =>
      part.map((p): [number, number] => [p.x / extent, p.y / extent]),
    );
    const polygons = feature.type === 3 ? groupRings(parts, layer.version) : parts.map((p) => [p]);
    const result: DetectionFeature = {
      id: feature.id,
      type: feature.type,
      properties: featureProperties(layer, feature),
      polygons,
    };
    if (width !== undefined && height !== undefined) {
      result.pixelPolygons = scaleRings(polygons, width, height);
    }
    return result;
  });
  return {
    ok: true,
    value: { layer: layer.name, version: layer.version, extent: layer.extent, features },
  };
}
