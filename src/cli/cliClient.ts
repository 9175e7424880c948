// The Mapillary client of one command-line run: the same core the extension uses (Graph client,
// tile fetcher, retries, rate limits), built from the global options. Graph calls carry the access
// token in the Authorization header; tiles carry only a client token in `?access_token=`: the one
// given with --client-token (or MAPILLARY_CLIENT_TOKEN), else the access token if the service says
// it is a client token. A user token never goes into a tile URL.
import { type MapillaryClient, createMapillaryClient } from '../core/api/mapillaryClient';
import { ACCESS_TOKEN_VARIABLE, CLIENT_TOKEN_VARIABLE } from '../core/auth/environmentTokens';
import { type TileTokenCandidate } from '../core/tiles/tileToken';
import type { CommandContext } from './cliCommand';
import { UsageError } from './cliErrors';
import { budgetFileIn } from './cliState';
import type { GlobalOptions } from './cliIo';

/** Builds the client; `needsToken` refuses to start without one (every Graph call needs it). */
export function openClient(context: CommandContext, needsToken: boolean): Promise<MapillaryClient> {
  const { global, io } = context;
  const token = global.token;
  if (needsToken && !token) {
    throw new UsageError(
      `an access token is needed: set ${ACCESS_TOKEN_VARIABLE} (or pass --token), or give your app's client token with ${CLIENT_TOKEN_VARIABLE} (or --client-token)`,
      context.command,
    );
  }
  return createMapillaryClient({
    graphUrl: global.apiUrl,
    tilesUrl: global.tilesUrl,
    getToken: () => Promise.resolve(token),
    tileTokens: () => Promise.resolve(tileTokenCandidates(global)),
    missingClientToken: ({ userToken }) => missingClientToken(global, userToken),
    fetch: io.fetch,
    maxAttempts: global.retries + 1,
    budgetFile: global.stateDir ? budgetFileIn(global.stateDir) : undefined,
  });
}

/** The tokens that may serve tiles: the declared client token, then the access token. */
export function tileTokenCandidates(global: GlobalOptions): TileTokenCandidate[] {
  const out: TileTokenCandidate[] = [];
  if (global.clientToken) {
    out.push({
      token: global.clientToken,
      origin: global.clientTokenOrigin ?? '--client-token',
      declaredClient: true,
    });
  }
  if (global.token && global.token !== global.clientToken) {
    out.push({
      token: global.token,
      origin: global.tokenOrigin ?? '--token',
      declaredClient: false,
    });
  }
  return out;
}

/** What the command line says when tiles need a client token and there is none. */
export function missingClientToken(global: GlobalOptions, userToken: boolean): string {
  const how = `pass --client-token 'MLY|<app id>|<hex>' or set ${CLIENT_TOKEN_VARIABLE} (the Client Token of your app at mapillary.com/dashboard/developers)`;
  if (userToken) {
    return `Tiles need your app's client token, and ${global.tokenOrigin ?? 'the access token'} holds a user token, which is never put into a tile URL: ${how}.`;
  }
  return `Tiles need your app's client token: ${how}.`;
}
