// The app's client token, the one token tiles take (in the URL, so never a user token). It is asked
// for next to the client secret at the first OAuth sign-in, or with "Mapillary: Set Client Token",
// checked with one request, and kept in SecretStorage only. A user token or the client secret pasted
// by mistake is refused with a message that names the fix, and nothing is stored.
import * as vscode from 'vscode';
import { checkAccessToken } from '../../core/auth/accountCheck';
import { OAuthError } from '../../core/auth/oauthError';
import { normalizeToken } from '../../core/auth/tokenText';
import { hasClientTokenShape } from '../../core/api/tokenKinds';
import type { Logger } from '../../shared/logger';
import { readAuthSettings } from './authSettings';

/** The SecretStorage key of the client token. */
export const CLIENT_TOKEN_KEY = 'mapillary.clientToken';

/** Where the client token is, on the developer dashboard (for prompts and messages). */
export const CLIENT_TOKEN_WHERE =
  'the "Client Token" of your app at mapillary.com/dashboard/developers';

/** The stored client token, if any. */
export function readClientToken(secrets: vscode.SecretStorage): Thenable<string | undefined> {
  return secrets.get(CLIENT_TOKEN_KEY);
}

/** Why text cannot be a client token, or undefined when its shape is right. */
export function clientTokenProblem(value: string): string | undefined {
  const normalized = normalizeToken(value);
  if (!normalized.ok) return normalized.problem.replace('an access token', 'a client token');
  if (!hasClientTokenShape(normalized.token)) {
    return `A client token looks like MLY|<app id>|<hex>: paste ${CLIENT_TOKEN_WHERE}.`;
  }
  return undefined;
}

/** Settings of {@link askClientToken}. */
export interface AskClientTokenOptions {
  log: Logger;
  /** Why it is asked for now. */
  reason?: string;
  /** Whether Escape skips (at sign-in) rather than cancels. */
  optional?: boolean;
  fetch?: typeof fetch;
}

/**
 * Asks for the client token, checks it with the service and stores it; returns it, or undefined
 * when the person cancelled or the token was refused (the message says why).
 */
export async function askClientToken(
  secrets: vscode.SecretStorage,
  options: AskClientTokenOptions,
): Promise<string | undefined> {
  const input = await vscode.window.showInputBox({
    title: 'Mapillary: Client Token (for Tiles)',
    prompt:
      options.reason ??
      `The map's tiles need your Mapillary app's client token (tiles take a token in their URL, so never your user token). Paste ${CLIENT_TOKEN_WHERE}. It is kept in VS Code’s secret storage.`,
    placeHolder: options.optional ? 'MLY|… (Escape to skip)' : 'MLY|…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? undefined : clientTokenProblem(value)),
  });
  if (input === undefined || input.trim() === '') return undefined;
  const problem = clientTokenProblem(input);
  const normalized = normalizeToken(input);
  if (problem || !normalized.ok) {
    void vscode.window.showErrorMessage(`Mapillary: ${problem ?? 'not a client token.'}`);
    return undefined;
  }
  const token = normalized.token;
  const refusal = await checkClientToken(token, options);
  if (refusal) {
    options.log.warn('the pasted client token was not stored (it is not an app client token)');
    void vscode.window.showErrorMessage(`Mapillary: ${refusal} Nothing was stored.`);
    return undefined;
  }
  await secrets.store(CLIENT_TOKEN_KEY, token);
  options.log.info('the client token for tiles is saved in secret storage');
  return token;
}

/** Why the service says this is not a usable client token, or undefined when it is one. */
async function checkClientToken(
  token: string,
  options: AskClientTokenOptions,
): Promise<string | undefined> {
  const { graphUrl } = readAuthSettings();
  try {
    const owner = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Mapillary: checking the client token…',
      },
      () => checkAccessToken(token, { graphUrl, fetch: options.fetch }),
    );
    if (owner.kind === 'user') {
      return `This is a user token (of ${owner.username}), not a client token: a user token is never put into a tile URL. Paste ${CLIENT_TOKEN_WHERE}; to use your account, sign in with "Mapillary: Sign In" instead.`;
    }
    return undefined;
  } catch (error) {
    if (error instanceof OAuthError && error.kind === 'invalid-token') {
      return `Mapillary did not accept this token (is it the Client Secret?). Paste ${CLIENT_TOKEN_WHERE}.`;
    }
    // The service could not be asked now: the token is checked again before it is used.
    options.log.warn(
      `the client token could not be checked now (${error instanceof OAuthError ? error.describe() : 'unexpected error'}); it is checked before use`,
    );
    return undefined;
  }
}
