// Which children of a low-zoom coverage tile hold an owner's sequences. The `sequence` layer from z6
// down carries each sequence's line and owner; a child is needed when a line of the owner passes
// through its quarter of the tile. Low zooms simplify lines, so each segment is widened by a margin
// before the quarters it meets are taken: a child read for nothing costs one tile, a child missed
// loses sequences.
import { type DecodedFeature, type DecodedLayer, type DecodedTile } from '../tiles/decodedTile';
import { featureProperty } from '../tiles/featureProperties';
import { type TileCoord } from '../tiles/tileMath';
import { type SequenceOwner, idText } from './sequenceCollector';

/** Tells whether a feature may belong to the owner. */
export type FeatureMatcher = (layer: DecodedLayer, feature: DecodedFeature) => boolean;

/**
 * The test a low-zoom tile can answer for `owner`. Only tiles served since 2025 carry `creator_id`:
 * a layer without that key cannot rule a creator out, so for a creator it keeps every feature (of the
 * organization, when one is also given) and the descent goes on below it.
 */
export function lowZoomMatcher(owner: SequenceOwner, matches: FeatureMatcher): FeatureMatcher {
  const knowsCreators = new WeakMap<DecodedLayer, boolean>();
  return (layer, feature) => {
    if (owner.creatorId === undefined) return matches(layer, feature);
    let knows = knowsCreators.get(layer);
    if (knows === undefined) {
      knows = layer.keys.includes('creator_id');
      knowsCreators.set(layer, knows);
    }
    if (knows) return matches(layer, feature);
    return (
      owner.organizationId === undefined ||
      idText(featureProperty(layer, feature, 'organization_id')) === owner.organizationId
    );
  };
}

/** Margin around each segment, as a fraction of the tile's extent (64 units of 4,096). */
export const CHILD_MARGIN = 1 / 64;

/**
 * The children (z + 1) of `tile` whose quarter holds a feature of the `sequence` layer that
 * `matches` accepts, north-west first.
 */
export function childrenWithSequences(
  tile: TileCoord,
  decoded: DecodedTile,
  matches: FeatureMatcher,
  margin = CHILD_MARGIN,
): TileCoord[] {
  // Bit 1 << (2 * row + column) for each quarter touched.
  let quarters = 0;
  for (const layer of decoded.layers) {
    if (layer.name !== 'sequence') continue;
    const extent = layer.extent;
    const half = extent / 2;
    const pad = extent * margin;
    const mark = (x0: number, y0: number, x1: number, y1: number): void => {
      // Parts beyond the tile's buffer belong to its neighbours.
      if (x1 < -pad || y1 < -pad || x0 > extent + pad || y0 > extent + pad) return;
      const west = x0 - pad < half;
      const east = x1 + pad >= half;
      const north = y0 - pad < half;
      const south = y1 + pad >= half;
      if (north && west) quarters |= 1;
      if (north && east) quarters |= 2;
      if (south && west) quarters |= 4;
      if (south && east) quarters |= 8;
    };
    for (const feature of layer.features) {
      if (quarters === 15) break;
      if (!matches(layer, feature)) continue;
      for (let p = feature.partStart; p < feature.partEnd; p++) {
        const start = layer.partStarts[p] ?? 0;
        const end = layer.partStarts[p + 1] ?? start;
        for (let v = start; v < end; v++) {
          const ax = layer.coords[2 * v] ?? 0;
          const ay = layer.coords[2 * v + 1] ?? 0;
          // A single vertex (a point, or a line cut down to one position) marks its own quarter.
          const next = v + 1 < end ? v + 1 : v;
          const bx = layer.coords[2 * next] ?? ax;
          const by = layer.coords[2 * next + 1] ?? ay;
          mark(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
        }
      }
    }
  }
  const children: TileCoord[] = [];
  for (let q = 0; q < 4; q++) {
    if (quarters & (1 << q)) {
      children.push({ z: tile.z + 1, x: 2 * tile.x + (q & 1), y: 2 * tile.y + (q >> 1) });
    }
  }
  return children;
}
