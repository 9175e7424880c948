// The GIS writers as one unit that is loaded only when an export asks for a GIS format: esbuild
// builds this module into dist/gis.js (with SQLite's .wasm beside it), and the extension and the
// command line load it through loadGisWriters, so neither their start-up nor their bundles carry
// SQLite, FlatGeobuf or Parquet code. The GeoPackage reader of the map's overlays rides along: it
// needs the same SQLite.
import { readGeoPackageFeatures } from '../overlay/geoPackageFeatures';
import { writeFlatGeobuf } from './flatGeobufWriter';
import { writeGeoPackage } from './geoPackageWriter';
import { writeGeoParquet } from './geoParquetWriter';

export { readGeoPackageFeatures, writeFlatGeobuf, writeGeoPackage, writeGeoParquet };

/** What dist/gis.js exports. */
export interface GisWriters {
  writeGeoPackage: typeof writeGeoPackage;
  writeFlatGeobuf: typeof writeFlatGeobuf;
  writeGeoParquet: typeof writeGeoParquet;
  readGeoPackageFeatures: typeof readGeoPackageFeatures;
}
