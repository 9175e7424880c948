// The ids of the Explorer's commands, shared by the light registration at activation and the
// handlers loaded with features.js (package.json names the same ids).

/** Every Explorer command id. */
export const EXPLORER_COMMANDS = [
  'mapillary.explorer.addOrganization',
  'mapillary.explorer.removeOrganization',
  'mapillary.explorer.setArea',
  'mapillary.explorer.setAreaFromMap',
  'mapillary.explorer.useAsArea',
  'mapillary.explorer.refresh',
  'mapillary.explorer.loadMore',
  'mapillary.explorer.retry',
  'mapillary.explorer.openImage',
  'mapillary.explorer.searchImages',
  'mapillary.explorer.searchMapFeatures',
  'mapillary.explorer.removeSearch',
  'mapillary.explorer.showOnMap',
  'mapillary.explorer.openInBrowser',
  'mapillary.explorer.copyId',
  'mapillary.explorer.copyEmbedSnippet',
  'mapillary.explorer.showDetails',
  'mapillary.explorer.revealInTree',
  'mapillary.imagesNearHere',
  'mapillary.imagesLookingAtHere',
] as const;

/** One Explorer command id. */
export type ExplorerCommandId = (typeof EXPLORER_COMMANDS)[number];

/** The view's id, as package.json declares it. */
export const EXPLORER_VIEW_ID = 'mapillary.explorer';
