// Fetches one vector tile for the command line. A client token (`MLY|…`) goes in the
// `access_token` query parameter, as Mapillary prefers for tiles; any other token is a user token
// and goes only in the Authorization header, never in a URL. Messages name the URL without the
// token and pass through redact(), so no token reaches the terminal.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { redact } from '../shared/redact';
import { type Gunzip, classifyTileBody, unwrapTileBody } from '../shared/tiles/tileBody';
import { type TileSetName, tileUrl } from '../shared/tiles/tileSets';
import { RuntimeError } from './cliErrors';

const gunzipAsync = promisify(gunzip);
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

/** A downloaded tile body, ready to decode. */
export interface DownloadedTile {
  /** The URL without any token (safe to print). */
  url: string;
  /** The tile bytes; empty for an empty tile. */
  bytes: Uint8Array;
  wasGzipped: boolean;
}

/** Decompresses gzip with a ceiling, since a small stream can expand without bound. */
export const boundedGunzip: Gunzip = async (bytes) => {
  const out = await gunzipAsync(bytes, { maxOutputLength: MAX_INFLATED_BYTES });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};

/** True for a client access token, which may travel in a URL; user tokens may not. */
export function isClientToken(token: string): boolean {
  return token.startsWith('MLY|');
}

/** Downloads tile `z/x/y` of `set`. Throws a RuntimeError with a token-free message. */
export async function downloadTile(
  fetchFn: typeof fetch,
  tilesUrl: string,
  set: TileSetName,
  z: number,
  x: number,
  y: number,
  token: string | undefined,
): Promise<DownloadedTile> {
  const url = tileUrl(tilesUrl, set, z, x, y);
  let requestUrl = url;
  const headers: Record<string, string> = {};
  if (token && isClientToken(token)) {
    requestUrl = `${url}?access_token=${encodeURIComponent(token)}`;
  } else if (token) {
    headers.Authorization = `OAuth ${token}`;
  }
  const clean = (text: string): string =>
    redact(token ? text.split(requestUrl).join(url).split(token).join('[redacted]') : text);
  let response: Response;
  try {
    response = await fetchFn(requestUrl, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new RuntimeError(clean(`could not fetch ${url}: ${cause}`));
  }
  const raw = new Uint8Array(await response.arrayBuffer());
  if (!response.ok) {
    const body = classifyTileBody(raw);
    const detail = body.kind === 'json' || body.kind === 'html' ? `; ${body.reason}` : '';
    throw new RuntimeError(clean(`HTTP ${response.status} from ${url}${detail}`));
  }
  const unwrapped = await unwrapTileBody(raw, boundedGunzip);
  if (unwrapped.kind === 'not-a-tile') {
    throw new RuntimeError(clean(`${url} did not return a tile: ${unwrapped.reason}`));
  }
  if (unwrapped.kind === 'empty') return { url, bytes: new Uint8Array(0), wasGzipped: false };
  return { url, bytes: unwrapped.bytes, wasGzipped: unwrapped.wasGzipped };
}
