// mapillary_imagesLookingAt: the images that show a place, the most squarely facing first. It is the
// query behind the "Images Looking at Here" command and the command line's `looking-at` (the Python
// SDK's get_image_looking_at): one Graph search of the box around the circle, with the service
// applying the filters, ranked by the shared math. The tool bounds the radius and the split depth,
// so one call stays a handful of requests.
import { type MapillaryApi } from '../api/mapillaryApi';
import { findImagesAtPoint } from '../explorer/pointSearch';
import {
  apiImageFilters,
  MAX_SPLIT_DEPTH,
  MAX_TOOL_IMAGES,
  type ToolImageFilters,
} from './imageSearch';
import { type ToolImage, toolImage } from './searchImagesTool';

/** The input, as parsed by the tool's schema. */
export interface ImagesLookingAtToolInput extends Omit<ToolImageFilters, 'area'> {
  point: { lon: number; lat: number };
  radiusMeters: number;
  maxAngleDegrees: number;
  limit: number;
}

/** One image of the result: its key fields, how far it is and how far off it faces. */
export type LookingAtToolImage = ToolImage & { distanceMeters: number; offAxisDegrees: number };

const tenths = (n: number): number => Math.round(n * 10) / 10;

/** Runs the query and shapes the result. */
export async function imagesLookingAtTool(
  api: MapillaryApi,
  input: ImagesLookingAtToolInput,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const { lon, lat } = input.point;
  const found = await findImagesAtPoint(api, lon, lat, {
    kind: 'lookingAt',
    radiusM: input.radiusMeters,
    angle: input.maxAngleDegrees,
    filters: apiImageFilters(input),
    maxCandidates: MAX_TOOL_IMAGES,
    maxDepth: MAX_SPLIT_DEPTH,
    signal,
  });
  const images: LookingAtToolImage[] = found.images.slice(0, input.limit).map((ranked) => ({
    ...toolImage(ranked.image.entity),
    distanceMeters: tenths(ranked.distanceM),
    offAxisDegrees: 'offAxis' in ranked ? tenths(ranked.offAxis) : 0,
  }));
  return {
    count: found.images.length,
    countIsExact: found.complete,
    listed: images.length,
    order: 'most squarely facing the point first, then nearest',
    images,
    ...(found.complete
      ? {}
      : {
          note: 'The place holds too many images to read them all: some may be missing; use a smaller radius or filters.',
        }),
  };
}
