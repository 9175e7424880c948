// Time as a dependency: the client waits for backoff, Retry-After, the rate limiter and the usage
// throttle through this interface, so tests can run those rules instantly and deterministically.
import { onAbort } from './abortListeners';

/** A source of time and of cancellable waits. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      if (ms <= 0) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        stop();
        resolve();
      }, ms);
      const stop = signal
        ? onAbort(signal, () => {
            clearTimeout(timer);
            reject(signal.reason as Error);
          })
        : () => undefined;
    }),
};
