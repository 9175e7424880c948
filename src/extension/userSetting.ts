// Settings that decide where tokens go (the Graph, tiles and sign-in URLs) and where files are
// written (the export folder) are read from the user's own settings only. A cloned repository's
// `.vscode/settings.json` is not the user's: it must not be able to send the token, or the app's
// client secret, to a host of its choosing. package.json gives these settings `application` or
// `machine` scope and lists them as restricted in untrusted workspaces; reading only the user-level
// value here holds even where an editor would still apply a workspace value.
import * as vscode from 'vscode';

/** The user-level value of `section.key` (user settings, else the default), never a workspace's. */
export function userSetting<T>(section: string, key: string, fallback: T): T {
  const inspected = vscode.workspace.getConfiguration(section).inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}
