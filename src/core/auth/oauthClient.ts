// Mapillary's OAuth endpoints: the authorize URL the browser opens, and `POST <graph>/token` for the
// code exchange and the refresh. The client secret travels only in the `Authorization` header of the
// token request; the code, the verifier and tokens only in the form body. Nothing here logs. An
// answer is a few hundred bytes; one larger than AUTH_BODY_MAX_BYTES is cut off and refused.
import { readBodyBounded } from '../http/readBody';
import { OAuthError, oauthErrorFrom } from './oauthError';

/** Largest answer of the token endpoint or the account check that is read (64 KiB). */
export const AUTH_BODY_MAX_BYTES = 64 * 1024;

/** Reads a sign-in answer as text, refusing one larger than {@link AUTH_BODY_MAX_BYTES}. */
export async function readAuthBody(response: Response): Promise<string> {
  const bytes = await readBodyBounded(
    response,
    AUTH_BODY_MAX_BYTES,
    () =>
      new OAuthError(
        'server',
        `Mapillary's answer was larger than ${AUTH_BODY_MAX_BYTES / 1024} KiB and was not read: check mapillary.api.graphUrl, or try again later.`,
        { status: response.status },
      ),
  );
  return new TextDecoder().decode(bytes);
}

/** What the service answers to an exchange or a refresh. */
export interface TokenGrant {
  accessToken: string;
  /** Seconds the token lives, when the service says. */
  expiresIn?: number;
}

/** Settings of {@link OAuthClient}. */
export interface OAuthClientOptions {
  /** The Graph API base URL; the token endpoint is `<graphUrl>/token`. */
  graphUrl: string;
  /** The consent page, e.g. `https://www.mapillary.com/connect`. */
  authorizeUrl: string;
  /** The app's client id (digits). */
  clientId: string;
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
}

/** What goes on the authorize URL besides the app's id. */
export interface AuthorizeParams {
  redirectUri: string;
  state: string;
  scopes: readonly string[];
  codeChallenge?: string;
}

/** The token endpoint derived from the Graph base URL. */
export function tokenEndpoint(graphUrl: string): string {
  return `${graphUrl.replace(/\/+$/, '')}/token`;
}

/** A client of the authorize page and the token endpoint for one app. */
export class OAuthClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: OAuthClientOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** The URL to open in the browser. It holds no secret: id, state, challenge and callback only. */
  authorizeUrl(params: AuthorizeParams): string {
    const url = new URL(this.options.authorizeUrl);
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', params.scopes.join(' '));
    url.searchParams.set('state', params.state);
    url.searchParams.set('redirect_uri', params.redirectUri);
    if (params.codeChallenge) {
      url.searchParams.set('code_challenge', params.codeChallenge);
      url.searchParams.set('code_challenge_method', 'S256');
    }
    return url.toString();
  }

  /** Exchanges an authorization code for a token. */
  exchangeCode(
    code: string,
    clientSecret: string,
    extra: { redirectUri?: string; codeVerifier?: string; signal?: AbortSignal } = {},
  ): Promise<TokenGrant> {
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: this.options.clientId,
      code,
    });
    if (extra.redirectUri) form.set('redirect_uri', extra.redirectUri);
    if (extra.codeVerifier) form.set('code_verifier', extra.codeVerifier);
    return this.post(form, clientSecret, extra.signal);
  }

  /** Trades a still-valid access token for a new one. */
  refresh(accessToken: string, clientSecret: string, signal?: AbortSignal): Promise<TokenGrant> {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: this.options.clientId,
      refresh_token: accessToken,
    });
    return this.post(form, clientSecret, signal);
  }

  private async post(
    form: URLSearchParams,
    clientSecret: string,
    signal: AbortSignal | undefined,
  ): Promise<TokenGrant> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(tokenEndpoint(this.options.graphUrl), {
        method: 'POST',
        headers: {
          Authorization: `OAuth ${clientSecret}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: form.toString(),
        // A redirect would resend the secret somewhere else.
        redirect: 'manual',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await readAuthBody(response);
    } catch (error) {
      if (signal?.aborted) throw new OAuthError('cancelled');
      if (error instanceof OAuthError) throw error;
      throw new OAuthError('network');
    }
    const json = parseJson(text);
    if (!response.ok || (typeof json === 'object' && json !== null && 'error' in json)) {
      throw oauthErrorFrom(response.status, json);
    }
    return toGrant(json, response.status);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toGrant(json: unknown, status: number): TokenGrant {
  const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const token = body.access_token;
  if (typeof token !== 'string' || token.length === 0 || token.length > 4096 || /\s/.test(token)) {
    throw new OAuthError(
      'server',
      'Mapillary answered the sign-in without a usable token. Try again later.',
      { status },
    );
  }
  const expiresIn = Number(body.expires_in);
  return Number.isFinite(expiresIn) && expiresIn > 0
    ? { accessToken: token, expiresIn }
    : { accessToken: token };
}
