// The signed-in account in the status bar, and the `mapillary.signedIn` context key that welcome
// views and menus use. The hover shows the day's remaining tile budget; it is re-read every minute
// while the item is shown, since a status-bar tooltip cannot be computed when hovered.
import * as vscode from 'vscode';
import { type StoredSession } from '../../core/auth/storedSession';
import { type TileBudgetReading, describeTileBudget } from './tileBudgetText';

/** The context key, true while a session exists. */
export const SIGNED_IN_CONTEXT_KEY = 'mapillary.signedIn';
/** The command the status-bar item runs. */
export const SHOW_ACCOUNT_COMMAND = 'mapillary.showAccount';

/** The status-bar item and the context key. */
export class AccountStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private session: StoredSession | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly tileBudget: () => Promise<TileBudgetReading | undefined>) {
    this.item = vscode.window.createStatusBarItem(
      'mapillary.account',
      vscode.StatusBarAlignment.Right,
      100,
    );
    this.item.name = 'Mapillary Account';
    this.item.command = SHOW_ACCOUNT_COMMAND;
  }

  /** Shows the first session's account, or hides the item when signed out. */
  async update(sessions: readonly StoredSession[]): Promise<void> {
    this.session = sessions[0];
    await vscode.commands.executeCommand('setContext', SIGNED_IN_CONTEXT_KEY, !!this.session);
    if (!this.session) {
      this.item.hide();
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    this.item.text = `$(account) ${this.session.account.label}`;
    this.item.accessibilityInformation = {
      label: `Mapillary account ${this.session.account.label}`,
    };
    await this.refreshTooltip();
    this.item.show();
    this.timer ??= setInterval(() => void this.refreshTooltip(), 60_000);
  }

  private async refreshTooltip(): Promise<void> {
    const session = this.session;
    if (!session) return;
    let reading: TileBudgetReading | undefined;
    try {
      reading = await this.tileBudget();
    } catch {
      reading = undefined;
    }
    const how =
      session.kind === 'oauth'
        ? 'signed in through mapillary.com; the token renews itself'
        : session.account.id.startsWith('app:')
          ? 'using a client access token'
          : 'using a pasted access token';
    const tooltip = new vscode.MarkdownString(
      `**Mapillary**: ${escape(session.account.label)} (${how})\n\n${describeTileBudget(reading)}\n\nClick to check the account.`,
    );
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.item.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
