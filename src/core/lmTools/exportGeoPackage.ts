// The GeoPackage branch of mapillary_exportImages: the images read in batches of 50 (the client's
// getMany, as the metadata job reads them), then written as an `images` point layer (and its
// `images_computed` twin for the computed positions) by the GIS writer the exports share, as they
// arrive. The writer builds the file under a temporary name and renames it into place only when
// whole, so a cancelled or failed call leaves nothing under the final name. A tool call holds at
// most 10,000 images, so a failed call starts over rather than resuming stored units.
import { rm } from 'node:fs/promises';
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

/** Ids read per step: ten requests of 50, then their images go to the writer. */
const STEP = 500;

async function* readImages(
  api: MapillaryApi,
  ids: readonly string[],
  fields: readonly string[],
  notFound: string[],
  signal: AbortSignal | undefined,
): AsyncGenerator<Record<string, unknown> & { id: string }> {
  for (let i = 0; i < ids.length; i += STEP) {
    const part = ids.slice(i, i + STEP);
    const result = await api.getMany(part, fields, imageSchema, { signal, batchSize: 50 });
    notFound.push(...result.missing);
    for (const id of part) {
      const image = result.found.get(id);
      if (image) yield image;
    }
  }
}

/**
 * Reads `ids` and writes them to `file` as a GeoPackage with `columns`. When none of the ids is
 * known, no file is left behind.
 */
export async function exportGeoPackage(
  api: MapillaryApi,
  ids: readonly string[],
  columns: readonly string[],
  file: string,
  signal?: AbortSignal,
): Promise<GeoPackageExport> {
  const fields = [...new Set([...fieldsForColumns(columns), ...GEOMETRY_FIELDS])];
  const notFound: string[] = [];
  const [summary] = await loadGisWriters().writeGeoPackage(
    file,
    [imagesLayer(columns, readImages(api, ids, fields, notFound, signal))],
    { signal },
  );
  const written = summary?.features ?? 0;
  if (written === 0) await rm(file, { force: true });
  return { written, notFound };
}
