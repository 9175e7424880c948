// The Explorer's searches: images and map features in the area (a bbox or any shape: only what
// lies inside it is kept), with filters given as the command's argument or asked for, and the
// removal of a search's results.
import { searchInArea } from '../../core/geo/areaSearch';
import { IMAGE_SEARCH_FIELDS, MAP_FEATURE_FIELDS } from '../../shared/api/fields';
import { type Area } from '../../shared/geo/area';
import { type ExplorerCommand, type ExplorerContext, objectArgument } from './explorerCommand';
import { type ImageSearchInput, type MapFeatureSearchInput } from './explorerPrompts';
import { dateRange, describeSearch, runSearch } from './searchRunner';

function requireArea(context: ExplorerContext): Area {
  const area = context.model.area;
  if (!area) throw new Error('Set an area first (Mapillary: Set Area).');
  return area;
}

/** Searches images in the area; returns how many were found. */
export const searchImages: ExplorerCommand = async (context, { args }) => {
  const area = requireArea(context);
  const filters =
    (objectArgument(args) as ImageSearchInput | undefined) ??
    (await context.ui.prompts.imageSearch(context.model.listOrganizations()));
  if (!filters) return undefined;
  return runSearch(context, {
    progressTitle: 'Searching images',
    label: 'Images',
    what: 'images',
    detail: describeSearch(area, {
      captured: dateRange(filters.startCapturedAt, filters.endCapturedAt),
      pano: filters.isPano === undefined ? undefined : filters.isPano ? 'pano' : 'not pano',
      organization: filters.organizationId,
      creator: filters.creatorUsername,
    }),
    start: async (signal) => {
      const api = await context.api();
      const fields = [...IMAGE_SEARCH_FIELDS, 'thumb_256_url'];
      return searchInArea(area, (bbox) =>
        api.searchImages(bbox, { ...filters, fields }, { signal }),
      );
    },
  });
};

/** Searches map features in the area; returns how many were found. */
export const searchMapFeatures: ExplorerCommand = async (context, { args }) => {
  const area = requireArea(context);
  const filters =
    (objectArgument(args) as MapFeatureSearchInput | undefined) ??
    (await context.ui.prompts.mapFeatureSearch());
  if (!filters) return undefined;
  return runSearch(context, {
    progressTitle: 'Searching map features',
    label: 'Map features',
    what: 'mapFeatures',
    detail: describeSearch(area, {
      values: filters.objectValues?.join(','),
      'first seen': dateRange(filters.startFirstSeenAt, filters.endFirstSeenAt),
      'last seen': dateRange(filters.startLastSeenAt, filters.endLastSeenAt),
    }),
    start: async (signal) => {
      const api = await context.api();
      return searchInArea(area, (bbox) =>
        api.searchMapFeatures(bbox, { ...filters, fields: MAP_FEATURE_FIELDS }, { signal }),
      );
    },
  });
};

/** Removes a search's results from the tree. */
export const removeSearch: ExplorerCommand = (context, { node }) => {
  if (node?.kind === 'search') context.model.removeSearch(node);
  return Promise.resolve(undefined);
};
