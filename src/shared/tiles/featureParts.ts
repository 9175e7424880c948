// Turns a feature's flat geometry back into arrays of points, for code that prefers objects to
// offsets (exports, tests, detections). Drawing code should walk the flat arrays directly.
import type { DecodedFeature, DecodedLayer } from './decodedTile';

/** A vertex in tile coordinates. */
export interface TilePoint {
  x: number;
  y: number;
}

/** The feature's parts (points, lines or rings) as arrays of `{x, y}`, like `loadGeometry()`. */
export function featureParts(layer: DecodedLayer, feature: DecodedFeature): TilePoint[][] {
  const parts: TilePoint[][] = [];
  for (let p = feature.partStart; p < feature.partEnd; p++) {
    const start = layer.partStarts[p] ?? 0;
    const end = layer.partStarts[p + 1] ?? start;
    const part: TilePoint[] = new Array<TilePoint>(end - start);
    for (let v = start; v < end; v++) {
      part[v - start] = { x: layer.coords[2 * v] ?? 0, y: layer.coords[2 * v + 1] ?? 0 };
    }
    parts.push(part);
  }
  return parts;
}
