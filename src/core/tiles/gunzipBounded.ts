// Gunzip with a ceiling on the output: a few kilobytes of gzip can expand to gigabytes.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { type Gunzip } from '../../shared/tiles/tileBody';

const gunzipAsync = promisify(gunzip);

/** Returns a {@link Gunzip} that refuses to produce more than `maxBytes`. */
export function boundedGunzip(maxBytes: number): Gunzip {
  return async (bytes) => {
    try {
      const out = await gunzipAsync(bytes, { maxOutputLength: maxBytes });
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new Error(`it expands beyond ${Math.round(maxBytes / 1e6)} MB`, { cause: error });
      }
      throw error;
    }
  };
}
