// What clicking the account in the status bar does: asks the service who the token belongs to,
// through the same request engine as every other call (token from the session, one refresh on
// code 190, the session removed when that fails), and shows the answer with the day's tile budget.
import * as vscode from 'vscode';
import { MapillaryApi } from '../../core/api/mapillaryApi';
import { GraphClient } from '../../core/http/graphClient';
import { GraphError } from '../../shared/api/graphError';
import { type AuthServices } from './authServices';
import { readAuthSettings } from './authSettings';
import { describeTileBudget } from './tileBudgetText';

/** Shows the signed-in account after checking it with the service. */
export async function showAccount(services: AuthServices): Promise<void> {
  const { store, tokens, log, tileBudget } = services;
  const session = (await store.all())[0];
  if (!session) {
    const choice = await vscode.window.showInformationMessage(
      'You are not signed in to Mapillary.',
      'Sign In',
    );
    if (choice === 'Sign In') await vscode.commands.executeCommand('mapillary.signIn');
    return;
  }
  const budget = describeTileBudget(await tileBudget());
  let who = session.account.label;
  if (session.kind === 'oauth' || !session.account.id.startsWith('app:')) {
    const api = new MapillaryApi(
      new GraphClient({
        baseUrl: readAuthSettings().graphUrl,
        getToken: tokens.getToken,
        onInvalidToken: tokens.onInvalidToken,
        logger: log,
        maxAttempts: 2,
      }),
    );
    try {
      const me = await api.getMe();
      who = `${me.username ?? session.account.label} (user ${me.id})`;
    } catch (error) {
      const kind = error instanceof GraphError ? error.kind : 'unexpected';
      log.warn(`the account check failed (${kind})`);
      // A rejected token was handled by the token source (session removed, person asked).
      if (kind !== 'invalid-token') {
        void vscode.window.showErrorMessage(
          `Mapillary: the account could not be checked. ${error instanceof Error ? error.message : ''}`,
        );
      }
      return;
    }
  }
  const choice = await vscode.window.showInformationMessage(
    `Signed in to Mapillary as ${who}. ${budget}`,
    'Sign Out',
  );
  if (choice === 'Sign Out') await vscode.commands.executeCommand('mapillary.signOut');
}
