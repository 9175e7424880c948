// How a tile request looks on the wire and in messages: the client token as `?access_token=` (the
// only form the documentation shows for tiles, never a header), and a refusal told in terms of the
// URL shape and the token kind that were used, never the token itself.
import { GraphError } from '../../shared/api/graphError';
import { redact } from '../../shared/redact';
import { type TileSetName, tileUrlTemplate } from '../../shared/tiles/tileSets';
import { type TileToken } from './tileToken';

/**
 * The URL and headers of a tile request: the client token as `access_token` in the query, the only
 * form the documentation shows for tiles. Never an Authorization header.
 */
export function buildTileRequest(
  url: string,
  token: string | undefined,
): { url: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { accept: 'application/x-protobuf, */*' };
  if (token === undefined) return { url, headers };
  const withToken = new URL(url);
  withToken.searchParams.set('access_token', token);
  return { url: withToken.toString(), headers };
}

/** How a tile request looked, for messages: the URL shape and the token kind, never the token. */
export function describeRequest(
  tilesUrl: string,
  set: TileSetName,
  token: TileToken | undefined,
): string {
  const template = redact(tileUrlTemplate(tilesUrl, set));
  return token
    ? `${template} with the client token from ${token.origin} as ?access_token`
    : `${template} without a token`;
}

/** A refused tile request, told in terms of the URL shape and token kind that were used. */
export function refusal(error: GraphError, shape: string): GraphError {
  const details = {
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    body:
      error.code === undefined
        ? undefined
        : {
            code: error.code,
            errorSubcode: error.subcode,
            isTransient: error.isTransient,
            fbtraceId: error.fbtraceId,
            message: error.serviceMessage,
          },
  };
  const code = error.code === undefined ? '' : `, code ${error.code}`;
  if (error.status === 404) {
    return new GraphError(
      'not-found',
      `The tile server answered 404 for ${shape}: no tiles live at that URL. Mapillary serves tiles under https://tiles.mapillary.com/maps/vtp; check the tiles URL setting.`,
      details,
    );
  }
  if (error.kind === 'invalid-token' || error.kind === 'permission') {
    return new GraphError(
      error.kind,
      `The tile server refused ${shape} (HTTP ${error.status ?? '?'}${code}): the client token was not accepted. Use the Client Token of your app from mapillary.com/dashboard/developers (not a user token, not the client secret).`,
      details,
    );
  }
  return error;
}
