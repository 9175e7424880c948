// URL building for Graph calls. The base URL is a setting (proxies, the emulator), possibly with a
// path prefix; a token never goes into these URLs (it travels in the Authorization header).

/** Query parameters; undefined values are left out, arrays are joined with commas. */
export type QueryParams = Record<string, string | number | boolean | readonly string[] | undefined>;

/** Joins the base URL, a path and query parameters. */
export function buildGraphUrl(baseUrl: string, path: string, params: QueryParams = {}): string {
  const base = baseUrl.replace(/\/+$/, '');
  const tail = path.replace(/^\/+/, '');
  const url = new URL(`${base}/${tail}`);
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return url.toString();
}

/** Whether `url` has the same origin (scheme, host, port) as `baseUrl`. */
export function sameOrigin(url: string, baseUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}

/** Removes `access_token` from a URL (e.g. `paging.next`), so the token can travel in a header. */
export function withoutAccessToken(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete('access_token');
  return parsed.toString();
}
