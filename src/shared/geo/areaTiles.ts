// Which tiles of the pyramid an area needs. A quadtree walk from the world tile hands each tile only
// the area's edges that cross its parent, so the cost follows the area's outline (the tiles its edges
// cross) rather than its surface, and a country-sized area is counted at every zoom in milliseconds.
import { type Bbox } from '../api/bbox';
import { COVERAGE_ZOOM, type TileCoord, tileToBbox } from '../tiles/tileMath';
import { type Area, type BoxPlacement, classifyBox, pointInArea, segmentCrossesBox } from './area';

/** How a tile lies against an area. */
export function classifyTile(area: Area, tile: TileCoord): BoxPlacement {
  return classifyBox(area, tileToBbox(tile));
}

/** Every edge of the area as `ax, ay, bx, by` quadruples. */
function areaEdges(area: Area): Float64Array {
  const out: number[] = [];
  for (const polygon of area.polygons) {
    for (const ring of polygon.rings) {
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1] as [number, number];
        const b = ring[i] as [number, number];
        out.push(a[0], a[1], b[0], b[1]);
      }
    }
  }
  return Float64Array.from(out);
}

function crossing(edges: Float64Array, subset: readonly number[], box: Bbox): number[] {
  const out: number[] = [];
  for (const e of subset) {
    const k = 4 * e;
    if (
      segmentCrossesBox(
        edges[k] as number,
        edges[k + 1] as number,
        edges[k + 2] as number,
        edges[k + 3] as number,
        box,
      )
    ) {
      out.push(e);
    }
  }
  return out;
}

/**
 * Walks the tiles from z0 down to `maxZoom` that are not outside the area. `visit` is called once
 * per 'partial' tile and once per 'inside' tile whose parent was partial (its descendants are all
 * inside too and are not visited). Return false from `visit` to skip a partial tile's children.
 */
export function walkAreaTiles(
  area: Area,
  maxZoom: number,
  visit: (tile: TileCoord, placement: 'inside' | 'partial') => boolean,
): void {
  const edges = areaEdges(area);
  const all = Array.from({ length: edges.length / 4 }, (_, i) => i);
  const step = (tile: TileCoord, subset: readonly number[]): void => {
    const box = tileToBbox(tile);
    const inner = crossing(edges, subset, box);
    if (inner.length === 0) {
      // No edge enters the tile: it lies wholly on one side of the outline.
      const centre = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2] as const;
      if (pointInArea(area, centre[0], centre[1])) visit(tile, 'inside');
      return;
    }
    if (!visit(tile, 'partial') || tile.z >= maxZoom) return;
    for (let dy = 0; dy < 2; dy++) {
      for (let dx = 0; dx < 2; dx++) {
        step({ z: tile.z + 1, x: 2 * tile.x + dx, y: 2 * tile.y + dy }, inner);
      }
    }
  };
  step({ z: 0, x: 0, y: 0 }, all);
}

/** How many tiles at each zoom 0..`maxZoom` the area needs (index = zoom). */
export function areaTileCounts(area: Area, maxZoom = COVERAGE_ZOOM): number[] {
  const counts = new Array<number>(maxZoom + 1).fill(0);
  walkAreaTiles(area, maxZoom, (tile, placement) => {
    if (placement === 'partial') {
      counts[tile.z] = (counts[tile.z] ?? 0) + 1;
    } else {
      for (let z = tile.z; z <= maxZoom; z++) counts[z] = (counts[z] ?? 0) + 4 ** (z - tile.z);
    }
    return true;
  });
  return counts;
}

/**
 * The tiles at zoom `z` the area needs, with their placement, row by row from the north-west.
 * Throws a RangeError when there are more than `maxTiles`.
 */
export function areaTilesAtZoom(
  area: Area,
  z: number,
  maxTiles: number,
): { tile: TileCoord; placement: 'inside' | 'partial' }[] {
  const out: { tile: TileCoord; placement: 'inside' | 'partial' }[] = [];
  const push = (tile: TileCoord, placement: 'inside' | 'partial'): void => {
    if (out.length >= maxTiles) {
      throw new RangeError(`the area needs more than ${maxTiles} tiles at zoom ${z}`);
    }
    out.push({ tile, placement });
  };
  walkAreaTiles(area, z, (tile, placement) => {
    if (placement === 'partial') {
      if (tile.z === z) push(tile, 'partial');
      return tile.z < z;
    }
    const span = 2 ** (z - tile.z);
    if (span * span > maxTiles - out.length) {
      throw new RangeError(`the area needs more than ${maxTiles} tiles at zoom ${z}`);
    }
    for (let y = 0; y < span; y++) {
      for (let x = 0; x < span; x++)
        push({ z, x: tile.x * span + x, y: tile.y * span + y }, 'inside');
    }
    return true;
  });
  return out.sort((a, b) => a.tile.y - b.tile.y || a.tile.x - b.tile.x);
}
