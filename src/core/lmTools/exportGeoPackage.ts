// The GeoPackage branch of mapillary_exportImages: the images read in batches of 50 (the client's
// getMany, as the metadata job reads them), then written as an `images` point layer (and its
// `images_computed` twin for the computed positions) by the GIS writer the exports share. The
// writer builds the file under a temporary name and renames it into place only when whole, so a
// cancelled or failed call leaves nothing under the final name. A tool call holds at most 10,000
// images, so they are read before writing, not stored as resumable units.
import { imageSchema } from '../../shared/api/entities';
import { GEOMETRY_FIELDS } from '../../shared/gis/gisColumns';
import { type MapillaryApi } from '../api/mapillaryApi';
import { fieldsForColumns } from '../export/metadataColumns';
import { imagesLayer } from '../gis/gisRecords';
import { loadGisWriters } from '../gis/loadGisWriters';

/** What the GeoPackage export did. */
export interface GeoPackageExport {
  written: number;
  /** Ids the service does not know (or the token may not see). */
  notFound: string[];
}

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** Reads `ids` and writes them to `file` as a GeoPackage with `columns`. */
export async function exportGeoPackage(
  api: MapillaryApi,
  ids: readonly string[],
  columns: readonly string[],
  file: string,
  signal?: AbortSignal,
): Promise<GeoPackageExport> {
  const fields = [...new Set([...fieldsForColumns(columns), ...GEOMETRY_FIELDS])];
  const result = await api.getMany(ids, fields, imageSchema, { signal, batchSize: 50 });
  const images = ids.flatMap((id) => {
    const image = result.found.get(id);
    return image ? [image as Record<string, unknown> & { id: string }] : [];
  });
  if (images.length === 0) return { written: 0, notFound: result.missing };
  signal?.throwIfAborted();
  const [summary] = await loadGisWriters().writeGeoPackage(
    file,
    [imagesLayer(columns, each(images))],
    { signal },
  );
  return { written: summary?.features ?? images.length, notFound: result.missing };
}
