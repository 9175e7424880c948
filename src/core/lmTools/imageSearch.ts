// The image search behind mapillary_searchImages and mapillary_exportImages: the tool's filters
// turned into the API's, and the area read to the end or to a cap, whichever comes first. Dense
// areas are split by the client's bbox search, to a bounded depth so that one call of a tool cannot
// turn into thousands of requests; what stays too dense is reported.
import { type Bbox } from '../../shared/api/bbox';
import { IMAGE_SEARCH_FIELDS } from '../../shared/api/fields';
import { parseDateRange } from '../../shared/explorer/dateRange';
import { type Image, type ImageSearchFilters, type MapillaryApi } from '../api/mapillaryApi';

/** The image filters the tools take. */
export interface ToolImageFilters {
  area: { bbox: number[] };
  startDate?: string;
  endDate?: string;
  isPano?: boolean;
  organizationId?: string;
  creatorUsername?: string;
}

/** Most images one tool call reads. */
export const MAX_TOOL_IMAGES = 10_000;
/** How often an area may be split in two directions (4^3 = 64 parts at most). */
const MAX_SPLIT_DEPTH = 3;

/** What a capped search found. */
export interface ToolImageSearch {
  images: Image[];
  /** False when the cap was reached or a part of the area was too dense to list. */
  complete: boolean;
  /** Parts of the area still too dense after splitting. */
  denseAreas: number;
}

/** The area of a tool input as the client's bbox. */
export function toolBbox(area: { bbox: number[] }): Bbox {
  const [a = NaN, b = NaN, c = NaN, d = NaN] = area.bbox;
  return [a, b, c, d];
}

/** The API filters for the tool's filters (dates as whole UTC days). */
export function apiImageFilters(input: ToolImageFilters): ImageSearchFilters {
  const range = parseDateRange(
    input.startDate || input.endDate ? `${input.startDate ?? ''}..${input.endDate ?? ''}` : '',
  );
  return {
    startCapturedAt: range.ok ? range.start : undefined,
    endCapturedAt: range.ok ? range.end : undefined,
    isPano: input.isPano,
    organizationId: input.organizationId,
    creatorUsername: input.creatorUsername,
    fields: IMAGE_SEARCH_FIELDS,
  };
}

/** Reads the images matching the filters, up to `max`. */
export async function searchToolImages(
  api: MapillaryApi,
  input: ToolImageFilters,
  signal: AbortSignal | undefined,
  max = MAX_TOOL_IMAGES,
): Promise<ToolImageSearch> {
  const images: Image[] = [];
  let denseAreas = 0;
  let capped = false;
  for await (const image of api.searchImages(toolBbox(input.area), apiImageFilters(input), {
    signal,
    maxDepth: MAX_SPLIT_DEPTH,
    onProgress: (progress) => (denseAreas = progress.incompleteAreas.length),
  })) {
    if (images.length >= max) {
      capped = true;
      break;
    }
    images.push(image);
  }
  return { images, complete: !capped && denseAreas === 0, denseAreas };
}
