// The column types of the GIS formats for what our exports hold. Ids are text in every format
// (some exceed 2^53); times are the API's milliseconds since the epoch; nested values (arrays,
// `creator`, `mesh`) are JSON text. One table for every writer, so a field has the same type in a
// GeoPackage, a FlatGeobuf and a GeoParquet file.
import { type GisColumn, type GisColumnType } from './gisTypes';

const IMAGE_FIELD_TYPES: Record<string, GisColumnType> = {
  id: 'text',
  img_id: 'text',
  image_id: 'text',
  sequence: 'text',
  seq_id: 'text',
  sequence_id: 'text',
  merge_cc: 'text',
  altitude: 'real',
  atomic_scale: 'real',
  compass_angle: 'real',
  computed_altitude: 'real',
  computed_compass_angle: 'real',
  quality_score: 'real',
  lon: 'real',
  lat: 'real',
  computed_lon: 'real',
  computed_lat: 'real',
  captured_at: 'integer',
  width: 'integer',
  height: 'integer',
  exif_orientation: 'integer',
  is_pano: 'boolean',
  camera_type: 'text',
  make: 'text',
  model: 'text',
  thumb_256_url: 'text',
  thumb_1024_url: 'text',
  thumb_2048_url: 'text',
  thumb_original_url: 'text',
  'creator.id': 'text',
  'creator.username': 'text',
  'mesh.id': 'text',
  'mesh.url': 'text',
  'sfm_cluster.id': 'text',
  'sfm_cluster.url': 'text',
};

/**
 * The positions themselves, which the GIS formats hold as geometries rather than as columns (a
 * column named `geometry` would also clash with GeoParquet's geometry column).
 */
export const GEOMETRY_FIELDS: ReadonlySet<string> = new Set(['geometry', 'computed_geometry']);

/** The typed columns of an image layer for metadata columns such as `img_id`, `captured_at`. */
export function imageColumns(columns: readonly string[]): GisColumn[] {
  return columns
    .filter((name) => !GEOMETRY_FIELDS.has(name))
    .map((name) => ({ name, type: IMAGE_FIELD_TYPES[name] ?? 'json' }));
}

/** The columns of the map features layer; `object_name` is the value in words, as in the legend. */
export const MAP_FEATURE_COLUMNS: readonly GisColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'object_value', type: 'text' },
  { name: 'object_name', type: 'text' },
  { name: 'object_type', type: 'text' },
  { name: 'aligned_direction', type: 'real' },
  { name: 'first_seen_at', type: 'integer' },
  { name: 'last_seen_at', type: 'integer' },
];

/** The columns of the sequences layer. */
export const SEQUENCE_COLUMNS: readonly GisColumn[] = [
  { name: 'seq_id', type: 'text' },
  { name: 'image_count', type: 'integer' },
  { name: 'first_captured_at', type: 'integer' },
  { name: 'last_captured_at', type: 'integer' },
];

/**
 * The columns of the detections table (no geometry: the outlines are in image space, not on the
 * map). `polygons` is the outline as JSON, a list of polygons of rings of `[x, y]` normalised to
 * 0..1 across the image, y down, as the GeoJSON detections export writes them.
 */
export const DETECTION_COLUMNS: readonly GisColumn[] = [
  { name: 'detection_id', type: 'text' },
  { name: 'image_id', type: 'text' },
  { name: 'map_feature_id', type: 'text' },
  { name: 'value', type: 'text' },
  { name: 'image_width', type: 'integer' },
  { name: 'image_height', type: 'integer' },
  { name: 'polygons', type: 'json' },
];
