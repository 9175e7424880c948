// mapillary_searchImages: how many images match in an area, and the newest of them with the fields
// a model needs to go on (id, time, position, heading, panorama, sequence, creator). No thumbnail
// URLs: they are signed.
import { type Image, type MapillaryApi } from '../api/mapillaryApi';
import { MAX_TOOL_IMAGES, type ToolImageFilters, searchToolImages } from './imageSearch';
import { degrees, isoTime } from './toolText';

/** The input, as parsed by the tool's schema. */
export interface SearchImagesToolInput extends ToolImageFilters {
  limit: number;
}

/** One image as the tools list it. */
export interface ToolImage {
  id: string;
  capturedAt?: string;
  lon?: number;
  lat?: number;
  compassAngle?: number;
  isPano?: boolean;
  sequenceId?: string;
  creator?: string;
}

/** An image's key fields for a tool result. */
export function toolImage(image: Image): ToolImage {
  const [lon, lat] = image.geometry?.coordinates ?? [];
  return {
    id: image.id,
    capturedAt: isoTime(image.captured_at),
    lon: degrees(lon),
    lat: degrees(lat),
    compassAngle:
      image.compass_angle === undefined ? undefined : Number(image.compass_angle.toFixed(1)),
    isPano: image.is_pano,
    sequenceId: image.sequence,
    creator: image.creator?.username,
  };
}

/** Runs the search and shapes the result. */
export async function searchImagesTool(
  api: MapillaryApi,
  input: SearchImagesToolInput,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const found = await searchToolImages(api, input, signal);
  const newestFirst = [...found.images].sort(
    (a, b) => (b.captured_at ?? 0) - (a.captured_at ?? 0) || (a.id < b.id ? -1 : 1),
  );
  const notes: string[] = [];
  if (found.images.length >= MAX_TOOL_IMAGES && !found.complete) {
    notes.push(
      `Counting stopped at ${MAX_TOOL_IMAGES} images: narrow the area or the filters for an exact count.`,
    );
  }
  if (found.denseAreas > 0) {
    notes.push(
      `${found.denseAreas} part(s) of the area were too dense to list completely: use a smaller area.`,
    );
  }
  return {
    count: found.images.length,
    countIsExact: found.complete,
    listed: Math.min(input.limit, newestFirst.length),
    order: 'newest first',
    images: newestFirst.slice(0, input.limit).map(toolImage),
    ...(notes.length ? { notes } : {}),
  };
}
