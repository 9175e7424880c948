// Field lists for Graph calls. The service returns only what a call names, so every request names
// its fields; `id` is always among them because the client identifies and de-duplicates by it.

/** Every image field the v4 documentation lists (detections excluded: they are a sub-request). */
export const ALL_IMAGE_FIELDS = [
  'id',
  'altitude',
  'atomic_scale',
  'camera_parameters',
  'camera_type',
  'captured_at',
  'compass_angle',
  'computed_altitude',
  'computed_compass_angle',
  'computed_geometry',
  'computed_rotation',
  'creator',
  'exif_orientation',
  'geometry',
  'height',
  'width',
  'is_pano',
  'make',
  'model',
  'merge_cc',
  'mesh',
  'quality_score',
  'sequence',
  'sfm_cluster',
  'thumb_256_url',
  'thumb_1024_url',
  'thumb_2048_url',
  'thumb_original_url',
  // `{id}`; nested fields on request (`organization.name`).
  'organization',
] as const;

/**
 * The image fields a call asks for when it names none: what a list of images, a map marker and a
 * detail pane need.
 */
export const DEFAULT_IMAGE_FIELDS = [
  'id',
  'captured_at',
  'compass_angle',
  'computed_compass_angle',
  'geometry',
  'computed_geometry',
  'camera_type',
  'is_pano',
  'width',
  'height',
  'make',
  'model',
  'creator',
  'sequence',
  'thumb_256_url',
  'thumb_1024_url',
] as const;

/** Image fields of the map's image panel: what its facts show (see `imagePanelFacts`), no URL. */
export const IMAGE_PANEL_FIELDS = [
  'id',
  'captured_at',
  'compass_angle',
  'computed_compass_angle',
  'geometry',
  'computed_geometry',
  'creator',
  'sequence',
  'camera_type',
  'is_pano',
  'make',
  'model',
  'width',
  'height',
  'altitude',
  'quality_score',
] as const;

/** Image fields for a bbox search: small, because a page holds up to 2,000 of them. */
export const IMAGE_SEARCH_FIELDS = [
  'id',
  'captured_at',
  'compass_angle',
  'geometry',
  'is_pano',
  'sequence',
  'creator',
] as const;

/** Map feature fields. */
export const MAP_FEATURE_FIELDS = [
  'id',
  'aligned_direction',
  'first_seen_at',
  'last_seen_at',
  'object_value',
  'object_type',
  'geometry',
] as const;

/** Detection fields. */
export const DETECTION_FIELDS = ['id', 'created_at', 'geometry', 'image', 'value'] as const;

/** Organization fields. */
export const ORGANIZATION_FIELDS = ['id', 'slug', 'name', 'description'] as const;

/** User fields. */
export const USER_FIELDS = ['id', 'username'] as const;

/** Joins a field list for `fields=`, always including `id` once. */
export function fieldsParam(fields: readonly string[]): string {
  const set = new Set<string>(['id']);
  for (const field of fields) {
    const trimmed = field.trim();
    if (trimmed) set.add(trimmed);
  }
  return [...set].join(',');
}
