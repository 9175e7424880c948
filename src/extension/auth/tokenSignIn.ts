// "Mapillary: Sign In with Access Token": a pasted token (a client token `MLY|…` or a user token),
// cleaned of the spaces, quotes and prefixes that pasting brings, checked with one cheap request,
// and stored as a session only when the service accepted it.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { checkAccessToken } from '../../core/auth/accountCheck';
import { OAuthError } from '../../core/auth/oauthError';
import { type StoredSession } from '../../core/auth/storedSession';
import { normalizeToken } from '../../core/auth/tokenText';
import { type AuthServices } from './authServices';
import { readAuthSettings } from './authSettings';
import { withAbortSignal } from '../cancellation';

/** Asks for a token, checks it and stores it; see {@link AuthFlows.signInWithToken}. */
export async function signInWithToken(services: AuthServices): Promise<StoredSession | undefined> {
  const { log, store } = services;
  const input = await vscode.window.showInputBox({
    title: 'Mapillary: Sign In with Access Token',
    prompt:
      'Paste a Mapillary access token: a client token from your app (mapillary.com/dashboard/developers) or a user token. It is kept in VS Code’s secret storage.',
    placeHolder: 'MLY|…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (value.trim() === '') return undefined;
      const normalized = normalizeToken(value);
      return normalized.ok ? undefined : normalized.problem;
    },
  });
  if (input === undefined || input.trim() === '') return undefined;
  const normalized = normalizeToken(input);
  if (!normalized.ok) {
    void vscode.window.showErrorMessage(`Mapillary: ${normalized.problem}`);
    return undefined;
  }
  const token = normalized.token;
  const { graphUrl } = readAuthSettings();
  try {
    const owner = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Mapillary: checking the token…',
        cancellable: true,
      },
      (_progress, cancellation) =>
        withAbortSignal(cancellation, (signal) => checkAccessToken(token, { graphUrl, signal })),
    );
    const session: StoredSession = {
      id: randomUUID(),
      kind: 'token',
      accessToken: token,
      account:
        owner.kind === 'user'
          ? { id: owner.userId, label: owner.username }
          : {
              id: `app:${owner.appId ?? 'unknown'}`,
              label: owner.appId ? `App ${owner.appId}` : 'Client access token',
            },
      scopes: ['read'],
      issuedAt: Date.now(),
    };
    await store.add(session);
    log.info(`signed in to Mapillary with an access token (${owner.kind} token)`);
    void vscode.window.showInformationMessage(
      owner.kind === 'user'
        ? `Signed in to Mapillary as ${session.account.label}.`
        : `Signed in to Mapillary as ${session.account.label}: this is an app's client token, so the map's tiles work with it; your own uploads need a user sign-in ("Mapillary: Sign In").`,
    );
    return session;
  } catch (error) {
    if (error instanceof OAuthError && error.kind === 'cancelled') return undefined;
    const why =
      error instanceof OAuthError
        ? error.message
        : 'The token could not be checked. See "Mapillary: Show Log".';
    log.warn(
      `the pasted token was not stored (${error instanceof OAuthError ? error.describe() : String(error)})`,
    );
    void vscode.window.showErrorMessage(`Mapillary: ${why} Nothing was stored.`);
    return undefined;
  }
}
