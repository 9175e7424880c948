// The Mapillary client of one command-line run: the same core the extension uses (Graph client,
// tile fetcher, retries, rate limits), built from the global options. A client token (`MLY|…`)
// may travel to the tiles in the query as Mapillary prefers; any other token only in a header.
import { type MapillaryClient, createMapillaryClient } from '../core/api/mapillaryClient';
import { isClientToken } from '../shared/api/graphUrl';
import type { CommandContext } from './cliCommand';
import { UsageError } from './cliErrors';
import { budgetFileIn } from './cliState';

/** Builds the client; `needsToken` refuses to start without one (every Graph call needs it). */
export function openClient(context: CommandContext, needsToken: boolean): Promise<MapillaryClient> {
  const { global, io } = context;
  const token = global.token;
  if (needsToken && !token) {
    throw new UsageError(
      'an access token is needed: set MAPILLARY_ACCESS_TOKEN (or pass --token)',
      context.command,
    );
  }
  return createMapillaryClient({
    graphUrl: global.apiUrl,
    tilesUrl: global.tilesUrl,
    getToken: () => Promise.resolve(token),
    clientToken: token && isClientToken(token) ? token : undefined,
    fetch: io.fetch,
    maxAttempts: global.retries + 1,
    budgetFile: global.stateDir ? budgetFileIn(global.stateDir) : undefined,
  });
}
