// Reads a file the user asked to see on the map: a .geojson, .fgb or .gpkg file in the workspace.
// It is hostile input like any other: it must be a regular file that resolves inside `root` (links
// are resolved first, so a link cannot lead out), no longer than its format's limit (checked on the
// open handle, so a file that grows meanwhile is still cut off), and it must start the way its
// format does. GeoJSON and FlatGeobuf go to the map as they are (the map's worker parses them); a
// GeoPackage is read out here, with SQLite, into GeoJSON.
import * as path from 'node:path';
import { OverlayError } from '../../shared/overlay/overlayFeatures';
import {
  MAX_GEOPACKAGE_BYTES,
  MAX_OVERLAY_BYTES,
  type OverlayFileFormat,
  type OverlayWireFormat,
  mib,
  overlayFormatOf,
} from '../../shared/overlay/overlayLimits';
import { type FileProblem, FileReadError, readBoundedFile } from '../fs/boundedFile';
import type { GeoPackageFeatures } from './geoPackageFeatures';

/** A file ready for the map. */
export interface OverlayFileData {
  /** The file's name, without its folder. */
  name: string;
  /** The format on disk, and the format of `bytes`. */
  fileFormat: OverlayFileFormat;
  format: OverlayWireFormat;
  bytes: Uint8Array;
  /** For a GeoPackage, the layers read and their feature counts. */
  layers?: GeoPackageFeatures['layers'];
}

/** Options of {@link readOverlayFile}. */
export interface ReadOverlayOptions {
  /** The file must resolve to a path inside this folder (the workspace folder). */
  root: string;
  /** Reads a GeoPackage's features (the lazily loaded reader of dist/gis.js). */
  readGeoPackage: (bytes: Uint8Array, name: string) => Promise<GeoPackageFeatures>;
  /** Overrides the size limits (tests). */
  maxBytes?: Partial<Record<OverlayFileFormat, number>>;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** The user's words for a file that was not read. */
function refusal(problem: FileProblem, name: string): string {
  switch (problem.kind) {
    case 'outside':
      return `${name} is outside the workspace folder: only files in the workspace are shown on the map. Copy it into the workspace first.`;
    case 'missing':
      return `${name} does not exist (any more).`;
    case 'folder':
      return `${name} is a folder.`;
    case 'not-a-file':
      return `${name} is not a regular file.`;
    case 'denied':
      return `${name} cannot be read (permission denied).`;
    case 'too-large':
      return (
        `${name} is ${mib(problem.size)}; the map draws files of at most ${mib(problem.maxBytes)}. ` +
        'Draw a part of it (filter or clip it in QGIS or with ogr2ogr), or save it as FlatGeobuf, which is smaller.'
      );
    case 'changed':
      return `${name} changed while it was read: try again.`;
    case 'io':
      return `${name} cannot be read (${problem.code ?? 'I/O error'}).`;
  }
}

function firstNonSpace(bytes: Uint8Array): number | undefined {
  // A UTF-8 byte order mark is allowed before the JSON.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < Math.min(bytes.length, 4096); i++) {
    const b = bytes[i] as number;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return undefined;
}

function checkStart(bytes: Uint8Array, format: OverlayFileFormat, name: string): void {
  if (format === 'geojson' && firstNonSpace(bytes) !== 0x7b) {
    throw new OverlayError(`${name} is not GeoJSON: a GeoJSON file is a JSON object ("{ … }").`);
  }
  if (format === 'fgb' && !(bytes[0] === 0x66 && bytes[1] === 0x67 && bytes[2] === 0x62)) {
    throw new OverlayError(`${name} is not FlatGeobuf: its first bytes are not "fgb".`);
  }
  if (format === 'gpkg' && Buffer.from(bytes.subarray(0, 16)).toString('latin1') !== SQLITE_MAGIC) {
    throw new OverlayError(`${name} is not a GeoPackage: it is not an SQLite database.`);
  }
}

/** Reads a file for the map; throws an {@link OverlayError} that names the file and says what to do. */
export async function readOverlayFile(
  file: string,
  options: ReadOverlayOptions,
): Promise<OverlayFileData> {
  const name = path.basename(file);
  const fileFormat = overlayFormatOf(name);
  if (!fileFormat) {
    throw new OverlayError(
      `${name} is not a file the map draws: show a .geojson, .gpkg or .fgb file.`,
    );
  }
  const limit =
    options.maxBytes?.[fileFormat] ??
    (fileFormat === 'gpkg' ? MAX_GEOPACKAGE_BYTES : MAX_OVERLAY_BYTES);
  let bytes: Uint8Array;
  try {
    bytes = await readBoundedFile(file, { root: options.root, maxBytes: limit });
  } catch (error) {
    if (error instanceof FileReadError) throw new OverlayError(refusal(error.problem, name));
    throw error;
  }
  checkStart(bytes, fileFormat, name);
  if (fileFormat !== 'gpkg') return { name, fileFormat, format: fileFormat, bytes };
  let read: GeoPackageFeatures;
  try {
    read = await options.readGeoPackage(bytes, name);
  } catch (error) {
    if (error instanceof OverlayError) throw error;
    const detail = (error instanceof Error ? error.message : String(error)).slice(0, 160);
    throw new OverlayError(`${name} cannot be read as a GeoPackage (${detail}).`);
  }
  const text = Buffer.from(read.text, 'utf8');
  if (text.length > (options.maxBytes?.geojson ?? MAX_OVERLAY_BYTES)) {
    throw new OverlayError(
      `The features of ${name} make ${mib(text.length)} of GeoJSON, more than the map draws: draw one layer or a part of it.`,
    );
  }
  return { name, fileFormat, format: 'geojson', bytes: text, layers: read.layers };
}
