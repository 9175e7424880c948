// Small HTTP helpers for the emulator's tests: plain fetch with the client token, JSON parsing, and
// tile coordinates of the dataset's centre.
import { type Emulator } from '../../emulator/emulator';

/** A parsed JSON response. */
export interface JsonResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** GETs a Graph path (with query) using the client token in the header. */
export async function getJson(
  emu: Emulator,
  pathAndQuery: string,
  token = emu.clientToken,
): Promise<JsonResponse> {
  const res = await fetch(`${emu.graphUrl}${pathAndQuery}`, {
    headers: { Authorization: `OAuth ${token}` },
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as Record<string, unknown>,
  };
}

/** The `data` array of a collection response. */
export function dataOf(body: Record<string, unknown>): Record<string, unknown>[] {
  const data = body.data;
  if (!Array.isArray(data)) {
    throw new Error(`no data array in ${JSON.stringify(body).slice(0, 200)}`);
  }
  return data as Record<string, unknown>[];
}

/** The `error` object of a Graph error body. */
export function errorOf(body: Record<string, unknown>): Record<string, unknown> {
  const error = body.error;
  if (typeof error !== 'object' || error === null) {
    throw new Error(`no error in ${JSON.stringify(body).slice(0, 200)}`);
  }
  return error as Record<string, unknown>;
}

/** The tile at zoom z containing a lon/lat. */
export function tileAt(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return {
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n),
  };
}

/** A bbox query value around a point, `d` degrees each side. */
export function bboxAround(lon: number, lat: number, d: number): string {
  return [lon - d, lat - d, lon + d, lat + d].join(',');
}
