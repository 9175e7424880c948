// The tokens the extension has for tiles, best first, and what it says when none is a client token.
// A client token signed in with "Sign In with Access Token" (checked then: /me refused it as no
// user's) serves tiles; then the client token saved in secret storage; then MAPILLARY_CLIENT_TOKEN;
// then MAPILLARY_ACCESS_TOKEN when the service says it is a client token. The token of an OAuth
// session, or a pasted user token, is a user token and never reaches a tile URL.
import type * as vscode from 'vscode';
import { type EnvironmentTokens } from '../../core/auth/environmentTokens';
import { type SessionStore } from '../../core/auth/sessionStore';
import { type TileTokenCandidate } from '../../core/tiles/tileToken';
import { CLIENT_TOKEN_WHERE, readClientToken } from './clientToken';

/** What {@link extensionTileTokens} reads. */
export interface TileTokenSources {
  store: SessionStore;
  secrets: vscode.SecretStorage;
  environment: () => EnvironmentTokens;
}

/** The candidates, read again for every tile request (sessions and secrets change). */
export function extensionTileTokens(
  sources: TileTokenSources,
): () => Promise<TileTokenCandidate[]> {
  return async () => {
    const out: TileTokenCandidate[] = [];
    const add = (candidate: TileTokenCandidate): void => {
      if (!out.some((c) => c.token === candidate.token)) out.push(candidate);
    };
    const session = (await sources.store.all())[0];
    const sessionIsClient = session?.kind === 'token' && session.account.id.startsWith('app:');
    if (session && sessionIsClient) {
      add({
        token: session.accessToken,
        origin: 'the client token you signed in with',
        declaredClient: true,
        knownKind: 'client',
      });
    }
    const saved = await readClientToken(sources.secrets);
    if (saved) add({ token: saved, origin: 'the saved client token', declaredClient: true });
    const environment = sources.environment();
    if (environment.clientToken) {
      add({
        token: environment.clientToken,
        origin: 'MAPILLARY_CLIENT_TOKEN',
        declaredClient: true,
      });
    }
    if (session && !sessionIsClient) {
      add({
        token: session.accessToken,
        origin: 'your sign-in',
        declaredClient: false,
        knownKind: 'user',
      });
    }
    if (environment.accessToken) {
      add({
        token: environment.accessToken,
        origin: 'MAPILLARY_ACCESS_TOKEN',
        declaredClient: false,
      });
    }
    return out;
  };
}

/** The command that adds the client token, as the palette shows it. */
export const SET_CLIENT_TOKEN_TITLE = 'Mapillary: Set Client Token (for Tiles)';

/** What the map and the tile jobs say when tiles need a client token and there is none. */
export function missingClientTokenText(userToken: boolean): string {
  if (userToken) {
    return `The map's tiles need your Mapillary app's client token: you are signed in with a user token, which is never put into a tile URL. Run "${SET_CLIENT_TOKEN_TITLE}" and paste ${CLIENT_TOKEN_WHERE}.`;
  }
  return `The map's tiles need a Mapillary client token: run "${SET_CLIENT_TOKEN_TITLE}" and paste ${CLIENT_TOKEN_WHERE}, or sign in with it ("Mapillary: Sign In with Access Token").`;
}
