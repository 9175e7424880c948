// Reads an area from a GeoJSON file named by the user (`--area file.geojson`, or a file in the
// workspace). The file is hostile input like any other: it must be a regular file, inside `root`
// when one is given (links are resolved first, so a link cannot lead out), at most `maxBytes` long
// (checked on the open handle, so a file that grows meanwhile is still cut off), and UTF-8.
import { open, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { type Area, AreaError } from '../../shared/geo/area';
import {
  type AreaLimits,
  DEFAULT_AREA_LIMITS,
  parseAreaGeoJson,
} from '../../shared/geo/areaGeoJson';

/** Options of {@link readAreaFile}. */
export interface ReadAreaFileOptions {
  /** When set, the file must resolve to a path inside this folder (e.g. the workspace). */
  root?: string;
  /** Largest file read, in bytes (default: the parser's character limit, 8 MB). */
  maxBytes?: number;
  /** Limits of the shape itself. */
  limits?: Partial<AreaLimits>;
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function confined(file: string, root: string): Promise<string> {
  const [real, realRoot] = await Promise.all([realpath(file), realpath(root)]);
  const relative = path.relative(realRoot, real);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new AreaError(
      `The area file ${path.basename(file)} is outside ${realRoot}: put it in that folder.`,
    );
  }
  return real;
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
    const target = options.root ? await confined(file, options.root) : file;
    const handle = await open(target, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new AreaError(`The area file ${name} is not a regular file.`);
      if (stat.size > maxBytes) {
        throw new AreaError(
          `The area file ${name} is ${stat.size} bytes; at most ${maxBytes} are read: simplify the shape.`,
        );
      }
      // One byte more than the size tells a file that grew after the size check.
      const buffer = Buffer.alloc(stat.size + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length > stat.size) {
          throw new AreaError(`The area file ${name} changed while it was read: try again.`);
        }
      }
      bytes = buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof AreaError) throw error;
    const code = errnoCode(error);
    if (code === 'ENOENT') throw new AreaError(`The area file ${name} does not exist.`);
    if (code === 'EISDIR') throw new AreaError(`The area file ${name} is a folder.`);
    if (code === 'EACCES' || code === 'EPERM') {
      throw new AreaError(`The area file ${name} cannot be read (permission denied).`);
    }
    throw new AreaError(`The area file ${name} cannot be read (${code ?? 'I/O error'}).`);
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
