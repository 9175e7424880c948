// The map's settings when nothing was chosen yet, apart from their schema, so that the drawing
// worker can start from them without loading the schema library.
import type { MapFilters, MapSettings } from './mapSettings';

/** Filters that keep everything. */
export const NO_FILTERS: MapFilters = {
  fromDate: '',
  toDate: '',
  pano: 'all',
  organizationId: '',
  creatorId: '',
  creatorName: '',
  values: '',
  hiddenValues: [],
};

/** The settings of a map opened for the first time. */
export const DEFAULT_MAP_SETTINGS: MapSettings = {
  layers: { coverage: true, points: false, signs: false },
  computed: false,
  filters: NO_FILTERS,
};
