// What a map feature export writes for one feature, in every format, from this one module: the row
// of MAP_FEATURE_COLUMNS that the GIS formats hold, the same row with the position for CSV and JSON
// lines, and the properties of a GeoJSON Feature. Both carry `object_name`, the value in words as the map's legend names it
// ("Stop (regulatory sign)"), next to `object_value`, so a reader need not know the class list.
import { MAP_FEATURE_FIELDS } from '../../shared/api/fields';
import { MAP_FEATURE_COLUMNS } from '../../shared/gis/gisColumns';
import { isPosition } from '../../shared/gis/gisTypes';
import { featureName } from '../../shared/map/featureNames';

type Entity = Readonly<Record<string, unknown>>;

/** The value in words, or undefined when the feature has no value. */
function objectName(feature: Entity): string | undefined {
  return typeof feature.object_value === 'string' ? featureName(feature.object_value) : undefined;
}

/** A time in milliseconds since the epoch, from the API's number or text (ISO or digits). */
function epochMs(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const numeric = Number(value);
    if (Number.isSafeInteger(numeric)) return numeric;
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

/**
 * One map feature's values by the names of MAP_FEATURE_COLUMNS, in that order; times as
 * milliseconds since the epoch, so every table format holds the same numbers.
 */
export function mapFeatureRow(feature: Entity): Record<string, unknown> {
  return {
    id: feature.id,
    object_value: feature.object_value,
    object_name: objectName(feature),
    object_type: feature.object_type,
    aligned_direction: feature.aligned_direction,
    first_seen_at: epochMs(feature.first_seen_at),
    last_seen_at: epochMs(feature.last_seen_at),
  };
}

/** The columns of the CSV and JSON lines exports: the GIS formats' columns, then the position. */
export const MAP_FEATURE_TABLE_COLUMNS: readonly string[] = [
  ...MAP_FEATURE_COLUMNS.map((c) => c.name),
  'lon',
  'lat',
];

/** One map feature's values by the names of {@link MAP_FEATURE_TABLE_COLUMNS}. */
export function mapFeatureTableRow(feature: Entity): Record<string, unknown> {
  const coordinates = (feature.geometry as { coordinates?: unknown } | null | undefined)
    ?.coordinates;
  const [lon, lat] = isPosition(coordinates) ? coordinates : [null, null];
  return { ...mapFeatureRow(feature), lon, lat };
}

/**
 * A GeoJSON Feature's properties: the id, then the API's fields as it answered them (times as its
 * text), with `object_name` after `object_value`; fields the answer lacks are left out.
 */
export function mapFeatureProperties(feature: Entity): Record<string, unknown> {
  const properties: Record<string, unknown> = { id: feature.id };
  for (const field of MAP_FEATURE_FIELDS) {
    if (field === 'id' || field === 'geometry') continue;
    if (feature[field] !== undefined) properties[field] = feature[field];
    if (field === 'object_value') {
      const name = objectName(feature);
      if (name !== undefined) properties.object_name = name;
    }
  }
  return properties;
}
