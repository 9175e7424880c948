// What an attempt's failure becomes: cancellation, a timeout or a network error as a typed
// GraphError whose cause is redacted, and a promise that gives up as soon as its signal aborts.
import { GraphError, adviceFor } from '../../shared/api/graphError';
import { redact } from '../../shared/redact';

/** The error of a cancelled request. */
export function cancelled(): GraphError {
  return new GraphError('cancelled', adviceFor('cancelled'));
}

/** Rejects as soon as `signal` aborts, even if `promise` ignores the signal. */
export function withAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Maps anything thrown during an attempt to a GraphError: cancelled, timeout or network. */
export function toGraphError(
  caught: unknown,
  callerSignal?: AbortSignal,
  timeoutSignal?: AbortSignal,
): GraphError {
  if (callerSignal?.aborted) return cancelled();
  if (caught instanceof GraphError) return caught;
  if (timeoutSignal?.aborted) return new GraphError('timeout', adviceFor('timeout'));
  const name = caught instanceof Error ? caught.name : '';
  if (name === 'TimeoutError') return new GraphError('timeout', adviceFor('timeout'));
  if (name === 'AbortError') return cancelled();
  return new GraphError('network', adviceFor('network'), { cause: redactedCause(caught) });
}

function redactedCause(caught: unknown): Error {
  const inner = caught instanceof Error && caught.cause instanceof Error ? caught.cause : undefined;
  const text = [
    caught instanceof Error ? caught.message : String(caught),
    inner ? `(${inner.message})` : '',
  ]
    .join(' ')
    .trim();
  return new Error(redact(text));
}
