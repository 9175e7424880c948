// Sign-in through the system browser (OAuth authorization code flow with `state` and PKCE). The
// browser comes back through the extension's URI handler (desktop) or, in a browser-hosted VS Code,
// through a loopback server on 127.0.0.1 reached via `asExternalUri` (the editor's callback route
// is an embedder option that not every web host provides, while port forwarding is standard).
// The wait runs in a cancellable notification and gives up after 5 minutes. Nothing is stored until
// the code is exchanged and the account checked, so a failure at any step leaves no half session.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { checkAccessToken } from '../../core/auth/accountCheck';
import { readEnvironmentTokens } from '../../core/auth/environmentTokens';
import {
  SignInCancelledError,
  SignInTimeoutError,
  waitForCallback,
} from '../../core/auth/callbackWait';
import { OAuthClient } from '../../core/auth/oauthClient';
import { OAuthError } from '../../core/auth/oauthError';
import { isAuthorizationError } from '../../core/auth/pendingAuthorizations';
import { type LoopbackServer, startLoopbackServer } from '../../core/auth/loopbackServer';
import { createPkcePair, randomState } from '../../core/auth/pkce';
import { type StoredSession } from '../../core/auth/storedSession';
import { type AuthServices } from './authServices';
import { readAuthSettings } from './authSettings';
import { CLIENT_SECRET_KEY, askClientSecret, readClientSecret } from './clientSecret';
import { CLIENT_TOKEN_WHERE, askClientToken, readClientToken } from './clientToken';
import { CALLBACK_PATH } from './uriCallback';
import { withAbortSignal } from '../cancellation';

/** Runs the browser sign-in and stores the session; see {@link AuthFlows.signInWithBrowser}. */
export async function signInWithBrowser(
  services: AuthServices,
  scopes: readonly string[],
): Promise<StoredSession> {
  const { log } = services;
  try {
    const session = await attempt(services, scopes);
    log.info(`signed in to Mapillary through the browser (account ${session.account.id})`);
    void vscode.window.showInformationMessage(
      `Signed in to Mapillary as ${session.account.label}.`,
    );
    return session;
  } catch (error) {
    // The message is shown without waiting for the person's answer: the caller learns at once.
    report(error, services);
    throw error;
  }
}

async function attempt(services: AuthServices, scopes: readonly string[]): Promise<StoredSession> {
  const { context, log, pending, store } = services;
  const settings = readAuthSettings();
  if (!settings.clientId) throw new MissingClientId();
  const clientSecret =
    (await readClientSecret(context.secrets)) ?? (await askClientSecret(context.secrets));
  if (!clientSecret) throw new vscode.CancellationError();
  // Tiles take a token in their URL, so the session's user token never serves them: the same app's
  // client token is asked for here, next to the secret, while none is at hand. Skipping is allowed;
  // the map then says what is missing.
  if (
    !(await readClientToken(context.secrets)) &&
    !readEnvironmentTokens(process.env).clientToken
  ) {
    await askClientToken(context.secrets, {
      log,
      optional: true,
      reason: `The map's tiles need the client token of the same app (a user token is never put into a tile URL). Paste ${CLIENT_TOKEN_WHERE}, or press Escape to skip. It is kept in VS Code’s secret storage.`,
    });
  }
  const client = new OAuthClient({
    graphUrl: settings.graphUrl,
    authorizeUrl: settings.authorizeUrl,
    clientId: settings.clientId,
  });

  const state = randomState();
  const pkce = createPkcePair();
  const waiting = pending.expect(state);
  let loopback: LoopbackServer | undefined;
  try {
    let redirectUri: string;
    if (vscode.env.uiKind === vscode.UIKind.Web) {
      loopback = await startLoopbackServer((query) => {
        const outcome = pending.deliver(query);
        if (outcome === 'ignored') log.warn('ignored a sign-in callback with an unknown state');
        return outcome;
      });
      redirectUri = await externalUri(loopback.callbackUrl);
    } else {
      redirectUri = await externalUri(
        `${vscode.env.uriScheme}://${context.extension.id}${CALLBACK_PATH}`,
      );
    }
    const authorizeUrl = client.authorizeUrl({
      redirectUri,
      state,
      scopes,
      codeChallenge: pkce.challenge,
    });
    log.info(
      `sign-in: waiting for the browser (callback ${loopback ? 'loopback' : 'URI handler'})`,
    );
    const { grant, issuedAt } = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Mapillary: sign in in the browser that opened…',
        cancellable: true,
      },
      async (progress, cancellation) => {
        if (!(await vscode.env.openExternal(vscode.Uri.parse(authorizeUrl)))) {
          throw new vscode.CancellationError();
        }
        return withAbortSignal(cancellation, async (signal) => {
          try {
            const code = await waitForCallback(waiting.code, signal);
            progress.report({ message: 'completing the sign-in…' });
            // `expires_in` counts from when the service issued the token: take the time before asking.
            const requestedAt = Date.now();
            return {
              grant: await client.exchangeCode(code, clientSecret, {
                redirectUri,
                codeVerifier: pkce.verifier,
                signal,
              }),
              issuedAt: requestedAt,
            };
          } catch (error) {
            if (error instanceof OAuthError && error.kind === 'rejected') {
              // The code was fresh, so the secret is what the service refused: forget it, so that the
              // next sign-in asks for it instead of failing the same way.
              await context.secrets.delete(CLIENT_SECRET_KEY);
            }
            if (error instanceof SignInCancelledError) throw new vscode.CancellationError();
            if (error instanceof OAuthError && error.kind === 'cancelled') {
              throw new vscode.CancellationError();
            }
            throw error;
          }
        });
      },
    );
    const owner = await checkAccessToken(grant.accessToken, { graphUrl: settings.graphUrl });
    if (owner.kind !== 'user') {
      throw new OAuthError('server', 'Mapillary answered the sign-in with a token of no user.');
    }
    const session: StoredSession = {
      id: randomUUID(),
      kind: 'oauth',
      accessToken: grant.accessToken,
      account: { id: owner.userId, label: owner.username },
      scopes: [...scopes],
      issuedAt,
      ...(grant.expiresIn === undefined ? {} : { expiresAt: issuedAt + grant.expiresIn * 1000 }),
    };
    await store.add(session);
    return session;
  } finally {
    waiting.dispose();
    await loopback?.close();
  }
}

async function externalUri(uri: string): Promise<string> {
  try {
    return (await vscode.env.asExternalUri(vscode.Uri.parse(uri))).toString();
  } catch {
    // A host without port forwarding: the browser runs on this machine or nothing will work.
    return uri;
  }
}

class MissingClientId extends Error {
  constructor() {
    super(
      'Mapillary sign-in needs your Mapillary app: set "mapillary.oauth.clientId" to its client id, or use "Mapillary: Sign In with Access Token".',
    );
  }
}

function report(error: unknown, services: AuthServices): void {
  const { log, context } = services;
  // Cancelling is the person's choice, not a failure: no toast.
  if (error instanceof vscode.CancellationError) {
    log.info('sign-in cancelled');
    return;
  }
  if (isAuthorizationError(error)) {
    log.warn(`sign-in ended by the authorization server (${error.error})`);
    if (error.denied) void vscode.window.showWarningMessage(error.message);
    else void vscode.window.showErrorMessage(error.message);
    return;
  }
  if (error instanceof MissingClientId) {
    log.warn('sign-in: no client id configured');
    void vscode.window
      .showErrorMessage(error.message, 'Open Settings')
      .then((choice) =>
        choice === 'Open Settings'
          ? vscode.commands.executeCommand(
              'workbench.action.openSettings',
              'mapillary.oauth.clientId',
            )
          : undefined,
      );
    return;
  }
  if (error instanceof OAuthError) {
    log.warn(`sign-in failed (${error.describe()})`);
    if (error.kind === 'rejected') {
      void vscode.window
        .showErrorMessage(
          `Mapillary sign-in failed. ${error.message} The saved client secret was removed; the next sign-in asks for it again.`,
          'Set Client Secret',
          'Open Settings',
        )
        .then((choice) =>
          choice === 'Set Client Secret'
            ? askClientSecret(context.secrets)
            : choice === 'Open Settings'
              ? vscode.commands.executeCommand('workbench.action.openSettings', 'mapillary.oauth')
              : undefined,
        );
      return;
    }
    void vscode.window.showErrorMessage(`Mapillary sign-in failed. ${error.message}`);
    return;
  }
  log.warn(
    `sign-in failed (${error instanceof SignInTimeoutError ? 'timeout' : `unexpected: ${String(error)}`})`,
  );
  void vscode.window.showErrorMessage(
    error instanceof SignInTimeoutError
      ? error.message
      : 'Mapillary sign-in failed unexpectedly. See "Mapillary: Show Log".',
  );
}
