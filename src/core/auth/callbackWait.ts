// How long a sign-in waits for the browser: until the callback brings a code, the person cancels,
// or the time limit passes (5 minutes, as VS Code's own providers). Whichever comes first wins, and
// the timer and the listener are cleaned up in every case.

/** How long the browser has to come back. */
export const SIGN_IN_TIMEOUT_MS = 5 * 60 * 1000;

/** The browser did not come back in time. */
export class SignInTimeoutError extends Error {
  override readonly name = 'SignInTimeoutError';

  constructor(timeoutMs: number) {
    super(
      `Mapillary sign-in timed out: the browser did not come back within ${Math.round(timeoutMs / 60_000) || 1} minute${timeoutMs > 60_000 ? 's' : ''}. Sign in again when ready.`,
    );
  }
}

/** The person cancelled the wait. */
export class SignInCancelledError extends Error {
  override readonly name = 'SignInCancelledError';

  constructor() {
    super('Sign-in cancelled.');
  }
}

/** Waits for `code`, rejecting on `signal` or after `timeoutMs`. */
export function waitForCallback<T>(
  code: Promise<T>,
  signal: AbortSignal,
  timeoutMs = SIGN_IN_TIMEOUT_MS,
): Promise<T> {
  if (signal.aborted) return Promise.reject(new SignInCancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => finish(() => reject(new SignInCancelledError()));
    const timer = setTimeout(
      () => finish(() => reject(new SignInTimeoutError(timeoutMs))),
      timeoutMs,
    );
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      settle();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    code.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) =>
        finish(() => reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}
