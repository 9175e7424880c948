// Finding what is under the pointer and what is inside a box, in one tile's coordinates, through
// the tile's grid. The layer converts screen positions to tile coordinates and merges the answers
// of neighbouring tiles.
import { compileFeatureFilter } from './featureFilter';
import { featureName } from './featureNames';
import { compileFilter } from './mapFilters';
import type { MapSettings } from './mapSettings';
import {
  FLAG_PANO,
  type LineSet,
  type PointKind,
  type PointSet,
  type RenderTile,
} from './renderTile';
import { isId } from '../ids';
import { COVERAGE_ZOOM } from '../tiles/tileMath';
import { forEachInBox } from './tileGrid';

/** The feature found under the pointer. */
export interface FeaturePick {
  /** `sequence` for a line, otherwise the point layer's kind. */
  kind: PointKind | 'sequence';
  /** Feature index within its layer. */
  index: number;
  /** The id to open: image id, key image id of a sequence, or map feature id (may be empty). */
  id: string;
  /** Distance from the query in tile coordinates. */
  distance: number;
  /** Map feature value, for features. */
  value?: string;
  /** Sequence key, when known. */
  sequenceId?: string;
  /** Capture time (images) or first seen (features) in ms since the epoch; 0 when unknown. */
  capturedAt?: number;
  /** Whether the image is a panorama, for images. */
  pano?: boolean;
}

/** The label of a picked feature, as the hover label shows it. */
export function describePick(pick: FeaturePick): string {
  switch (pick.kind) {
    case 'point':
    case 'traffic_sign':
      return pick.value ? featureName(pick.value) : 'Map feature';
    case 'sequence':
      return `Sequence ${pick.sequenceId ?? ''}`;
    default:
      return pick.id ? `Image ${pick.id}` : 'Image';
  }
}

/**
 * The image a click on `pick` opens: an image's own id, or the key image of a sequence line or an
 * overview point; none for map features, or when the tile's id is not an image id.
 */
export function imageToOpen(pick: FeaturePick): string | undefined {
  const opens = pick.kind === 'image' || pick.kind === 'overview' || pick.kind === 'sequence';
  return opens && isId('image', pick.id) ? pick.id : undefined;
}

/** Which kinds a pick may return at a zoom, given the layers switched on. */
export function pickableKinds(zoom: number, settings: MapSettings): Set<FeaturePick['kind']> {
  const kinds = new Set<FeaturePick['kind']>();
  if (settings.layers.coverage) {
    if (zoom <= 5) kinds.add('overview');
    if (zoom >= 6 && zoom < COVERAGE_ZOOM) kinds.add('sequence');
    if (zoom >= COVERAGE_ZOOM) kinds.add('image');
  }
  // Map features come in tiles of the coverage zoom only.
  if (zoom >= COVERAGE_ZOOM) {
    if (settings.layers.points) kinds.add('point');
    if (settings.layers.signs) kinds.add('traffic_sign');
  }
  return kinds;
}

function segmentDistanceSq(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  let t = len > 0 ? ((px - ax) * dx + (py - ay) * dy) / len : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/** The feature a line vertex belongs to, by binary search over parts then features. */
export function featureOfVertex(lines: LineSet, vertex: number): number {
  const upper = (array: Uint32Array, value: number, n: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((array[mid] ?? 0) <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  };
  const part = upper(lines.partStarts, vertex, lines.partStarts.length - 1);
  return upper(lines.featureParts, part, lines.count);
}

function nearestPoint(
  set: PointSet,
  tile: RenderTile,
  x: number,
  y: number,
  radius: number,
  settings: MapSettings,
): FeaturePick | undefined {
  const test = pointTest(set, tile, settings);
  let best = -1;
  let bestSq = radius * radius;
  forEachInBox(set.grid, x - radius, y - radius, x + radius, y + radius, (i) => {
    const dx = (set.xy[2 * i] ?? 0) - x;
    const dy = (set.xy[2 * i + 1] ?? 0) - y;
    const d = dx * dx + dy * dy;
    if (d > bestSq) return;
    if (test && !test(i)) return;
    best = i;
    bestSq = d;
  });
  if (best < 0) return undefined;
  return pointPick(set, tile, best, Math.sqrt(bestSq));
}

// The filter test of a point layer: the image filters for coverage, the feature filters for map
// features; undefined when everything passes.
function pointTest(
  set: PointSet,
  tile: RenderTile,
  settings: MapSettings,
): ((i: number) => boolean) | undefined {
  if (set.kind === 'point' || set.kind === 'traffic_sign') {
    const filter = compileFeatureFilter(settings.filters, tile);
    return filter.all ? undefined : (i) => filter.test(set, i);
  }
  const filter = compileFilter(settings.filters, tile);
  return filter.all ? undefined : (i) => filter.test(set, i);
}

function pointPick(set: PointSet, tile: RenderTile, i: number, distance: number): FeaturePick {
  const value = set.value[i] ?? -1;
  const sequence = set.sequence[i] ?? -1;
  const flags = set.flags[i] ?? 0;
  return {
    kind: set.kind,
    index: i,
    id: set.ids[i] ?? '',
    distance,
    capturedAt: set.capturedAt[i] ?? 0,
    ...(set.kind === 'image' || set.kind === 'overview'
      ? { pano: Boolean(flags & FLAG_PANO) }
      : {}),
    ...(value >= 0 ? { value: tile.strings[value] } : {}),
    ...(sequence >= 0 ? { sequenceId: tile.strings[sequence] } : {}),
  };
}

/**
 * Every image point within `radius` of `(x, y)` (tile coordinates) that passes the filters,
 * nearest first, at most `limit`: what a click on overlapping points may have meant.
 */
export function imagesNear(
  tile: RenderTile,
  x: number,
  y: number,
  radius: number,
  settings: MapSettings,
  limit: number,
): FeaturePick[] {
  const out: FeaturePick[] = [];
  for (const set of tile.points) {
    if (set.kind !== 'image') continue;
    const test = pointTest(set, tile, settings);
    forEachInBox(set.grid, x - radius, y - radius, x + radius, y + radius, (i) => {
      const d = Math.hypot((set.xy[2 * i] ?? 0) - x, (set.xy[2 * i + 1] ?? 0) - y);
      if (d > radius || (test && !test(i))) return;
      out.push(pointPick(set, tile, i, d));
    });
  }
  return out.sort((a, b) => a.distance - b.distance).slice(0, limit);
}

function nearestLine(
  lines: LineSet,
  tile: RenderTile,
  x: number,
  y: number,
  radius: number,
  settings: MapSettings,
): FeaturePick | undefined {
  const filter = compileFilter(settings.filters, tile);
  let bestVertex = -1;
  let bestSq = radius * radius;
  const xy = lines.xy;
  forEachInBox(lines.grid, x - radius, y - radius, x + radius, y + radius, (v) => {
    const d = segmentDistanceSq(
      x,
      y,
      xy[2 * v] ?? 0,
      xy[2 * v + 1] ?? 0,
      xy[2 * v + 2] ?? 0,
      xy[2 * v + 3] ?? 0,
    );
    if (d > bestSq) return;
    if (!filter.all && !filter.test(lines, featureOfVertex(lines, v))) return;
    bestVertex = v;
    bestSq = d;
  });
  if (bestVertex < 0) return undefined;
  const index = featureOfVertex(lines, bestVertex);
  const sequence = lines.sequence[index] ?? -1;
  return {
    kind: 'sequence',
    index,
    id: lines.ids[index] ?? '',
    distance: Math.sqrt(bestSq),
    ...(sequence >= 0 ? { sequenceId: tile.strings[sequence] } : {}),
  };
}

/**
 * The nearest pickable feature within `radius` of `(x, y)` (tile coordinates), or undefined.
 * Features (signs, points) win over images when both are within reach, since they are drawn on top.
 */
export function pickNearest(
  tile: RenderTile,
  x: number,
  y: number,
  radius: number,
  kinds: Set<FeaturePick['kind']>,
  settings: MapSettings,
): FeaturePick | undefined {
  let best: FeaturePick | undefined;
  let bestRank = Infinity;
  for (const set of tile.points) {
    if (!kinds.has(set.kind)) continue;
    const found = nearestPoint(set, tile, x, y, radius, settings);
    if (!found) continue;
    const feature = set.kind === 'point' || set.kind === 'traffic_sign';
    // Features are drawn over images: prefer them within reach by ranking them closer.
    const rank = found.distance * (feature ? 0.5 : 1);
    if (rank < bestRank) {
      best = found;
      bestRank = rank;
    }
  }
  if (tile.lines && kinds.has('sequence')) {
    const found = nearestLine(tile.lines, tile, x, y, radius, settings);
    if (found && found.distance < bestRank) best = found;
  }
  return best;
}

/** Ids of the image points inside a box (tile coordinates) that pass the filters. */
export function imagesInBox(
  tile: RenderTile,
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
  settings: MapSettings,
  out: Set<string>,
): void {
  const filter = compileFilter(settings.filters, tile);
  for (const set of tile.points) {
    if (set.kind !== 'image') continue;
    forEachInBox(set.grid, minX, minY, maxX, maxY, (i) => {
      const px = set.xy[2 * i] ?? 0;
      const py = set.xy[2 * i + 1] ?? 0;
      if (px < minX || px > maxX || py < minY || py > maxY) return;
      if (!filter.all && !filter.test(set, i)) return;
      const id = set.ids[i];
      if (id) out.add(id);
    });
  }
}
