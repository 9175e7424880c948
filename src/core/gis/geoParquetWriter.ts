// Writes GeoParquet (.parquet, GeoParquet 1.1): the attributes as typed Parquet columns, each
// geometry as WKB in a binary column, and the `geo` file metadata that says which column is the
// geometry, its encoding, its geometry types and its bounding box. The CRS is left out, which the
// specification defines as OGC:CRS84 (longitude, latitude on WGS 84), exactly our coordinates.
// Rows are gathered into row groups of a fixed size and each group is encoded and written before
// the next is read, so memory holds one row group whatever the export's size.
import { ParquetWriter, type SchemaElement, fileWriter } from 'hyparquet-writer';
import {
  type GisColumnType,
  type GisGeometry,
  type GisLayer,
  type GisLayerSummary,
  cellValue,
  checkLayer,
  geometryEnvelope,
  growExtent,
} from '../../shared/gis/gisTypes';
import { toWkb } from '../../shared/gis/wkb';
import { type GisWriteOptions, checkCancelled, writeThroughTemp } from './gisOutput';

/** The primary geometry column, by the specification's convention. */
export const PARQUET_GEOMETRY_COLUMN = 'geometry';

/** Options of {@link writeGeoParquet}. */
export interface GeoParquetOptions extends GisWriteOptions {
  /** Rows per row group (default 10,000). */
  rowGroupSize?: number;
}

/** The `geo` metadata of one geometry column. */
export interface GeoColumnMetadata {
  encoding: 'WKB';
  geometry_types: string[];
  bbox?: [number, number, number, number];
}

/** The `geo` file metadata (GeoParquet 1.1). */
export interface GeoMetadata {
  version: '1.1.0';
  primary_column: string;
  columns: Record<string, GeoColumnMetadata>;
}

const PARQUET_TYPES: Record<GisColumnType, Omit<SchemaElement, 'name'>> = {
  text: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  integer: { type: 'INT64' },
  real: { type: 'DOUBLE' },
  boolean: { type: 'BOOLEAN' },
  json: { type: 'BYTE_ARRAY', converted_type: 'JSON' },
};

interface GeometryColumnState {
  name: string;
  types: Set<string>;
  extent: GisLayerSummary['extent'];
}

function geometryCell(state: GeometryColumnState, geometry: GisGeometry | null | undefined) {
  if (!geometry) return null;
  state.types.add(geometry.type);
  state.extent = growExtent(state.extent, geometryEnvelope(geometry));
  return toWkb(geometry);
}

/** Writes `layer` to the GeoParquet `file`; a second geometry becomes a second WKB column. */
export async function writeGeoParquet(
  file: string,
  layer: GisLayer,
  options: GeoParquetOptions = {},
): Promise<GisLayerSummary> {
  if (!layer.geometryType) throw new Error(`GeoParquet needs a geometry: ${layer.name} has none.`);
  const geometries: GeometryColumnState[] = [
    { name: PARQUET_GEOMETRY_COLUMN, types: new Set(), extent: undefined },
  ];
  const second = layer.secondGeometry;
  if (second) geometries.push({ name: second, types: new Set(), extent: undefined });
  checkLayer(
    layer,
    geometries.map((g) => g.name),
  );
  const rowGroupSize = Math.max(1, options.rowGroupSize ?? 10_000);
  const schema: SchemaElement[] = [
    { name: 'root', num_children: layer.columns.length + geometries.length },
    ...layer.columns.map((c) => ({
      name: c.name,
      repetition_type: 'OPTIONAL' as const,
      ...PARQUET_TYPES[c.type],
    })),
    ...geometries.map((g) => ({
      name: g.name,
      type: 'BYTE_ARRAY' as const,
      repetition_type: 'OPTIONAL' as const,
    })),
  ];
  return writeThroughTemp(file, async (temp) => {
    const writer = new ParquetWriter({
      writer: fileWriter(temp),
      schema,
      createdBy: 'Mapillary Explorer',
    });
    const names = [...layer.columns.map((c) => c.name), ...geometries.map((g) => g.name)];
    let columns: unknown[][] = names.map(() => []);
    let rows = 0;
    let count = 0;
    const flush = async () => {
      if (rows === 0) return;
      await writer.write({
        columnData: names.map((name, i) => ({ name, data: columns[i] as never[] })),
        rowGroupSize: rows,
      });
      columns = names.map(() => []);
      rows = 0;
    };
    for await (const feature of layer.features) {
      if (count % 1000 === 0) checkCancelled(options.signal);
      layer.columns.forEach((column, i) => {
        const value = cellValue(column.type, feature.values[column.name]);
        (columns[i] as unknown[]).push(
          column.type === 'integer' && typeof value === 'number' ? BigInt(value) : value,
        );
      });
      const at = layer.columns.length;
      (columns[at] as unknown[]).push(geometryCell(geometries[0]!, feature.geometry));
      if (second) {
        (columns[at + 1] as unknown[]).push(geometryCell(geometries[1]!, feature.secondGeometry));
      }
      rows += 1;
      count += 1;
      if (rows >= rowGroupSize) await flush();
    }
    checkCancelled(options.signal);
    await flush();
    const geo: GeoMetadata = {
      version: '1.1.0',
      primary_column: PARQUET_GEOMETRY_COLUMN,
      columns: Object.fromEntries(
        geometries.map((g) => [
          g.name,
          {
            encoding: 'WKB',
            geometry_types: [...g.types].sort(),
            ...(g.extent ? { bbox: g.extent } : {}),
          },
        ]),
      ),
    };
    // The bounding boxes are known only now; the footer, where the metadata goes, comes last.
    writer.kvMetadata = [{ key: 'geo', value: JSON.stringify(geo) }];
    await writer.finish();
    return { name: layer.name, features: count, leftOut: 0, extent: geometries[0]!.extent };
  });
}
