// The index a file drawn over the map is served from, built once in the overlay worker: lines and
// polygons (and points, while they are few) sliced into tiles by geojson-vt, which simplifies each
// zoom level to what its pixels can show (Douglas-Peucker at a fraction of a pixel, so nothing is
// seen to change) and drills down to a tile only when it is asked for; many points clustered by
// supercluster, so that a low zoom level draws a few counted circles instead of every point on top
// of each other. Both are Mapbox's libraries made for exactly this.
import type { Feature, MultiPoint, Point } from 'geojson';
import GeoJSONVT, { type RawFeature } from 'geojson-vt';
import Supercluster from 'supercluster';
import type { OverlayFeature, OverlayFeatures } from './overlayFeatures';
import { type ListedPoint, listPoints } from './overlayPoints';

/** Tile coordinates run from 0 to this across a tile (both libraries, the painter and the picks). */
export const OVERLAY_EXTENT = 4096;
/** Deepest zoom the index slices to (the map's deepest). */
export const OVERLAY_MAX_ZOOM = 20;
/** Clusters form up to this zoom; deeper, every point is drawn. */
export const CLUSTER_MAX_ZOOM = 16;
/** Points closer than this many pixels are drawn as one cluster. */
export const CLUSTER_RADIUS_PX = 24;

/**
 * Above this many points, they are clustered. Measured with `npm run bench -- --only overlay`:
 * drawing one tile of N points in the worker took 9 ms for 1,000, 44 to 84 ms for 5,000 and 420
 * to 700 ms for 50,000 on this machine (two runs), and at the zoom a file opens at, all its points
 * fall in a tile or two. Up to 2,000 (about 20 ms a tile, near a frame) every point stays in
 * sight; above, clusters keep each tile to a few hundred circles whatever the count.
 */
export const CLUSTER_ABOVE_POINTS = 2_000;

/** One tile's content in tile coordinates (0..OVERLAY_EXTENT). */
export interface OverlayTileContent {
  /** Lines, polygons and unclustered points, as geojson-vt keeps them. */
  shapes: readonly RawFeature[];
  /** Clusters and clustered single points: position and how many points each stands for. */
  clusters: { x: number; y: number; count: number }[];
}

/** What the index holds, for the legend, the log and the tests. */
export interface OverlayIndexSummary {
  featureCount: number;
  points: number;
  lines: number;
  polygons: number;
  positions: number;
  withoutGeometry: number;
  bbox: [number, number, number, number] | undefined;
  /** True when the points are clustered (more than CLUSTER_ABOVE_POINTS). */
  clustered: boolean;
  /** Points (each position of a MultiPoint counts) and the first of them, labelled. */
  pointCount: number;
  listedPoints: ListedPoint[];
}

/** What a pick found at a place on the map. */
export type OverlayPick =
  | { kind: 'cluster'; lon: number; lat: number; count: number; expansionZoom: number }
  | {
      kind: 'point' | 'line' | 'polygon';
      lon: number;
      lat: number;
      properties: Record<string, unknown> | null;
    };

type PointFeature = Feature<Point | MultiPoint, Record<string, unknown> | null>;

function isPointFeature(feature: OverlayFeature): feature is PointFeature {
  return feature.geometry.type === 'Point' || feature.geometry.type === 'MultiPoint';
}

/** Longitude/latitude of a tile coordinate. */
export function tileToLonLat(
  z: number,
  x: number,
  y: number,
  tx: number,
  ty: number,
): [number, number] {
  const scale = 2 ** z;
  const lon = ((x + tx / OVERLAY_EXTENT) / scale) * 360 - 180;
  const n = Math.PI * (1 - (2 * (y + ty / OVERLAY_EXTENT)) / scale);
  return [lon, (180 / Math.PI) * Math.atan(Math.sinh(n))];
}

/** Tile and position in it (tile coordinates) of a longitude/latitude at zoom z. */
export function lonLatToTile(
  z: number,
  lon: number,
  lat: number,
): { x: number; y: number; tx: number; ty: number } {
  const scale = 2 ** z;
  const fx = ((lon + 180) / 360) * scale;
  const sin = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  const fy = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale;
  const x = Math.min(scale - 1, Math.max(0, Math.floor(fx)));
  const y = Math.min(scale - 1, Math.max(0, Math.floor(fy)));
  return { x, y, tx: (fx - x) * OVERLAY_EXTENT, ty: (fy - y) * OVERLAY_EXTENT };
}

/** A file's features, indexed for drawing tiles and picking (see the file comment). */
export class OverlayIndex {
  private readonly shapes: GeoJSONVT | undefined;
  private readonly clusters: Supercluster<Record<string, unknown>> | undefined;
  readonly summary: OverlayIndexSummary;

  constructor(decoded: OverlayFeatures, clusterAbove = CLUSTER_ABOVE_POINTS) {
    const pointFeatures = decoded.features.filter(isPointFeature);
    const listed = listPoints(pointFeatures);
    const clustered = listed.total > clusterAbove;
    const sliced = clustered
      ? decoded.features.filter((f) => !isPointFeature(f))
      : decoded.features;
    if (sliced.length > 0) {
      this.shapes = new GeoJSONVT(
        { type: 'FeatureCollection', features: sliced },
        { maxZoom: OVERLAY_MAX_ZOOM, extent: OVERLAY_EXTENT, buffer: 64, indexMaxZoom: 5 },
      );
    }
    if (clustered) {
      this.clusters = new Supercluster<Record<string, unknown>>({
        maxZoom: CLUSTER_MAX_ZOOM,
        extent: OVERLAY_EXTENT,
        radius: (CLUSTER_RADIUS_PX * OVERLAY_EXTENT) / 256,
      }).load(pointFeatures as Feature<Point, Record<string, unknown>>[]);
    }
    this.summary = {
      featureCount: decoded.features.length,
      points: decoded.points,
      lines: decoded.lines,
      polygons: decoded.polygons,
      positions: decoded.positions,
      withoutGeometry: decoded.withoutGeometry,
      bbox: decoded.bbox,
      clustered,
      pointCount: listed.total,
      listedPoints: listed.points,
    };
  }

  /** The content of tile z/x/y; undefined when nothing of the file is in it. */
  tile(z: number, x: number, y: number): OverlayTileContent | undefined {
    const shapes = this.shapes?.getTileRaw(z, x, y)?.features ?? [];
    const clusters: OverlayTileContent['clusters'] = [];
    for (const f of this.clusters?.getTileRaw(z, x, y)?.features ?? []) {
      const count = (f.tags as { point_count?: unknown } | null | undefined)?.point_count;
      clusters.push({ x: f.x, y: f.y, count: typeof count === 'number' ? count : 1 });
    }
    return shapes.length || clusters.length ? { shapes, clusters } : undefined;
  }

  /**
   * The feature nearest to a place, within `radiusPx` pixels at zoom `zoom`: clusters and points
   * first, then lines, then the polygon the place is in.
   */
  pick(lon: number, lat: number, zoom: number, radiusPx: number): OverlayPick | undefined {
    const z = Math.max(0, Math.min(OVERLAY_MAX_ZOOM, Math.floor(zoom)));
    const at = lonLatToTile(z, lon, lat);
    const radius = (radiusPx * OVERLAY_EXTENT) / 256;
    let best: { pick: OverlayPick; rank: number; distance: number } | undefined;
    const offer = (pick: OverlayPick, rank: number, distance: number): void => {
      if (!best || rank < best.rank || (rank === best.rank && distance < best.distance)) {
        best = { pick, rank, distance };
      }
    };
    for (const f of this.clusters?.getTileRaw(z, at.x, at.y)?.features ?? []) {
      const d = Math.hypot(f.x - at.tx, f.y - at.ty);
      if (d > radius) continue;
      const [plon, plat] = tileToLonLat(z, at.x, at.y, f.x, f.y);
      const tags = f.tags as Record<string, unknown> | null | undefined;
      if (tags && tags.cluster === true && typeof tags.cluster_id === 'number') {
        const count = typeof tags.point_count === 'number' ? tags.point_count : 2;
        const expansionZoom = this.clusters?.getClusterExpansionZoom(tags.cluster_id) ?? z + 1;
        offer({ kind: 'cluster', lon: plon, lat: plat, count, expansionZoom }, 0, d);
      } else {
        offer({ kind: 'point', lon: plon, lat: plat, properties: tags ?? null }, 0, d);
      }
    }
    for (const f of this.shapes?.getTileRaw(z, at.x, at.y)?.features ?? []) {
      const tags = f.tags ?? null;
      if (f.type === 4 || f.type === 1) {
        const flat = f.type === 4 ? [f.x, f.y] : f.geometry;
        for (let i = 0; i + 1 < flat.length; i += 2) {
          const px = flat[i] as number;
          const py = flat[i + 1] as number;
          const d = Math.hypot(px - at.tx, py - at.ty);
          if (d > radius) continue;
          const [plon, plat] = tileToLonLat(z, at.x, at.y, px, py);
          offer({ kind: 'point', lon: plon, lat: plat, properties: tags }, 0, d);
        }
      } else if (f.type === 2) {
        const d = Math.min(...f.geometry.map((line) => distanceToLine(line, at.tx, at.ty)));
        if (d <= radius) offer({ kind: 'line', lon, lat, properties: tags }, 1, d);
      } else if (insideRings(f.geometry, at.tx, at.ty)) {
        offer({ kind: 'polygon', lon, lat, properties: tags }, 2, 0);
      }
    }
    return best?.pick;
  }
}

function distanceToLine(line: ArrayLike<number>, x: number, y: number): number {
  let min = Infinity;
  for (let i = 0; i + 3 < line.length; i += 2) {
    const ax = line[i] as number;
    const ay = line[i + 1] as number;
    const dx = (line[i + 2] as number) - ax;
    const dy = (line[i + 3] as number) - ay;
    const length = dx * dx + dy * dy;
    const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length));
    min = Math.min(min, Math.hypot(ax + t * dx - x, ay + t * dy - y));
  }
  return min;
}

// Even-odd over every ring of the feature: holes take their part out, as the painter fills them.
function insideRings(rings: readonly ArrayLike<number>[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
      const xi = ring[i] as number;
      const yi = ring[i + 1] as number;
      const xj = ring[j] as number;
      const yj = ring[j + 1] as number;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
