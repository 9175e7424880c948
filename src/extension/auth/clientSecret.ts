// The OAuth app's client secret: asked for in a password input box and kept in SecretStorage only,
// never in settings, state or logs. It is needed for the code exchange and every refresh.
import * as vscode from 'vscode';
import { normalizeToken } from '../../core/auth/tokenText';

/** The SecretStorage key of the client secret. */
export const CLIENT_SECRET_KEY = 'mapillary.oauth.clientSecret';

/** The stored client secret, if any. */
export function readClientSecret(secrets: vscode.SecretStorage): Thenable<string | undefined> {
  return secrets.get(CLIENT_SECRET_KEY);
}

/**
 * Asks for the client secret and stores it; returns it, or undefined when the person cancelled.
 * `reason` says why it is asked for (first use, or the service refused the stored one).
 */
export async function askClientSecret(
  secrets: vscode.SecretStorage,
  reason = 'Mapillary sign-in needs the client secret of your Mapillary app (from mapillary.com/dashboard/developers). It is kept in VS Code’s secret storage.',
): Promise<string | undefined> {
  const input = await vscode.window.showInputBox({
    title: 'Mapillary: OAuth Client Secret',
    prompt: reason,
    placeHolder: 'Client secret (MLY|…)',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (value.trim() === '') return undefined;
      const normalized = normalizeToken(value);
      return normalized.ok
        ? undefined
        : normalized.problem.replace('access token', 'client secret');
    },
  });
  if (input === undefined || input.trim() === '') return undefined;
  const normalized = normalizeToken(input);
  if (!normalized.ok) return undefined;
  await secrets.store(CLIENT_SECRET_KEY, normalized.token);
  return normalized.token;
}
