// The OAuth authorization code flow: the consent page at /connect and the exchange at /token.
import { randomBytes } from 'node:crypto';
import { type GraphFailure, invalidToken, oauthRefused } from './graphErrors';
import { type Reply, json } from './replies';
import { type TokenStore } from './tokenStore';

/** An answer of the OAuth endpoints. */
export interface OAuthReply {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as HTML; anything else as JSON. */
  body: unknown;
}

const scopes = new Set(['read', 'write', 'upload']);

interface Pending {
  redirectUri: string;
  state: string | null;
}

/** Serves the consent page and the token exchange for one emulator. */
export class OAuthServer {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly tokens: TokenStore,
    /** The user who is "signed in" to the emulated website and approves. */
    private readonly userId: string,
    private readonly username: string,
  ) {}

  /** `GET /connect`: validates the request and shows Approve / Deny. */
  connect(q: URLSearchParams): OAuthReply {
    const redirectUri = q.get('redirect_uri');
    const state = q.get('state');
    if (!redirectUri || !isUrl(redirectUri)) {
      return {
        status: 400,
        body: page(
          'Invalid request',
          '<p id="error">invalid_request: redirect_uri is missing or malformed.</p>',
        ),
      };
    }
    const fail = (error: string): OAuthReply => ({
      status: 302,
      headers: { Location: withParams(redirectUri, { error, state }) },
      body: '',
    });
    if (q.get('client_id') !== this.tokens.clientId || q.get('response_type') !== 'code') {
      return fail('invalid_request');
    }
    const requested = (q.get('scope') ?? 'read').split(/[ ,+]+/).filter(Boolean);
    if (requested.length === 0 || requested.some((s) => !scopes.has(s))) {
      return fail('invalid_scope');
    }
    const txn = randomBytes(12).toString('base64url');
    this.pending.set(txn, { redirectUri, state });
    const body = page(
      'Authorize application',
      `<p>Signed in as <b>${escapeHtml(this.username)}</b>.</p>
<p>The application wants <b>${escapeHtml(requested.join(', '))}</b> access to your Mapillary account.</p>
<form method="post" action="/connect/decide">
<input type="hidden" name="txn" value="${txn}">
<button id="approve" type="submit" name="decision" value="approve">Authorize</button>
<button id="deny" type="submit" name="decision" value="deny">Cancel</button>
</form>`,
    );
    return { status: 200, body };
  }

  /** `POST /connect/decide` (the form on the consent page): redirects back with a code or an error. */
  decide(form: URLSearchParams): OAuthReply {
    const txn = form.get('txn') ?? '';
    const p = this.pending.get(txn);
    if (!p) {
      return {
        status: 400,
        body: page('Expired', '<p id="error">This authorization request has expired.</p>'),
      };
    }
    this.pending.delete(txn);
    const params: Record<string, string | null> =
      form.get('decision') === 'approve'
        ? { code: this.tokens.issueCode(this.userId, p.redirectUri), state: p.state }
        : { error: 'user_denied', state: p.state };
    return { status: 302, headers: { Location: withParams(p.redirectUri, params) }, body: '' };
  }

  /** `POST /token`: exchanges a code, or refreshes a token. */
  token(authorization: string | undefined, params: URLSearchParams): OAuthReply | GraphFailure {
    const secret = /^OAuth\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    if (secret !== this.tokens.clientSecret) {
      return oauthRefused('Error validating client secret.');
    }
    const grant = params.get('grant_type');
    if (grant === 'authorization_code') {
      if (params.get('client_id') !== this.tokens.clientId) {
        return oauthRefused('Error validating application. Invalid application ID.');
      }
      const codeValue = params.get('code') ?? '';
      const code = this.tokens.code(codeValue);
      if (!code) {
        return oauthRefused('Invalid verification code format.');
      }
      if (code.used) {
        return oauthRefused('This authorization code has been used.', 36009);
      }
      code.used = true;
      if (code.expiresAt <= this.tokens.clock.now()) {
        return oauthRefused('This authorization code has expired.', 36007);
      }
      return this.grant(code.userId);
    }
    if (grant === 'refresh_token') {
      const current = params.get('refresh_token') ?? '';
      const info = this.tokens.check(current);
      if (!info || info.kind !== 'user' || !info.userId) {
        return invalidToken(400);
      }
      return this.grant(info.userId);
    }
    return oauthRefused(`Unsupported grant_type ${String(grant)}.`);
  }

  private grant(userId: string): OAuthReply {
    const { token, ttl } = this.tokens.issueUserToken(userId);
    return {
      status: 200,
      body: { access_token: token, expires_in: ttl, token_type: 'bearer', refresh_token: token },
    };
  }
}

function isUrl(s: string): boolean {
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

function withParams(base: string, params: Record<string, string | null>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) {
    if (v !== null) {
      url.searchParams.set(k, v);
    }
  }
  return url.toString();
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, inner: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} · Mapillary</title></head>
<body><h1>${title}</h1>
${inner}
</body></html>
`;
}

/** The body of a `/token` request, form-encoded or JSON (the docs show JSON; clients send forms). */
export function formOrJson(body: Buffer, contentType: string | undefined): URLSearchParams {
  const textBody = body.toString('utf8');
  if ((contentType ?? '').includes('json') || textBody.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(textBody) as Record<string, unknown>;
      const out = new URLSearchParams();
      for (const [k, v] of Object.entries(parsed)) {
        if (typeof v === 'string' || typeof v === 'number') {
          out.set(k, String(v));
        }
      }
      return out;
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(textBody);
}

/** An OAuth answer as an HTTP reply: a string body is an HTML page, anything else JSON. */
export function oauthReply(reply: OAuthReply | GraphFailure): Reply {
  if (typeof reply.body === 'string') {
    return {
      status: reply.status,
      contentType: 'text/html; charset=utf-8',
      body: Buffer.from(reply.body),
      ...(reply.headers ? { headers: reply.headers } : {}),
    };
  }
  return json(reply);
}
