// Sign-in at activation: the session store, the token source for the request engine, the
// `mapillary` authentication provider, the URI handler, the commands and the status bar. All of it
// is small; the flows that talk to the person and the browser are loaded on first use.
import * as vscode from 'vscode';
import { OAuthClient, type TokenGrant } from '../../core/auth/oauthClient';
import { OAuthError } from '../../core/auth/oauthError';
import { PendingAuthorizations } from '../../core/auth/pendingAuthorizations';
import { SessionStore } from '../../core/auth/sessionStore';
import { type SessionLossReason, SessionTokens } from '../../core/auth/sessionTokens';
import { type StoredSession } from '../../core/auth/storedSession';
import { readEnvironmentTokens } from '../../core/auth/environmentTokens';
import type { Logger } from '../../shared/logger';
import { AccountStatus, SHOW_ACCOUNT_COMMAND } from './accountStatus';
import {
  AUTH_PROVIDER_ID,
  AUTH_PROVIDER_LABEL,
  DEFAULT_SCOPES,
  MapillaryAuthenticationProvider,
} from './authProvider';
import { type AuthFlows, type AuthServices } from './authServices';
import { readAuthSettings } from './authSettings';
import { askClientSecret, readClientSecret } from './clientSecret';
import { askClientToken } from './clientToken';
import { type TileBudgetReading } from './tileBudgetText';
import { registerCallbackHandler } from './uriCallback';

/** What {@link registerMapillaryAuth} needs besides the context. */
export interface MapillaryAuthOptions {
  log: Logger;
  /** Loads the sign-in flows (the lazily loaded half of the extension). */
  flows: () => Promise<AuthFlows>;
  /** Today's tile budget, for the status bar's hover. */
  tileBudget: () => Promise<TileBudgetReading | undefined>;
}

/**
 * Registers everything sign-in needs and returns the shared state. The request engine takes
 * `services.tokens.getToken` as its `getToken` and `services.tokens.onInvalidToken` as its
 * `onInvalidToken`.
 */
export function registerMapillaryAuth(
  context: vscode.ExtensionContext,
  options: MapillaryAuthOptions,
): AuthServices {
  const { log, flows } = options;
  const store = new SessionStore(context.secrets, {
    logger: log,
    onProblem: () =>
      void prompt(
        'The saved Mapillary sign-in could not be read and was removed. Sign in again to use your account.',
        'mapillary.signIn',
      ),
  });
  const tokens = new SessionTokens({
    store,
    logger: log,
    refresh: (session) => refreshToken(context, session),
    // Read and cleaned by the one reader of the environment's tokens, as the services do.
    fallbackToken: () => readEnvironmentTokens(process.env).accessToken,
    onSessionLost: (session, reason) => void promptAfterLoss(session, reason),
  });
  const pending = new PendingAuthorizations();
  const services: AuthServices = {
    context,
    log,
    store,
    pending,
    tokens,
    tileBudget: options.tileBudget,
  };
  const provider = new MapillaryAuthenticationProvider(store, async (scopes) =>
    (await flows()).signInWithBrowser(scopes),
  );
  const status = new AccountStatus(options.tileBudget);
  const update = (): void => {
    store
      .all()
      .then((sessions) => status.update(sessions))
      .catch((error: unknown) => log.warn(`could not show the account: ${String(error)}`));
  };

  context.subscriptions.push(
    store,
    tokens,
    provider,
    status,
    store.onDidChange(update),
    vscode.authentication.registerAuthenticationProvider(
      AUTH_PROVIDER_ID,
      AUTH_PROVIDER_LABEL,
      provider,
      { supportsMultipleAccounts: false },
    ),
    registerCallbackHandler(pending, log),
    vscode.commands.registerCommand('mapillary.signIn', async () => {
      // The flow reports its own failures; nothing more to show here.
      await (await flows()).signInWithBrowser(DEFAULT_SCOPES).catch(() => undefined);
    }),
    vscode.commands.registerCommand('mapillary.signInWithToken', async () => {
      await (await flows()).signInWithToken();
    }),
    vscode.commands.registerCommand('mapillary.signOut', async () => {
      const sessions = await store.all();
      for (const session of sessions) await store.remove(session.id);
      log.info(`signed out of Mapillary (${sessions.length} session(s) removed)`);
      void vscode.window.showInformationMessage(
        sessions.length ? 'Signed out of Mapillary.' : 'You are not signed in to Mapillary.',
      );
    }),
    vscode.commands.registerCommand('mapillary.setClientSecret', async () => {
      if (await askClientSecret(context.secrets)) {
        void vscode.window.showInformationMessage(
          'The Mapillary client secret is saved in secret storage.',
        );
      }
    }),
    vscode.commands.registerCommand('mapillary.setClientToken', async () => {
      if (await askClientToken(context.secrets, { log })) {
        void vscode.window.showInformationMessage(
          'The Mapillary client token is saved in secret storage: the map can load tiles with it.',
        );
      }
    }),
    vscode.commands.registerCommand(SHOW_ACCOUNT_COMMAND, async () =>
      (await flows()).showAccount(),
    ),
  );
  tokens.start();
  update();
  return services;
}

/** The OAuth refresh with the configured app; throws when no app is configured. */
async function refreshToken(
  context: vscode.ExtensionContext,
  session: StoredSession,
): Promise<TokenGrant> {
  const settings = readAuthSettings();
  const secret = await readClientSecret(context.secrets);
  if (!settings.clientId || !secret) {
    throw new OAuthError(
      'rejected',
      'The token cannot be renewed: no Mapillary app (client id and secret) is configured.',
    );
  }
  const client = new OAuthClient({
    graphUrl: settings.graphUrl,
    authorizeUrl: settings.authorizeUrl,
    clientId: settings.clientId,
  });
  return client.refresh(session.accessToken, secret);
}

async function promptAfterLoss(session: StoredSession, reason: SessionLossReason): Promise<void> {
  await prompt(
    reason === 'expired'
      ? `Your Mapillary session (${session.account.label}) expired. Sign in again to keep using your account.`
      : `Mapillary no longer accepts the session of ${session.account.label} (expired or revoked). Sign in again.`,
    session.kind === 'oauth' ? 'mapillary.signIn' : 'mapillary.signInWithToken',
  );
}

async function prompt(message: string, command: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(message, 'Sign In');
  if (choice === 'Sign In') await vscode.commands.executeCommand(command);
}
