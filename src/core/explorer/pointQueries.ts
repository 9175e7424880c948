// Images near a point and images looking at a point (the SDK's `get_image_close_to` and
// `get_image_looking_at`). Candidates come from a source that returns the images of a bbox (the
// Graph image search, see pointSearch.ts); the point is checked, the bbox around the circle asked
// for, and the candidates ranked by the shared math (shared/geo/pointQueries).
import { type Bbox } from '../../shared/api/bbox';
import { GraphError } from '../../shared/api/graphError';
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

/** Returns the candidate images inside a bbox (more is fine: the queries filter by distance). */
export type CandidateSource<C extends PointCandidate = PointCandidate> = (
  bbox: Bbox,
  signal?: AbortSignal,
) => Promise<C[]>;

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
export async function imagesCloseTo<C extends PointCandidate>(
  source: CandidateSource<C>,
  lon: number,
  lat: number,
  options: PointQueryOptions = {},
): Promise<CloseImage<C>[]> {
  const radiusM = options.radiusM ?? DEFAULT_RADIUS_M;
  check(lon, lat, radiusM);
  const candidates = await source(bboxAround(lon, lat, radiusM), options.signal);
  return rankCloseTo(candidates, lon, lat, radiusM, options.filters).slice(0, options.limit);
}

/** The images within the radius that face the point, the most squarely facing first. */
export async function imagesLookingAt<C extends PointCandidate>(
  source: CandidateSource<C>,
  lon: number,
  lat: number,
  options: LookingAtOptions = {},
): Promise<LookingImage<C>[]> {
  const radiusM = options.radiusM ?? DEFAULT_RADIUS_M;
  const angle = options.angle ?? DEFAULT_LOOK_ANGLE;
  check(lon, lat, radiusM, angle);
  const candidates = await source(bboxAround(lon, lat, radiusM), options.signal);
  return rankLookingAt(candidates, lon, lat, radiusM, angle, options.filters).slice(
    0,
    options.limit,
  );
}
