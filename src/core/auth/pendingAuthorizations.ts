// Ties the browser's callback to the sign-in attempt that is waiting for it, by `state`. A callback
// whose `state` is missing or unknown (forged, stale, or replayed after the attempt ended) is ignored:
// it neither completes nor fails anyone's sign-in. Each state is accepted once.

/** Why the authorization server sent the browser back without a code. */
export class AuthorizationError extends Error {
  override readonly name = 'AuthorizationError';

  constructor(
    /** The documented `error` value, or `invalid_request` when the callback lacked a code. */
    readonly error: string,
    message: string,
  ) {
    super(message);
  }

  /** Whether the person declined in the browser (not a failure to report as an error). */
  get denied(): boolean {
    return this.error === 'user_denied' || this.error === 'access_denied';
  }
}

/**
 * Whether `error` is an {@link AuthorizationError}. The extension is two bundles that each carry a
 * copy of this module, so `instanceof` fails across them; the name and shape do not.
 */
export function isAuthorizationError(error: unknown): error is AuthorizationError {
  return (
    error instanceof Error &&
    error.name === 'AuthorizationError' &&
    typeof (error as { error?: unknown }).error === 'string'
  );
}

/** What became of a delivered callback. */
export type DeliveryOutcome = 'code' | 'error' | 'ignored';

/** One attempt's wait for its callback. */
export interface PendingAuthorization {
  /** Resolves with the authorization code; rejects with an {@link AuthorizationError}. */
  readonly code: Promise<string>;
  /** Stops waiting; later callbacks with this state are ignored. */
  dispose(): void;
}

/** The user-facing sentence for an `error` value of the callback. */
export function describeAuthorizationError(error: string): string {
  switch (error) {
    case 'user_denied':
    case 'access_denied':
      return 'Mapillary sign-in was cancelled: access was not granted in the browser.';
    case 'invalid_request':
      return 'Mapillary refused the sign-in request (invalid_request). Check the setting mapillary.oauth.clientId.';
    case 'invalid_scope':
      return 'Mapillary refused the permissions asked for (invalid_scope).';
    case 'server_error':
      return 'Mapillary could not complete the sign-in (server_error). Try again later.';
    default:
      return `Mapillary ended the sign-in with an error (${error}).`;
  }
}

/** The sign-in attempts waiting for a callback, by state. */
export class PendingAuthorizations {
  private readonly waiting = new Map<
    string,
    { resolve(code: string): void; reject(error: Error): void }
  >();

  /** Number of attempts waiting. */
  get size(): number {
    return this.waiting.size;
  }

  /** Starts waiting for the callback that carries `state`. */
  expect(state: string): PendingAuthorization {
    let resolve!: (code: string) => void;
    let reject!: (error: Error) => void;
    const code = new Promise<string>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may be awaiting yet when a callback fails; the rejection is still handled by the caller.
    code.catch(() => undefined);
    this.waiting.set(state, { resolve, reject });
    return { code, dispose: () => this.waiting.delete(state) };
  }

  /** Hands a callback's query to the attempt it belongs to, if any. */
  deliver(query: URLSearchParams): DeliveryOutcome {
    const state = query.get('state');
    const attempt = state ? this.waiting.get(state) : undefined;
    if (!state || !attempt) return 'ignored';
    this.waiting.delete(state);
    const error = query.get('error');
    if (error !== null) {
      const safe = error.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 40) || 'unknown_error';
      attempt.reject(new AuthorizationError(safe, describeAuthorizationError(safe)));
      return 'error';
    }
    const code = query.get('code');
    if (!code) {
      attempt.reject(
        new AuthorizationError(
          'invalid_request',
          'Mapillary sent the browser back without an authorization code.',
        ),
      );
      return 'error';
    }
    attempt.resolve(code);
    return 'code';
  }
}
