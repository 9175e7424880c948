// The token a tile request carries. Tiles take the token in the URL (`?access_token=`: the
// documentation's form for every tile set, and the only one recorded working), and a user token must
// never be in a URL, so a tile request carries an app's client token or nothing. The front ends list
// the tokens at hand, best first; the first that is a client token is used. A user token offered as a
// client token (`--client-token`, the stored client token) is a mistake the message names; when no
// client token is at hand the front end's advice says what is missing and how to add it.
import { GraphError } from '../../shared/api/graphError';
import { type TokenKind, type TokenKinds, hasClientTokenShape } from '../api/tokenKinds';

/** A token that might serve tiles. */
export interface TileTokenCandidate {
  token: string;
  /** Where it comes from, for messages: "--client-token", "MAPILLARY_CLIENT_TOKEN", "the signed-in token". */
  origin: string;
  /** Offered as a client token: a user token here is a mistake to name, not a token to skip. */
  declaredClient: boolean;
  /** The kind when already known (checked at sign-in), so that it is not asked again. */
  knownKind?: TokenKind;
}

/** The token for tiles, and where it came from. */
export interface TileToken {
  token: string;
  /** Always a client token: nothing else goes into a tile URL. */
  kind: 'client';
  origin: string;
}

/** What the front end knows about the situation when no client token is at hand. */
export interface MissingClientTokenSituation {
  /** A user token is at hand (and was not used for tiles). */
  userToken: boolean;
}

/** Supplies the token of the next tile request; throws 'no-client-token' when there is none. */
export type TileTokenSource = (signal?: AbortSignal) => Promise<TileToken>;

/** Settings of {@link tileTokenSource}. */
export interface TileTokenSourceOptions {
  /** The tokens at hand, best first (read again for every request: sessions change). */
  candidates: () => Promise<readonly TileTokenCandidate[]>;
  kinds: TokenKinds;
  /** What is missing and how to add it, in the front end's words. */
  missing: (situation: MissingClientTokenSituation) => string;
}

/** Picks the first client token among the candidates. */
export function tileTokenSource(options: TileTokenSourceOptions): TileTokenSource {
  return async (signal) => {
    let userToken = false;
    for (const candidate of await options.candidates()) {
      const kind = candidate.knownKind ?? (await kindOf(options.kinds, candidate, signal));
      if (kind === 'client') {
        return { token: candidate.token, kind: 'client', origin: candidate.origin };
      }
      userToken = true;
      if (candidate.declaredClient) {
        throw new GraphError(
          'no-client-token',
          `${candidate.origin} holds a user token, not a client token; a user token is never put into a tile URL. ${options.missing({ userToken: true })}`,
        );
      }
    }
    throw new GraphError('no-client-token', options.missing({ userToken }));
  };
}

async function kindOf(
  kinds: TokenKinds,
  candidate: TileTokenCandidate,
  signal: AbortSignal | undefined,
): Promise<TokenKind> {
  if (candidate.declaredClient && !hasClientTokenShape(candidate.token)) {
    throw new GraphError(
      'no-client-token',
      `${candidate.origin} does not look like a client token (an app's client token is MLY|<app id>|<hex>, from mapillary.com/dashboard/developers).`,
    );
  }
  try {
    return await kinds.kindOf(candidate.token, signal);
  } catch (error) {
    if (error instanceof GraphError && error.kind === 'invalid-token') {
      throw new GraphError(
        'invalid-token',
        `Mapillary did not accept the token from ${candidate.origin} (code 190: invalid, expired or revoked). Tiles need the Client Token of your app from mapillary.com/dashboard/developers (not the client secret).`,
        { status: error.status },
      );
    }
    throw error;
  }
}
