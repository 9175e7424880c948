// Where a request carries its token. The official documentation ("Authentication": "Tokens can be
// sent in two ways") allows `?access_token=XXX` and the header `Authorization: OAuth XXX`, the header
// for "the Entity API calls"; `../shared/docs/mapillary-api.md` ("Hosts and auth") adds that tiles
// take the token as `?access_token=` and that no recording shows the header working for tiles.
import { type IncomingMessage } from 'node:http';

/** How a request sent its token. */
export type TokenCarrier = 'header' | 'query';

/** A token and how it came. */
export interface PresentedToken {
  token: string;
  via: TokenCarrier;
}

/** The token of a Graph call: the `Authorization: OAuth` header first, else `access_token`. */
export function graphToken(
  req: IncomingMessage,
  query: URLSearchParams,
): PresentedToken | undefined {
  const header = req.headers.authorization;
  const m = header ? /^OAuth\s+(\S+)\s*$/.exec(header) : null;
  if (m?.[1]) return { token: m[1], via: 'header' };
  const fromQuery = query.get('access_token');
  return fromQuery ? { token: fromQuery, via: 'query' } : undefined;
}

/** The token of a tile request: `access_token` in the query only. */
export function tileToken(query: URLSearchParams): PresentedToken | undefined {
  const fromQuery = query.get('access_token');
  return fromQuery ? { token: fromQuery, via: 'query' } : undefined;
}

/** Whether the request also carried an Authorization header (recorded for the tests). */
export function hasAuthorizationHeader(req: IncomingMessage): boolean {
  return typeof req.headers.authorization === 'string' && req.headers.authorization !== '';
}
