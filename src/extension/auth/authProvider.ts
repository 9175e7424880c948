// The `mapillary` authentication provider: what VS Code's Accounts menu and other extensions see.
// Sessions come from the session store (SecretStorage), so a sign-in or sign-out in one window shows
// in every window; signing in runs the browser flow, which is loaded on first use.
import * as vscode from 'vscode';
import { type SessionStore, type SessionsChange } from '../../core/auth/sessionStore';
import { type StoredSession } from '../../core/auth/storedSession';

/** The provider id, also declared in package.json `contributes.authentication`. */
export const AUTH_PROVIDER_ID = 'mapillary';
/** The provider's label in the Accounts menu. */
export const AUTH_PROVIDER_LABEL = 'Mapillary';
/** The scopes asked for when nobody says otherwise. */
export const DEFAULT_SCOPES: readonly string[] = ['read'];

/** A stored session as VS Code's API shows it. */
export function toAuthenticationSession(session: StoredSession): vscode.AuthenticationSession {
  return {
    id: session.id,
    accessToken: session.accessToken,
    account: { id: session.account.id, label: session.account.label },
    scopes: session.scopes,
  };
}

/** Mapillary sessions for VS Code's authentication API. */
export class MapillaryAuthenticationProvider
  implements vscode.AuthenticationProvider, vscode.Disposable
{
  private readonly changes =
    new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  private readonly subscription: { dispose(): void };
  readonly onDidChangeSessions = this.changes.event;

  constructor(
    private readonly store: SessionStore,
    /** Runs the browser sign-in and stores the session it yields. */
    private readonly signIn: (scopes: readonly string[]) => Promise<StoredSession>,
  ) {
    this.subscription = store.onDidChange((change: SessionsChange) =>
      this.changes.fire({
        added: change.added.map(toAuthenticationSession),
        removed: change.removed.map(toAuthenticationSession),
        changed: change.changed.map(toAuthenticationSession),
      }),
    );
  }

  async getSessions(scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    const sessions = await this.store.all();
    return sessions
      .filter((s) => (scopes ?? []).every((scope) => s.scopes.includes(scope)))
      .map(toAuthenticationSession);
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    const wanted = scopes.length > 0 ? scopes : DEFAULT_SCOPES;
    return toAuthenticationSession(await this.signIn(wanted));
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.store.remove(sessionId);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changes.dispose();
  }
}
