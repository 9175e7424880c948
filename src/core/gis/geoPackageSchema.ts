// The SQL of a GeoPackage 1.3 (OGC 12-128r18): the required metadata tables, the spatial reference
// systems, a feature or attribute table per layer, and the R-tree spatial index extension (clause
// F.3) with the triggers the standard prescribes, so GIS tools keep the index right when they edit.
import { type GisColumn, type GisColumnType } from '../../shared/gis/gisTypes';

/** `PRAGMA application_id`: 'GPKG'. */
export const GPKG_APPLICATION_ID = 0x47504b47;
/** `PRAGMA user_version`: GeoPackage 1.3.0. */
export const GPKG_USER_VERSION = 10300;

/** The primary key and geometry column every feature table has. */
export const FID_COLUMN = 'fid';
export const GEOMETRY_COLUMN = 'geom';

const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,' +
  'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,' +
  'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
  'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

/** Quotes an SQL identifier. */
export function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes an SQL string literal. */
export function quoteText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The tables every GeoPackage has, with the three spatial reference systems it needs. */
export const GPKG_BASE_SQL = [
  `CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
    organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
    definition TEXT NOT NULL, description TEXT)`,
  `INSERT INTO gpkg_spatial_ref_sys VALUES
    ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
    ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
    ('WGS 84 geodetic', 4326, 'EPSG', 4326, ${quoteText(WGS84_WKT)}, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`,
  `CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
    identifier TEXT UNIQUE, description TEXT DEFAULT '',
    last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
    CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`,
  `CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
    geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
    CONSTRAINT uk_gc_table_name UNIQUE (table_name),
    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`,
  `CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
    definition TEXT NOT NULL, scope TEXT NOT NULL,
    CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))`,
];

const SQL_TYPES: Record<GisColumnType, string> = {
  text: 'TEXT',
  integer: 'INTEGER',
  real: 'DOUBLE',
  boolean: 'BOOLEAN',
  json: 'TEXT',
};

/** `CREATE TABLE` of a layer; `geometryType` is the GeoPackage type name, or null for attributes. */
export function createLayerSql(
  table: string,
  geometryType: string | null,
  columns: readonly GisColumn[],
): string {
  const parts = [`${FID_COLUMN} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL`];
  if (geometryType) parts.push(`${GEOMETRY_COLUMN} ${geometryType}`);
  for (const column of columns) parts.push(`${quoteId(column.name)} ${SQL_TYPES[column.type]}`);
  return `CREATE TABLE ${quoteId(table)} (${parts.join(', ')})`;
}

/** The R-tree of a feature table's geometry column, and its registration as an extension. */
export function createRTreeSql(table: string): string[] {
  return [
    `CREATE VIRTUAL TABLE ${quoteId(`rtree_${table}_${GEOMETRY_COLUMN}`)} USING rtree(id, minx, maxx, miny, maxy)`,
    `INSERT INTO gpkg_extensions VALUES (${quoteText(table)}, '${GEOMETRY_COLUMN}', 'gpkg_rtree_index',
      'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`,
  ];
}

/**
 * The triggers that keep the R-tree in step with later edits (GeoPackage 1.3, F.3). They call the
 * ST_ functions that GIS tools provide, so they are created after our own rows, which fill the
 * R-tree directly.
 */
export function rtreeTriggersSql(table: string): string[] {
  const t = quoteId(table);
  const r = quoteId(`rtree_${table}_${GEOMETRY_COLUMN}`);
  const name = (suffix: string) => quoteId(`rtree_${table}_${GEOMETRY_COLUMN}_${suffix}`);
  const c = GEOMETRY_COLUMN;
  const i = FID_COLUMN;
  const insert = `INSERT OR REPLACE INTO ${r} VALUES (NEW.${i}, ST_MinX(NEW.${c}), ST_MaxX(NEW.${c}), ST_MinY(NEW.${c}), ST_MaxY(NEW.${c}));`;
  return [
    `CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${t} WHEN (new.${c} NOT NULL AND NOT ST_IsEmpty(NEW.${c})) BEGIN ${insert} END`,
    `CREATE TRIGGER ${name('update1')} AFTER UPDATE OF ${c} ON ${t} WHEN OLD.${i} = NEW.${i} AND (NEW.${c} NOTNULL AND NOT ST_IsEmpty(NEW.${c})) BEGIN ${insert} END`,
    `CREATE TRIGGER ${name('update2')} AFTER UPDATE OF ${c} ON ${t} WHEN OLD.${i} = NEW.${i} AND (NEW.${c} ISNULL OR ST_IsEmpty(NEW.${c})) BEGIN DELETE FROM ${r} WHERE id = OLD.${i}; END`,
    `CREATE TRIGGER ${name('update3')} AFTER UPDATE ON ${t} WHEN OLD.${i} != NEW.${i} AND (NEW.${c} NOTNULL AND NOT ST_IsEmpty(NEW.${c})) BEGIN DELETE FROM ${r} WHERE id = OLD.${i}; ${insert} END`,
    `CREATE TRIGGER ${name('update4')} AFTER UPDATE ON ${t} WHEN OLD.${i} != NEW.${i} AND (NEW.${c} ISNULL OR ST_IsEmpty(NEW.${c})) BEGIN DELETE FROM ${r} WHERE id IN (OLD.${i}, NEW.${i}); END`,
    `CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${t} WHEN old.${c} NOT NULL BEGIN DELETE FROM ${r} WHERE id = OLD.${i}; END`,
  ];
}
