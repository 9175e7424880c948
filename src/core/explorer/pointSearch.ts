// The point queries over the Graph image search: the images near a point, nearest first, and the
// images looking at it, the most squarely facing first. One search of the bbox around the circle
// brings every candidate with the fields the caller wants (the service applies the date, panorama,
// organization and creator filters itself); the ranking is the shared math (shared/geo/pointQueries).
import {
  type CloseImage,
  type LookingImage,
  type PointCandidate,
  DEFAULT_RADIUS_M,
  pointQueryProblem,
} from '../../shared/geo/pointQueries';
import { type Image, type ImageSearchFilters, type MapillaryApi } from '../api/mapillaryApi';
import { pointOf } from '../geo/areaSearch';
import { type CandidateSource, imagesCloseTo, imagesLookingAt } from './pointQueries';

/** A candidate with the image the service returned. */
export type ImageCandidate = PointCandidate & { entity: Image };

/** Which query. */
export type PointQueryKind = 'closeTo' | 'lookingAt';

/** Options of {@link findImagesAtPoint}. */
export interface PointSearchOptions {
  kind: PointQueryKind;
  /** Metres around the point (default 100, at most 5,000). */
  radiusM?: number;
  /** Degrees either side of the compass angle, for `lookingAt` (default 50). */
  angle?: number;
  /** The service's filters, and the fields to ask for (position and angle are always asked). */
  filters?: ImageSearchFilters;
  /** Most candidates read (default 50,000): a circle of 5 km in a city holds many. */
  maxCandidates?: number;
  /** How often a dense box may be split in four (the client's default when unset). */
  maxDepth?: number;
  signal?: AbortSignal;
}

/** What a point query found. */
export interface PointSearchResult {
  /** Ranked: nearest first (`closeTo`), most squarely facing first (`lookingAt`). */
  images: (CloseImage<ImageCandidate> | LookingImage<ImageCandidate>)[];
  /**
   * False when the candidates were cut at `maxCandidates`, or a part of the box stayed too dense to
   * list: nearer images may be missing.
   */
  complete: boolean;
}

function candidate(image: Image): ImageCandidate | undefined {
  const at = pointOf(image);
  if (!at) return undefined;
  const angle = image.compass_angle;
  return {
    id: image.id,
    lon: at[0],
    lat: at[1],
    ...(typeof angle === 'number' && Number.isFinite(angle) ? { compassAngle: angle } : {}),
    entity: image,
  };
}

/** The images near (or looking at) the point `lon, lat`; see the file comment. */
export async function findImagesAtPoint(
  api: MapillaryApi,
  lon: number,
  lat: number,
  options: PointSearchOptions,
): Promise<PointSearchResult> {
  const max = options.maxCandidates ?? 50_000;
  const fields = [...new Set([...(options.filters?.fields ?? []), 'geometry', 'compass_angle'])];
  let complete = true;
  let dense = 0;
  const source: CandidateSource<ImageCandidate> = async (bbox, signal) => {
    const candidates: ImageCandidate[] = [];
    for await (const image of api.searchImages(
      bbox,
      { ...options.filters, fields },
      {
        signal,
        maxDepth: options.maxDepth,
        onProgress: (progress) => (dense = progress.incompleteAreas.length),
      },
    )) {
      if (candidates.length >= max) {
        complete = false;
        break;
      }
      const found = candidate(image);
      if (found) candidates.push(found);
    }
    return candidates;
  };
  const query = { radiusM: options.radiusM, signal: options.signal };
  const images =
    options.kind === 'closeTo'
      ? await imagesCloseTo(source, lon, lat, query)
      : await imagesLookingAt(source, lon, lat, { ...query, angle: options.angle });
  return { images, complete: complete && dense === 0 };
}

/** Parses `LON,LAT` as the commands take it, or says why it is not a point. */
export function parsePoint(text: string): { lon: number; lat: number } | { problem: string } {
  const parts = text.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || !numbers.every(Number.isFinite)) {
    return { problem: 'the point must be LON,LAT, e.g. 13.0038,55.605' };
  }
  const [lon = NaN, lat = NaN] = numbers;
  const problem = pointQueryProblem(lon, lat, DEFAULT_RADIUS_M);
  return problem ? { problem } : { lon, lat };
}
