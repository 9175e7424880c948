// What the user chose to see on the map: layers, position source and filters. Kept in the webview's
// persisted state and mirrored to the host, so the map comes back as it was after hiding or
// reloading the panel. The schema is shared by both ends of the message channel.
import { z } from 'zod';
import { optionalCreatorIdSchema, optionalOrganizationIdSchema } from '../ids';
import type { TileSetName } from '../tiles/tileSets';

/** Longest value pattern of the legend's text box. */
export const MAX_VALUE_PATTERN = 500;
/** Most values the legend can switch off. */
export const MAX_HIDDEN_VALUES = 2000;

/** A Mapillary username, as the image search's `creator_username` takes it. */
export const usernameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);

/** A calendar day, `YYYY-MM-DD`, or empty for no bound. */
const daySchema = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]);

/**
 * Filters applied while drawing and picking; changing them never refetches a tile. Dates and
 * values apply to map features too (by first and last seen); kind, organization and creator are
 * properties of images only.
 */
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
  /**
   * The username the creator id was resolved from, shown in the filter; empty when the id was
   * typed. Settings saved before it existed read as empty.
   */
  creatorName: z.union([z.literal(''), usernameSchema]).default(''),
  /**
   * Map feature values to keep, as the map feature search takes them: a comma list with `*` as a
   * wildcard (`regulatory--*, object--fire-hydrant`); empty keeps every value.
   */
  values: z.string().max(MAX_VALUE_PATTERN).default(''),
  /** Map feature values switched off in the legend. */
  hiddenValues: z.array(z.string().max(200)).max(MAX_HIDDEN_VALUES).default([]),
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

export { DEFAULT_MAP_SETTINGS, NO_FILTERS } from './mapSettingsDefaults';

/** The coverage tile set the settings draw: none, or the original or computed positions. */
export function coverageSetsOf(settings: MapSettings): TileSetName[] {
  if (!settings.layers.coverage) return [];
  return [settings.computed ? 'mly1_computed_public' : 'mly1_public'];
}

/** The map feature tile sets the settings draw. */
export function featureSetsOf(settings: MapSettings): TileSetName[] {
  const sets: TileSetName[] = [];
  if (settings.layers.points) sets.push('mly_map_feature_point');
  if (settings.layers.signs) sets.push('mly_map_feature_traffic_sign');
  return sets;
}
