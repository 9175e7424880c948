// Writes a GeoPackage (.gpkg), the OGC format QGIS opens by default: one table per layer, with its
// rows streamed in, the R-tree filled as they come, and the extents recorded at the end. SQLite is
// the WebAssembly build writing the file through a Node VFS, so memory stays at SQLite's page cache
// however many rows there are.
//
// A GeoPackage feature table has exactly one geometry column (GeoPackage 1.3, requirement 30), and
// QGIS shows one layer per geometry column anyway, so a layer with a second geometry (the images'
// computed positions) becomes a second table, `<layer>_computed`, with the same columns: each can be
// styled, filtered and identified on its own, and shown together they compare the two positions.
import { writeFile } from 'node:fs/promises';
import {
  type GisFeature,
  type GisLayer,
  type GisLayerSummary,
  cellValue,
  checkLayer,
  geometryEnvelope,
  growExtent,
} from '../../shared/gis/gisTypes';
import { hilbertOrder } from '../../shared/gis/packedRTree';
import { EPSG_4326, toGeoPackageBlob } from '../../shared/gis/wkb';
import {
  FID_COLUMN,
  GEOMETRY_COLUMN,
  GPKG_APPLICATION_ID,
  GPKG_BASE_SQL,
  GPKG_USER_VERSION,
  createLayerSql,
  createRTreeSql,
  quoteId,
  rtreeTriggersSql,
} from './geoPackageSchema';
import { type GisWriteOptions, checkCancelled, writeThroughTemp } from './gisOutput';
import { NODE_FILE_VFS } from './nodeFileVfs';
import { loadSqlite } from './sqliteWasm';

/** Options of {@link writeGeoPackage}. */
export interface GeoPackageOptions extends GisWriteOptions {
  /**
   * The `last_change` recorded for every table (default: now). Pass a fixed time (e.g. when the
   * job started) so that writing the same data again gives the same bytes.
   */
  lastChange?: Date;
  /**
   * Builds the database in WebAssembly memory and saves it at the end, as an in-memory SQLite
   * (sql.js, say) must. Only for the benchmark's comparison: memory then grows with the file.
   */
  inMemory?: boolean;
}

type Database = InstanceType<Awaited<ReturnType<typeof loadSqlite>>['sqlite3']['oo1']['DB']>;
type Statement = ReturnType<Database['prepare']>;
type Bindable = string | number | Uint8Array | null;

/**
 * One table being filled: its insert statement, and the boxes of its geometries (40 bytes a row),
 * which go into the R-tree at the end in Hilbert order. SQLite's R-tree slows down as it grows when
 * boxes arrive scattered (200,000 images of the benchmark took 155 s with each box inserted with its
 * row, 21 s sorted), and neighbours in a row keep its node splits local.
 */
class TableWriter {
  readonly insert: Statement;
  extent: [number, number, number, number] | undefined;
  count = 0;
  private boxes = new Float64Array(4 * 1024);
  private fids = new Float64Array(1024);
  private boxCount = 0;

  constructor(
    private readonly db: Database,
    readonly table: string,
    readonly layer: GisLayer,
  ) {
    db.exec(createLayerSql(table, geometryTypeName(layer), layer.columns));
    const names = [FID_COLUMN, ...(layer.geometryType ? [GEOMETRY_COLUMN] : [])];
    names.push(...layer.columns.map((c) => quoteId(c.name)));
    const marks = names.map(() => '?').join(', ');
    this.insert = db.prepare(
      `INSERT INTO ${quoteId(table)} (${names.join(', ')}) VALUES (${marks})`,
    );
    if (layer.geometryType) for (const sql of createRTreeSql(table)) db.exec(sql);
  }

  add(fid: number, geometry: GisFeature['geometry'] | undefined, cells: Bindable[]): void {
    const row: Bindable[] = [fid];
    if (this.layer.geometryType) {
      if (geometry && geometry.type !== this.layer.geometryType) {
        throw new Error(`A ${geometry.type} in the ${this.layer.geometryType} layer ${this.table}`);
      }
      row.push(geometry ? toGeoPackageBlob(geometry) : null);
    }
    row.push(...cells);
    this.insert.bind(row).stepReset();
    this.count += 1;
    if (geometry) {
      const box = geometryEnvelope(geometry);
      this.extent = growExtent(this.extent, box);
      if (this.boxCount === this.fids.length) {
        const boxes = new Float64Array(this.boxes.length * 2);
        boxes.set(this.boxes);
        this.boxes = boxes;
        const fids = new Float64Array(this.fids.length * 2);
        fids.set(this.fids);
        this.fids = fids;
      }
      this.boxes.set(box, this.boxCount * 4);
      this.fids[this.boxCount] = fid;
      this.boxCount += 1;
    }
  }

  /** Fills the R-tree with the boxes in Hilbert order. */
  private fillRTree(): void {
    if (!this.extent || this.boxCount === 0) return;
    const insert = this.db.prepare(
      `INSERT INTO ${quoteId(`rtree_${this.table}_${GEOMETRY_COLUMN}`)} VALUES (?, ?, ?, ?, ?)`,
    );
    try {
      for (const i of hilbertOrder(this.boxes, this.boxCount, this.extent)) {
        const b = this.boxes;
        insert
          .bind([this.fids[i], b[i * 4]!, b[i * 4 + 2]!, b[i * 4 + 1]!, b[i * 4 + 3]!])
          .stepReset();
      }
    } finally {
      insert.finalize();
    }
    this.boxes = new Float64Array(0);
    this.fids = new Float64Array(0);
  }

  /** Registers the table in the metadata tables and adds the R-tree's triggers. */
  finish(lastChange: string): GisLayerSummary {
    this.insert.finalize();
    this.fillRTree();
    const spatial = this.layer.geometryType !== null;
    const e = this.extent;
    this.db.exec({
      sql: `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change,
        min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      bind: [
        this.table,
        spatial ? 'features' : 'attributes',
        this.table,
        this.layer.description ?? '',
        lastChange,
        e?.[0] ?? null,
        e?.[1] ?? null,
        e?.[2] ?? null,
        e?.[3] ?? null,
        spatial ? EPSG_4326 : null,
      ],
    });
    if (spatial) {
      this.db.exec({
        sql: 'INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)',
        bind: [this.table, GEOMETRY_COLUMN, geometryTypeName(this.layer), EPSG_4326],
      });
      for (const sql of rtreeTriggersSql(this.table)) this.db.exec(sql);
    }
    return { name: this.table, features: this.count, leftOut: 0, extent: e };
  }
}

function geometryTypeName(layer: GisLayer): string | null {
  if (layer.geometryType === 'Point') return 'POINT';
  if (layer.geometryType === 'LineString') return 'LINESTRING';
  return null;
}

/** The table of a layer's second geometry: `images` + `computed_geometry` → `images_computed`. */
export function secondTableName(layer: Pick<GisLayer, 'name' | 'secondGeometry'>): string {
  return `${layer.name}_${(layer.secondGeometry ?? 'second').replace(/_geometry$/, '')}`;
}

async function writeLayer(
  db: Database,
  layer: GisLayer,
  lastChange: string,
  signal: AbortSignal | undefined,
): Promise<GisLayerSummary[]> {
  checkLayer(layer, [FID_COLUMN, GEOMETRY_COLUMN]);
  const main = new TableWriter(db, layer.name, layer);
  const second =
    layer.secondGeometry && layer.geometryType
      ? new TableWriter(db, secondTableName(layer), layer)
      : undefined;
  let fid = 0;
  for await (const feature of layer.features) {
    if (fid % 1000 === 0) checkCancelled(signal);
    fid += 1;
    const cells = layer.columns.map((c): Bindable => {
      const value = cellValue(c.type, feature.values[c.name]);
      return typeof value === 'boolean' ? Number(value) : value;
    });
    main.add(fid, feature.geometry, cells);
    second?.add(fid, feature.secondGeometry ?? null, cells);
  }
  checkCancelled(signal);
  return [main.finish(lastChange), ...(second ? [second.finish(lastChange)] : [])];
}

/**
 * Writes `layers` to the GeoPackage `file` (replacing it only once it is whole) and returns what
 * each table holds. Layers without geometry become attribute tables; a layer with a second
 * geometry also writes `<name>_computed` (see the file comment).
 */
export async function writeGeoPackage(
  file: string,
  layers: readonly GisLayer[],
  options: GeoPackageOptions = {},
): Promise<GisLayerSummary[]> {
  const { sqlite3, vfsErrors } = await loadSqlite();
  const lastChange = (options.lastChange ?? new Date()).toISOString();
  return writeThroughTemp(file, async (temp) => {
    vfsErrors.last = undefined;
    const db = options.inMemory
      ? new sqlite3.oo1.DB(':memory:', 'c')
      : new sqlite3.oo1.DB({ filename: temp, flags: 'c', vfs: NODE_FILE_VFS });
    try {
      db.exec([
        'PRAGMA page_size = 4096;',
        // The file is new and renamed into place only when whole: no journal to keep.
        'PRAGMA journal_mode = OFF;',
        'PRAGMA synchronous = OFF;',
        `PRAGMA application_id = ${GPKG_APPLICATION_ID};`,
        `PRAGMA user_version = ${GPKG_USER_VERSION};`,
        'BEGIN;',
      ]);
      for (const sql of GPKG_BASE_SQL) db.exec(sql);
      const summaries: GisLayerSummary[] = [];
      for (const layer of layers) {
        summaries.push(...(await writeLayer(db, layer, lastChange, options.signal)));
      }
      db.exec('COMMIT;');
      if (options.inMemory) await writeFile(temp, sqlite3.capi.sqlite3_js_db_export(db));
      return summaries;
    } catch (error) {
      // SQLite reports a failed write as "disk I/O error"; the VFS kept the real cause.
      throw vfsErrors.last ?? error;
    } finally {
      db.close();
    }
  });
}
