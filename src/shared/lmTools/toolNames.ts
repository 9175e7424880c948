// The names of the language-model tools, as package.json contributes them. Kept apart from their
// schemas so the registration at activation does not load the schema library.

/** Every tool the extension registers, in the order package.json lists them. */
export const TOOL_NAMES = [
  'mapillary_searchImages',
  'mapillary_imageDetails',
  'mapillary_sequencesInArea',
  'mapillary_mapFeaturesInArea',
  'mapillary_exportImages',
  'mapillary_imagesLookingAt',
] as const;

/** One tool's name. */
export type ToolName = (typeof TOOL_NAMES)[number];

/** The tool that writes files, and so asks for confirmation first. */
export const EXPORT_TOOL: ToolName = 'mapillary_exportImages';
