// What the sign-in code shares between the half of the extension loaded at activation (provider,
// URI handler, commands, status bar) and the half loaded on first use (the sign-in flows). The
// objects are created once at activation and handed over, so both halves see the same sessions.
import type * as vscode from 'vscode';
import type { PendingAuthorizations } from '../../core/auth/pendingAuthorizations';
import type { SessionStore } from '../../core/auth/sessionStore';
import type { SessionTokens } from '../../core/auth/sessionTokens';
import type { StoredSession } from '../../core/auth/storedSession';
import type { Logger } from '../../shared/logger';
import type { TileBudgetReading } from './tileBudgetText';

/** The sign-in state of one window. */
export interface AuthServices {
  readonly context: vscode.ExtensionContext;
  readonly log: Logger;
  readonly store: SessionStore;
  /** Sign-in attempts waiting for their callback (fed by the URI handler and the loopback server). */
  readonly pending: PendingAuthorizations;
  readonly tokens: SessionTokens;
  /** Today's tile budget, when the tile fetcher keeps one. */
  readonly tileBudget: () => Promise<TileBudgetReading | undefined>;
}

/** The sign-in flows, loaded on first use. */
export interface AuthFlows {
  /** OAuth in the system browser; shows its own messages, throws on failure or cancellation. */
  signInWithBrowser(scopes: readonly string[]): Promise<StoredSession>;
  /** Asks for a pasted access token, checks and stores it; undefined when not completed. */
  signInWithToken(): Promise<StoredSession | undefined>;
  /** Checks the signed-in account with the service and shows it. */
  showAccount(): Promise<void>;
}
