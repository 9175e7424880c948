// Failures of the sign-in requests (the code exchange, the refresh, the account check), decided from
// the HTTP status and the Graph `code`/`error_subcode`, never from the message text, which the
// service localises. Messages are written for the person signing in and never hold a token, a
// secret, a code or a URL.

/** What went wrong, in terms the sign-in code can act on. */
export type OAuthErrorKind =
  /** The client id or the client secret was refused, or a fresh code was not accepted. */
  | 'rejected'
  /** The authorization code was used already (a replay). */
  | 'code-used'
  /** The authorization code expired before it was exchanged. */
  | 'code-expired'
  /** Code 190: the token is invalid, expired or revoked. */
  | 'invalid-token'
  /** The service failed (5xx, transient codes) or answered something that is not its API. */
  | 'server'
  /** The connection failed or timed out. */
  | 'network'
  /** The caller cancelled. */
  | 'cancelled';

const MESSAGES: Record<OAuthErrorKind, string> = {
  rejected:
    "Mapillary did not accept the app's credentials: check the client id in the settings and the client secret (Mapillary: Set OAuth Client Secret).",
  'code-used': 'This authorization was used already. Sign in again.',
  'code-expired': 'The authorization expired before it could be completed. Sign in again.',
  'invalid-token': 'Mapillary did not accept the token: it is invalid, expired or revoked.',
  server: 'Mapillary could not complete the request. Try again later.',
  network: 'Mapillary could not be reached. Check the connection and try again.',
  cancelled: 'Cancelled.',
};

/** A failed sign-in request. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';

  constructor(
    readonly kind: OAuthErrorKind,
    message: string = MESSAGES[kind],
    /** HTTP status, Graph code and subcode, for the log. */
    readonly details: { status?: number; code?: number; subcode?: number } = {},
  ) {
    super(message);
  }

  /** A one-line description for the log: kind, status and codes, never the body. */
  describe(): string {
    const { status, code, subcode } = this.details;
    const parts: string[] = [this.kind];
    if (status !== undefined) parts.push(`HTTP ${status}`);
    if (code !== undefined) parts.push(`code ${code}${subcode === undefined ? '' : `/${subcode}`}`);
    return parts.join(', ');
  }
}

/** The Graph error object of a body, if it has one. */
export function graphErrorOf(json: unknown): { code?: number; subcode?: number } | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const error = (json as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; error_subcode?: unknown };
  return {
    ...(typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.error_subcode === 'number' ? { subcode: e.error_subcode } : {}),
  };
}

/** Classifies an error answer of the token endpoint or of `/me`. */
export function oauthErrorFrom(status: number, json: unknown): OAuthError {
  const graph = graphErrorOf(json);
  const details = { status, ...graph };
  const code = graph?.code;
  if (code === 190) return new OAuthError('invalid-token', undefined, details);
  if (code === 100 && graph?.subcode === 36009)
    return new OAuthError('code-used', undefined, details);
  if (code === 100 && graph?.subcode === 36007) {
    return new OAuthError('code-expired', undefined, details);
  }
  // 1 and 101 are how Graph services report a bad app secret or app id; Mapillary answers 100
  // without a subcode for those and for a code it does not know. The code exchanged is always fresh
  // from the browser, so the credentials are what to check.
  if ((code === 100 || code === 101 || code === 1) && status < 500) {
    return new OAuthError('rejected', undefined, details);
  }
  if (status === 401 && code === undefined)
    return new OAuthError('invalid-token', undefined, details);
  return new OAuthError('server', undefined, details);
}
