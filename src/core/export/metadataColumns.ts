// The columns a metadata export offers: every image field the API has, under its own name, plus the
// short names the common scripts use (`img_id`, `seq_id`), the position split into `lon`/`lat`, and
// nested values reached with a dot (`creator.username`, `organization.name`). Each column says which
// API field it needs, so a request asks for exactly what the export shows: a nested column asks for
// the nested field itself, since a bare `organization` answers only `{id}`.
import { ALL_IMAGE_FIELDS } from '../../shared/api/fields';
import { JobError } from './jobErrors';

/** The default columns, as the common scripts write them. */
export const DEFAULT_METADATA_COLUMNS = [
  'seq_id',
  'img_id',
  'captured_at',
  'compass_angle',
  'thumb_256_url',
  'width',
] as const;

const ALIASES: Record<string, string> = {
  img_id: 'id',
  image_id: 'id',
  seq_id: 'sequence',
  sequence_id: 'sequence',
  lon: 'geometry',
  lat: 'geometry',
  computed_lon: 'computed_geometry',
  computed_lat: 'computed_geometry',
};

const FIELDS = new Set<string>(ALL_IMAGE_FIELDS);

/** The API field behind a column, or undefined when the column is unknown. */
export function columnField(column: string): string | undefined {
  const alias = ALIASES[column];
  if (alias) return alias;
  const root = column.split('.')[0] ?? '';
  return FIELDS.has(root) ? root : undefined;
}

/** The field to ask the API for: the column itself when nested (`organization.name`), else its field. */
function requestedField(column: string): string | undefined {
  const field = columnField(column);
  if (field === undefined || ALIASES[column] || !column.includes('.')) return field;
  return /^[a-z0-9_]+(\.[a-z0-9_]+){1,3}$/.test(column) ? column : undefined;
}

/**
 * Checks a column list and returns the API fields it needs (id always among them); nested columns
 * give nested fields (`creator.username`), whose values arrive under their first part (`creator`).
 */
export function fieldsForColumns(columns: readonly string[]): string[] {
  if (columns.length === 0) throw new JobError('input', 'Choose at least one metadata field.');
  const unknown = columns.filter((c) => requestedField(c) === undefined);
  if (unknown.length > 0) {
    throw new JobError(
      'input',
      `Unknown metadata field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: use img_id, seq_id, lon, lat or image fields such as ${ALL_IMAGE_FIELDS.slice(1, 6).join(', ')}.`,
    );
  }
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) throw new JobError('input', `The field ${column} is listed twice.`);
    seen.add(column);
  }
  return [...new Set(['id', ...columns.map((c) => requestedField(c) as string)])];
}

function coordinate(value: unknown, index: 0 | 1): unknown {
  const coordinates = (value as { coordinates?: unknown } | undefined)?.coordinates;
  return Array.isArray(coordinates) ? coordinates[index] : undefined;
}

/** The value of `column` in an image entity as the API returned it (ids stay strings). */
export function columnValue(entity: Record<string, unknown>, column: string): unknown {
  switch (column) {
    case 'lon':
      return coordinate(entity.geometry, 0);
    case 'lat':
      return coordinate(entity.geometry, 1);
    case 'computed_lon':
      return coordinate(entity.computed_geometry, 0);
    case 'computed_lat':
      return coordinate(entity.computed_geometry, 1);
  }
  const field = columnField(column) ?? column;
  if (!column.includes('.') || ALIASES[column]) return entity[field];
  let value: unknown = entity;
  for (const part of column.split('.')) {
    value =
      value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}
