// Reads an area from a GeoJSON file named by the user (`--area file.geojson`, or a file in the
// workspace). The file is hostile input like any other: it must be a regular file, inside `root`
// when one is given (links are resolved first, so a link cannot lead out), at most `maxBytes` long
// (checked on the open handle, so a file that grows meanwhile is still cut off), and UTF-8.
import * as path from 'node:path';
import { type Area, AreaError } from '../../shared/geo/area';
import {
  type AreaLimits,
  DEFAULT_AREA_LIMITS,
  parseAreaGeoJson,
} from '../../shared/geo/areaGeoJson';
import { type FileProblem, FileReadError, readBoundedFile } from '../fs/boundedFile';

/** Options of {@link readAreaFile}. */
export interface ReadAreaFileOptions {
  /** When set, the file must resolve to a path inside this folder (e.g. the workspace). */
  root?: string;
  /** Largest file read, in bytes (default: the parser's character limit, 8 MB). */
  maxBytes?: number;
  /** Limits of the shape itself. */
  limits?: Partial<AreaLimits>;
}

/** The user's words for a file that was not read. */
function refusal(problem: FileProblem, name: string): string {
  switch (problem.kind) {
    case 'outside':
      return `The area file ${name} is outside ${problem.root}: put it in that folder.`;
    case 'missing':
      return `The area file ${name} does not exist.`;
    case 'folder':
      return `The area file ${name} is a folder.`;
    case 'not-a-file':
      return `The area file ${name} is not a regular file.`;
    case 'denied':
      return `The area file ${name} cannot be read (permission denied).`;
    case 'too-large':
      return `The area file ${name} is ${problem.size} bytes; at most ${problem.maxBytes} are read: simplify the shape.`;
    case 'changed':
      return `The area file ${name} changed while it was read: try again.`;
    case 'io':
      return `The area file ${name} cannot be read (${problem.code ?? 'I/O error'}).`;
  }
}

/**
 * Reads and checks the area in a GeoJSON file. Throws an {@link AreaError} whose message names the
 * file and says what to fix; nothing is written.
 */
export async function readAreaFile(file: string, options: ReadAreaFileOptions = {}): Promise<Area> {
  const name = path.basename(file);
  const maxBytes = options.maxBytes ?? options.limits?.maxChars ?? DEFAULT_AREA_LIMITS.maxChars;
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(file, { root: options.root, maxBytes });
  } catch (error) {
    if (error instanceof FileReadError) throw new AreaError(refusal(error.problem, name));
    throw error;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AreaError(`The area file ${name} is not UTF-8 text; save it as UTF-8 GeoJSON.`);
  }
  try {
    return parseAreaGeoJson(text, { ...options.limits, maxChars: Math.max(maxBytes, 1) });
  } catch (error) {
    if (error instanceof AreaError) throw new AreaError(`${name}: ${error.message}`);
    throw error;
  }
}
