// What the user chose to see on the map: layers, position source and filters. Kept in the webview's
// persisted state and mirrored to the host, so the map comes back as it was after hiding or
// reloading the panel. The schema is shared by both ends of the message channel.
import { z } from 'zod';
import { optionalCreatorIdSchema, optionalOrganizationIdSchema } from '../ids';

/** A calendar day, `YYYY-MM-DD`, or empty for no bound. */
const daySchema = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]);

/** Filters applied while drawing; changing them never refetches a tile. */
export const mapFiltersSchema = z.object({
  /** First capture day shown (inclusive, UTC), or empty. */
  fromDate: daySchema,
  /** Last capture day shown (inclusive, UTC), or empty. */
  toDate: daySchema,
  /** Panoramas only, perspective images only, or both. */
  pano: z.enum(['all', 'pano', 'perspective']),
  /** Organization id to keep, or empty for every organization. */
  organizationId: optionalOrganizationIdSchema,
  /** Creator (user) id to keep, or empty for every creator. */
  creatorId: optionalCreatorIdSchema,
});
export type MapFilters = z.infer<typeof mapFiltersSchema>;

/** Which of the map's layers are shown. */
export const mapLayersSchema = z.object({
  /** Coverage: overview points, sequence lines and image points. */
  coverage: z.boolean(),
  /** Map features of the `point` tile set. */
  points: z.boolean(),
  /** Map features of the `traffic_sign` tile set. */
  signs: z.boolean(),
});
export type MapLayers = z.infer<typeof mapLayersSchema>;

/** Everything about the map besides where it looks. */
export const mapSettingsSchema = z.object({
  layers: mapLayersSchema,
  /** Draw the computed (structure-from-motion) positions instead of the original GPS ones. */
  computed: z.boolean(),
  filters: mapFiltersSchema,
});
export type MapSettings = z.infer<typeof mapSettingsSchema>;

/** Filters that keep everything. */
export const NO_FILTERS: MapFilters = {
  fromDate: '',
  toDate: '',
  pano: 'all',
  organizationId: '',
  creatorId: '',
};

/** The settings of a map opened for the first time. */
export const DEFAULT_MAP_SETTINGS: MapSettings = {
  layers: { coverage: true, points: false, signs: false },
  computed: false,
  filters: NO_FILTERS,
};
