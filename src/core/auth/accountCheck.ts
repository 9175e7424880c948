// Checks a token with one cheap request, `GET /me?fields=id,username`, and says whose it is. A user
// token answers with the account; a client (app) token is refused with code 2500 ("a user access
// token is required"), which proves the token itself is valid; code 190 means it is not.
import { readAuthBody } from './oauthClient';
import { OAuthError, graphErrorOf, oauthErrorFrom } from './oauthError';
import { appIdOfToken } from './tokenText';

/** Whose token it is. */
export type TokenOwner =
  { kind: 'user'; userId: string; username: string } | { kind: 'client'; appId?: string };

/** Settings of {@link checkAccessToken}. */
export interface AccountCheckOptions {
  graphUrl: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Code the service sends when `/me` is asked with a token that is not a user's. */
const USER_TOKEN_REQUIRED = 2500;

/** Asks the service whose token this is; throws an {@link OAuthError} when it is not usable. */
export async function checkAccessToken(
  token: string,
  options: AccountCheckOptions,
): Promise<TokenOwner> {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const url = `${options.graphUrl.replace(/\/+$/, '')}/me?fields=id,username`;
  let status: number;
  let json: unknown;
  try {
    // The token travels in the header only: a user token must never be part of a URL.
    const response = await fetchImpl(url, {
      headers: { Authorization: `OAuth ${token}`, Accept: 'application/json' },
      redirect: 'manual',
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
    status = response.status;
    const text = await readAuthBody(response);
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = undefined;
    }
  } catch (error) {
    if (options.signal?.aborted) throw new OAuthError('cancelled');
    if (error instanceof OAuthError) throw error;
    throw new OAuthError('network');
  }
  const graph = graphErrorOf(json);
  if (graph?.code === USER_TOKEN_REQUIRED) {
    const appId = appIdOfToken(token);
    return appId === undefined ? { kind: 'client' } : { kind: 'client', appId };
  }
  if (status !== 200 || graph) throw oauthErrorFrom(status, json);
  const body = json as { id?: unknown; username?: unknown } | undefined;
  const id = typeof body?.id === 'number' ? String(body.id) : body?.id;
  if (typeof id !== 'string' || id === '') {
    throw new OAuthError('server', 'Mapillary answered the account check in an unexpected way.', {
      status,
    });
  }
  const username =
    typeof body?.username === 'string' && body.username.trim() ? body.username.trim() : id;
  return { kind: 'user', userId: id, username: username.slice(0, 100) };
}
