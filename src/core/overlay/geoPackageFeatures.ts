// Reads the feature layers of a GeoPackage out as GeoJSON text, for the map to draw like any GeoJSON
// file. SQLite is the WebAssembly build the GeoPackage writer uses; the file is copied into its
// memory (`sqlite3_deserialize`, read-only), so the user's file is never opened for writing, never
// locked, and no journal appears beside it. The file is anyone's: only real tables named as feature
// layers in gpkg_contents are read (never views, whose SQL could be made to run for ever), only
// their ordinary columns, with identifiers quoted; values are bounded by SQLite's length limit;
// and the features and the text are counted against the map's limits as they are written.
import { quoteId } from '../gis/geoPackageSchema';
import { loadSqlite } from '../gis/sqliteWasm';
import { OverlayError, REPROJECT_HINT } from '../../shared/overlay/overlayFeatures';
import { MAX_OVERLAY_BYTES, MAX_OVERLAY_FEATURES, mib } from '../../shared/overlay/overlayLimits';
import { WkbError, readGeoPackageGeometry } from '../../shared/gis/wkbReader';

/** Bounds of one read (the map's limits by default). */
export interface GeoPackageReadLimits {
  maxFeatures: number;
  maxTextBytes: number;
}

/** What was read: the GeoJSON text, and each layer with its feature count. */
export interface GeoPackageFeatures {
  text: string;
  layers: { name: string; features: number }[];
}

type Database = InstanceType<Awaited<ReturnType<typeof loadSqlite>>['sqlite3']['oo1']['DB']>;

const WGS84_SRS = new Set([0, 4326]);
/** Rows read between two yields to the event loop, so the extension host stays responsive. */
const ROWS_PER_TURN = 2_000;
/** Longest value SQLite may hand back (a hostile file could hold gigabyte strings). */
const MAX_VALUE_BYTES = 16 * 1024 * 1024;

function rows(db: Database, sql: string, bind: (string | number)[] = []): unknown[][] {
  return db.exec({ sql, bind, rowMode: 'array', returnValue: 'resultRows' });
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

// Which SRS ids are longitude/latitude in WGS 84: the undefined geographic SRS (0), EPSG 4326 under
// any id, and OGC's CRS84.
function geographicSrsIds(db: Database): Set<number> {
  const ids = new Set(WGS84_SRS);
  const found = rows(
    db,
    `SELECT srs_id FROM gpkg_spatial_ref_sys
     WHERE (upper(organization) = 'EPSG' AND organization_coordsys_id = 4326)
        OR (upper(organization) = 'OGC' AND organization_coordsys_id = 84)`,
  );
  for (const [id] of found) if (typeof id === 'number') ids.add(id);
  return ids;
}

interface Layer {
  table: string;
  geometryColumn: string;
  srsId: number;
}

function featureLayers(db: Database): Layer[] {
  const found = rows(
    db,
    `SELECT c.table_name, g.column_name, g.srs_id
     FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
     JOIN sqlite_master m ON m.name = c.table_name AND m.type = 'table'
     WHERE c.data_type = 'features' ORDER BY c.table_name`,
  );
  return found.map(([table, column, srs]) => ({
    table: text(table),
    geometryColumn: text(column),
    srsId: Number(srs),
  }));
}

function plainColumns(db: Database, layer: Layer): string[] {
  // table_xinfo's `hidden` is 0 for ordinary columns (generated and virtual-table ones are not).
  // The integer primary key is the feature id, which GIS tools do not count among the fields.
  const info = rows(db, `SELECT name, hidden, pk, upper(type) FROM pragma_table_xinfo(?)`, [
    layer.table,
  ]);
  return info
    .filter(([name, hidden, pk, type]) => {
      const fid = Number(pk) === 1 && type === 'INTEGER';
      return Number(hidden) === 0 && !fid && text(name) !== layer.geometryColumn;
    })
    .map(([name]) => text(name));
}

function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  // Blobs have no place in GeoJSON properties.
  if (value instanceof Uint8Array) return undefined;
  return value;
}

/**
 * Reads every feature layer of the GeoPackage in `bytes` as one GeoJSON FeatureCollection (with a
 * `layer` property naming its table when there are several). Throws an {@link OverlayError} that
 * says what to do.
 */
export async function readGeoPackageFeatures(
  bytes: Uint8Array,
  name: string,
  limits: Partial<GeoPackageReadLimits> = {},
): Promise<GeoPackageFeatures> {
  const maxFeatures = limits.maxFeatures ?? MAX_OVERLAY_FEATURES;
  const maxTextBytes = limits.maxTextBytes ?? MAX_OVERLAY_BYTES;
  const { sqlite3 } = await loadSqlite();
  const { capi, wasm } = sqlite3;
  const db = new sqlite3.oo1.DB(':memory:', 'c');
  try {
    // A plain Uint8Array view: the allocator does not know Node's Buffer subclass.
    const pointer = wasm.allocFromTypedArray(
      new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
    const flags = capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_READONLY;
    const rc = capi.sqlite3_deserialize(
      db.pointer as number,
      'main',
      pointer,
      bytes.length,
      bytes.length,
      flags,
    );
    if (rc !== 0) {
      wasm.dealloc(pointer);
      throw new OverlayError(
        `${name} cannot be opened as SQLite (code ${rc}): is it a GeoPackage?`,
      );
    }
    capi.sqlite3_limit(db.pointer as number, capi.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES);
    let layers: Layer[];
    let geographic: Set<number>;
    try {
      layers = featureLayers(db);
      geographic = geographicSrsIds(db);
    } catch (error) {
      const detail = error instanceof Error ? error.message.slice(0, 160) : String(error);
      throw new OverlayError(`${name} is not a GeoPackage (${detail}).`);
    }
    if (layers.length === 0) {
      throw new OverlayError(`${name} has no feature layer: there is nothing to draw.`);
    }
    for (const layer of layers) {
      if (!geographic.has(layer.srsId)) {
        throw new OverlayError(
          `The layer "${layer.table.slice(0, 60)}" of ${name} is in the coordinate system with SRS id ${layer.srsId}, ` +
            `not longitude/latitude. ${REPROJECT_HINT}`,
        );
      }
    }
    const parts: string[] = [];
    let length = 0;
    let features = 0;
    const summary: GeoPackageFeatures['layers'] = [];
    for (const layer of layers) {
      const columns = plainColumns(db, layer);
      const select = [quoteId(layer.geometryColumn), ...columns.map(quoteId)].join(', ');
      const statement = db.prepare(`SELECT ${select} FROM ${quoteId(layer.table)}`);
      let count = 0;
      try {
        while (statement.step()) {
          const blob = statement.get(0);
          if (!(blob instanceof Uint8Array)) continue;
          let geometry;
          try {
            geometry = readGeoPackageGeometry(blob).geometry;
          } catch (error) {
            if (!(error instanceof WkbError)) throw error;
            throw new OverlayError(
              `Feature ${count + 1} of the layer "${layer.table.slice(0, 60)}" in ${name} has a broken geometry (${error.message}).`,
            );
          }
          if (!geometry) continue;
          const properties: Record<string, unknown> = {};
          if (layers.length > 1) properties.layer = layer.table;
          columns.forEach((column, i) => {
            const value = jsonValue(statement.get(i + 1));
            if (value !== undefined) properties[column] = value;
          });
          if (++features > maxFeatures) {
            throw new OverlayError(
              `${name} has more than ${maxFeatures.toLocaleString('en')} features: draw a part of it.`,
            );
          }
          const part = JSON.stringify({ type: 'Feature', properties, geometry });
          length += part.length + 1;
          if (length > maxTextBytes) {
            throw new OverlayError(
              `The features of ${name} make more than ${mib(maxTextBytes)} of GeoJSON, more than the map draws: ` +
                'draw one layer or a part of it (for example "ogr2ogr -f FlatGeobuf part.fgb in.gpkg layer").',
            );
          }
          parts.push(part);
          count++;
          if (count % ROWS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
        }
      } finally {
        statement.finalize();
      }
      summary.push({ name: layer.table, features: count });
    }
    return {
      text: `{"type":"FeatureCollection","features":[${parts.join(',')}]}`,
      layers: summary,
    };
  } finally {
    db.close();
  }
}
