// What a file drawn over the map may cost. The files are the user's, or anyone's: a workspace is
// not trusted, so every size is bounded before it is allocated, and each limit says in its error
// what to do instead.

/** The formats the map draws, as they cross to the webview (a GeoPackage crosses as GeoJSON). */
export type OverlayWireFormat = 'geojson' | 'fgb';

/** The file formats "Show on Map" reads, by extension. */
export type OverlayFileFormat = 'geojson' | 'fgb' | 'gpkg';

/**
 * Largest data that crosses to the map: a GeoJSON or FlatGeobuf file as it is, or the GeoJSON
 * read out of a GeoPackage. 64 MiB holds the 50 MB files the benchmark draws, and is what one
 * message on the request channel may carry.
 */
export const MAX_OVERLAY_BYTES = 64 * 1024 * 1024;

/**
 * Bytes of a file sent to the map in one message. The page copies each message on its own thread
 * when it arrives; 50 MB at once took a task of 50 to 200 ms there, 4 MB pieces take a few ms each.
 */
export const OVERLAY_CHUNK_BYTES = 4 * 1024 * 1024;

/** Largest GeoPackage read (SQLite holds it in memory while its layers are read out). */
export const MAX_GEOPACKAGE_BYTES = 256 * 1024 * 1024;

/** Most features one overlay draws. */
export const MAX_OVERLAY_FEATURES = 1_000_000;

/** Most positions (vertices and points) over all features of one overlay. */
export const MAX_OVERLAY_POSITIONS = 10_000_000;

/** Most points listed for "Images looking at here" (the map still draws all of them). */
export const MAX_LISTED_POINTS = 5_000;

/** Longest label of a listed point. */
export const MAX_POINT_LABEL = 120;

/** Most overlays on the map at once. */
export const MAX_OVERLAYS = 8;

/** The file format of a path, by its extension; undefined for a file the map does not draw. */
export function overlayFormatOf(fileName: string): OverlayFileFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.geojson')) return 'geojson';
  if (lower.endsWith('.fgb')) return 'fgb';
  if (lower.endsWith('.gpkg')) return 'gpkg';
  return undefined;
}

/** A size in MiB for messages. */
export function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}
