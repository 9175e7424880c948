// The image search behind mapillary_searchImages and mapillary_exportImages: the tool's filters
// turned into the API's, and the area read to the end or to a cap, whichever comes first. A polygon
// is searched as the Explorer and the command line search one (core/geo/areaSearch: the tiles it
// touches, only what lies inside kept). Dense parts are split by the client's bbox search, to a
// bounded depth so that one call of a tool cannot turn into thousands of requests; what stays too
// dense is reported.
import { type Bbox } from '../../shared/api/bbox';
import { IMAGE_SEARCH_FIELDS } from '../../shared/api/fields';
import { parseDateRange } from '../../shared/explorer/dateRange';
import { type ToolAreaInput, toolArea } from '../../shared/lmTools/toolSchemaParts';
import { type Image, type ImageSearchFilters, type MapillaryApi } from '../api/mapillaryApi';
import { searchInArea } from '../geo/areaSearch';

/** The image filters the tools take. */
export interface ToolImageFilters {
  area: ToolAreaInput;
  startDate?: string;
  endDate?: string;
  isPano?: boolean;
  organizationId?: string;
  creatorUsername?: string;
}

/** Most images one tool call reads. */
export const MAX_TOOL_IMAGES = 10_000;
/** How often an area may be split in two directions (4^3 = 64 parts at most). */
export const MAX_SPLIT_DEPTH = 3;

/** What a capped search found. */
export interface ToolImageSearch {
  images: Image[];
  /** False when the cap was reached or a part of the area was too dense to list. */
  complete: boolean;
  /** Parts of the area still too dense after splitting. */
  denseAreas: number;
}

/** Counts the parts still too dense, over the parts of an area searched one after another. */
export class DenseParts {
  private readonly byPart: number[] = [];

  /** Progress callback of the next part's bbox search. */
  nextPart(): (progress: { incompleteAreas: readonly unknown[] }) => void {
    const index = this.byPart.push(0) - 1;
    return (progress) => (this.byPart[index] = progress.incompleteAreas.length);
  }

  /** Parts too dense to list, over every part so far. */
  get count(): number {
    return this.byPart.reduce((sum, n) => sum + n, 0);
  }
}

/** The API filters for the tool's filters (dates as whole UTC days). */
export function apiImageFilters(input: Omit<ToolImageFilters, 'area'>): ImageSearchFilters {
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
  const dense = new DenseParts();
  let capped = false;
  const filters = apiImageFilters(input);
  const search = (bbox: Bbox) =>
    api.searchImages(bbox, filters, {
      signal,
      maxDepth: MAX_SPLIT_DEPTH,
      onProgress: dense.nextPart(),
    });
  for await (const image of searchInArea(toolArea(input.area), search)) {
    if (images.length >= max) {
      capped = true;
      break;
    }
    images.push(image);
  }
  return { images, complete: !capped && dense.count === 0, denseAreas: dense.count };
}
