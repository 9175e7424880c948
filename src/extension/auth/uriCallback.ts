// The extension's URI handler: `<scheme>://mapillary-explorer.mapillary-explorer/did-authenticate`
// is where the browser returns after consent on desktop. The query goes to the sign-in attempt with
// the same `state`; any other callback is logged (without its query) and ignored.
import * as vscode from 'vscode';
import type { PendingAuthorizations } from '../../core/auth/pendingAuthorizations';
import type { Logger } from '../../shared/logger';

/** The URI handler's path for the OAuth callback. */
export const CALLBACK_PATH = '/did-authenticate';

/** Registers the URI handler that completes browser sign-ins. */
export function registerCallbackHandler(
  pending: PendingAuthorizations,
  log: Logger,
): vscode.Disposable {
  return vscode.window.registerUriHandler({
    handleUri(uri: vscode.Uri): void {
      if (uri.path !== CALLBACK_PATH) {
        log.warn(`ignored a URI for an unknown path (${uri.path.slice(0, 80)})`);
        return;
      }
      const outcome = pending.deliver(new URLSearchParams(uri.query));
      if (outcome === 'ignored') log.warn('ignored a sign-in callback with an unknown state');
      else log.info(`sign-in callback received through the URI handler (${outcome})`);
    },
  });
}
