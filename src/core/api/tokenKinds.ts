// Which kind a token is: an app's client token or a user's token. The two look alike, and the
// difference matters: only a client token may go into a URL (the documentation "STRONGLY
// discourage[s]" a user token there), and tiles take their token only in the URL. The shape decides
// first (a client token is `MLY|<app id>|<hex>`; anything else is treated as a user's and never
// probed), then the service: `/me` answers a user token with its account and refuses a client
// token with a Graph error other than 190. Verdicts are kept for the session; failures are not.
import { GraphError } from '../../shared/api/graphError';
import { type GraphClient } from '../http/graphClient';

/** The two kinds of Mapillary access token. */
export type TokenKind = 'client' | 'user';

const CLIENT_TOKEN_SHAPE = /^MLY\|\d{1,32}\|[0-9a-f]{8,128}$/i;

/** Whether a token has the shape of an app's client token, `MLY|<app id>|<hex>`. */
export function hasClientTokenShape(token: string): boolean {
  return CLIENT_TOKEN_SHAPE.test(token);
}

/** Asks the service which kind a token is; throws a GraphError when the service refuses it. */
export type KindProbe = (token: string, signal?: AbortSignal) => Promise<TokenKind>;

/** The token kinds seen in this session, probed once each. */
export class TokenKinds {
  private readonly known = new Map<string, TokenKind>();
  private readonly probing = new Map<string, Promise<TokenKind>>();

  constructor(private readonly probe: KindProbe) {}

  /** The kind of `token`: by shape, from memory, or asked once (concurrent callers share it). */
  kindOf(token: string, signal?: AbortSignal): Promise<TokenKind> {
    if (!hasClientTokenShape(token)) return Promise.resolve('user');
    const known = this.known.get(token);
    if (known) return Promise.resolve(known);
    let running = this.probing.get(token);
    if (!running) {
      running = this.probe(token, signal)
        .then((kind) => {
          this.known.set(token, kind);
          return kind;
        })
        .finally(() => this.probing.delete(token));
      this.probing.set(token, running);
    }
    return running;
  }

  /** Records a kind learned elsewhere (a sign-in check, the connection check's `/me` call). */
  remember(token: string, kind: TokenKind): void {
    // A token that does not look like a client token stays a user's, whatever anyone says.
    this.known.set(token, hasClientTokenShape(token) ? kind : 'user');
  }

  /** The kind already known for `token`, without asking. */
  peek(token: string): TokenKind | undefined {
    return hasClientTokenShape(token) ? this.known.get(token) : 'user';
  }
}

/** What a `/me` answer says about the token that asked. */
export function kindFromMe(outcome: { ok: true } | { ok: false; error: GraphError }): TokenKind {
  if (outcome.ok) return 'user';
  const error = outcome.error;
  // Only the service's own refusal (a Graph error body with a code) counts, and not 190 (the token
  // is dead) or a passing error: those are the caller's to report.
  if (
    error.code !== undefined &&
    (error.kind === 'permission' || error.kind === 'bad-request' || error.kind === 'not-found')
  ) {
    return 'client';
  }
  throw error;
}

/** The probe over the Graph client: one `GET /me?fields=id` with the token in the header. */
export function meProbe(graph: GraphClient): KindProbe {
  return async (token, signal) => {
    try {
      await graph.getJson('me', { fields: 'id' }, { signal, token: () => Promise.resolve(token) });
      return kindFromMe({ ok: true });
    } catch (error) {
      if (error instanceof GraphError) return kindFromMe({ ok: false, error });
      throw error;
    }
  };
}
