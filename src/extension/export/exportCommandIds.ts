// The export commands' ids, shared by the light registration at activation and the handlers loaded
// with features.js (package.json names the same ids and titles).

/** Every export command id. */
export const EXPORT_COMMANDS = [
  'mapillary.export.sequences',
  'mapillary.export.images',
  'mapillary.export.metadata',
  'mapillary.export.detections',
  'mapillary.export.mapFeatures',
  'mapillary.export.download',
] as const;

/** One export command id. */
export type ExportCommandId = (typeof EXPORT_COMMANDS)[number];
