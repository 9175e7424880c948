// Images near a point and images looking at a point (the SDK's `get_image_close_to` and
// `get_image_looking_at`). Candidates come from a source that returns the images of a bbox; the one
// here reads the z14 coverage tiles, whose `image` layer carries position, compass angle, capture
// time, panorama flag, sequence, organization and creator: a query around a point costs one to four
// tiles, usually from the disk cache, and no Graph call. A Graph image search can serve as the
// source too (for fields the tiles lack), through the same signature.
import { type Bbox } from '../../shared/api/bbox';
import { GraphError } from '../../shared/api/graphError';
import { type CoverageSet } from '../../shared/explorer/descentPlan';
import { idText } from '../../shared/explorer/sequenceCollector';
import {
  type CloseImage,
  type LookingImage,
  type PointCandidate,
  type PointQueryFilters,
  DEFAULT_LOOK_ANGLE,
  DEFAULT_RADIUS_M,
  bboxAround,
  pointQueryProblem,
  rankCloseTo,
  rankLookingAt,
} from '../../shared/geo/pointQueries';
import { type DecodeLimits, decodeTile } from '../../shared/tiles/boundedDecoder';
import { type DecodedLayer } from '../../shared/tiles/decodedTile';
import { featureProperty } from '../../shared/tiles/featureProperties';
import {
  COVERAGE_ZOOM,
  type TileCoord,
  tileLocalToLonLat,
  tilesCoveringBbox,
} from '../../shared/tiles/tileMath';
import { type FetchTile } from './sequenceDescent';

/** Returns the candidate images inside a bbox (more is fine: the queries filter by distance). */
export type CandidateSource = (bbox: Bbox, signal?: AbortSignal) => Promise<PointCandidate[]>;

/** Options of both queries. */
export interface PointQueryOptions {
  /** Metres around the point (default 100, at most 5,000). */
  radiusM?: number;
  filters?: PointQueryFilters;
  /** Most results returned (default all). */
  limit?: number;
  signal?: AbortSignal;
}

/** Options of {@link imagesLookingAt}. */
export interface LookingAtOptions extends PointQueryOptions {
  /** Degrees either side of the compass angle (default 50, the SDK's). */
  angle?: number;
}

function check(lon: number, lat: number, radiusM: number, angle?: number): void {
  const problem = pointQueryProblem(lon, lat, radiusM, angle);
  if (problem) throw new GraphError('bad-request', `Cannot search around this point: ${problem}.`);
}

/** The images within the radius of the point, nearest first. */
export async function imagesCloseTo(
  source: CandidateSource,
  lon: number,
  lat: number,
  options: PointQueryOptions = {},
): Promise<CloseImage[]> {
  const radiusM = options.radiusM ?? DEFAULT_RADIUS_M;
  check(lon, lat, radiusM);
  const candidates = await source(bboxAround(lon, lat, radiusM), options.signal);
  return rankCloseTo(candidates, lon, lat, radiusM, options.filters).slice(0, options.limit);
}

/** The images within the radius that face the point, the most squarely facing first. */
export async function imagesLookingAt(
  source: CandidateSource,
  lon: number,
  lat: number,
  options: LookingAtOptions = {},
): Promise<LookingImage[]> {
  const radiusM = options.radiusM ?? DEFAULT_RADIUS_M;
  const angle = options.angle ?? DEFAULT_LOOK_ANGLE;
  check(lon, lat, radiusM, angle);
  const candidates = await source(bboxAround(lon, lat, radiusM), options.signal);
  return rankLookingAt(candidates, lon, lat, radiusM, angle, options.filters).slice(
    0,
    options.limit,
  );
}

/** The images of a decoded `image` layer of a z14 tile. */
export function imagesOfLayer(tile: TileCoord, layer: DecodedLayer): PointCandidate[] {
  const out: PointCandidate[] = [];
  for (const feature of layer.features) {
    if (feature.partEnd <= feature.partStart) continue;
    const id = idText(featureProperty(layer, feature, 'id'));
    if (!id) continue;
    const v = layer.partStarts[feature.partStart] ?? 0;
    const [lon, lat] = tileLocalToLonLat(
      tile,
      layer.coords[2 * v] ?? 0,
      layer.coords[2 * v + 1] ?? 0,
      layer.extent,
    );
    const compass = featureProperty(layer, feature, 'compass_angle');
    const capturedAt = featureProperty(layer, feature, 'captured_at');
    const isPano = featureProperty(layer, feature, 'is_pano');
    out.push({
      id,
      lon,
      lat,
      ...(typeof compass === 'number' && Number.isFinite(compass) ? { compassAngle: compass } : {}),
      ...(typeof capturedAt === 'number' && Number.isFinite(capturedAt) ? { capturedAt } : {}),
      ...(typeof isPano === 'boolean' ? { isPano } : {}),
      sequenceId: idText(featureProperty(layer, feature, 'sequence_id')),
      organizationId: idText(featureProperty(layer, feature, 'organization_id')),
      creatorId: idText(featureProperty(layer, feature, 'creator_id')),
    });
  }
  return out;
}

/** Options of {@link tileCandidateSource}. */
export interface TileCandidateOptions {
  /** `mly1_public` (default) or `mly1_computed_public` for computed positions and angles. */
  set?: CoverageSet;
  decodeLimits?: Partial<DecodeLimits>;
  /** Most z14 tiles one query may read (default 64: a 5 km radius needs at most about 36). */
  maxTiles?: number;
}

/**
 * A candidate source over the z14 coverage tiles that cover the bbox. A tile that cannot be decoded
 * contributes nothing; a failed request rejects the query.
 */
export function tileCandidateSource(
  fetchTile: FetchTile,
  options: TileCandidateOptions = {},
): CandidateSource {
  return async (bbox, signal) => {
    const tiles = tilesCoveringBbox(bbox, COVERAGE_ZOOM, options.maxTiles ?? 64);
    const set = options.set ?? 'mly1_public';
    const out: PointCandidate[] = [];
    for (let i = 0; i < tiles.length; i += 4) {
      const batch = tiles.slice(i, i + 4);
      const bodies = await Promise.all(batch.map((t) => fetchTile(set, t.z, t.x, t.y, signal)));
      bodies.forEach((bytes, k) => {
        if (!bytes || bytes.length === 0) return;
        const decoded = decodeTile(bytes, options.decodeLimits);
        if (!decoded.ok) return;
        for (const layer of decoded.value.layers) {
          if (layer.name === 'image') out.push(...imagesOfLayer(batch[k] as TileCoord, layer));
        }
      });
    }
    return out;
  };
}
