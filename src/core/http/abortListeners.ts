// One job's signal is watched by every wait of that job at once: backoff sleeps, rate-limit pauses,
// shared tile fetches. Adding one 'abort' listener per wait trips Node's leak warning
// (MaxListenersExceededWarning) as soon as eleven requests back off together, as they do in a 429
// storm or when the service is unreachable. Instead each signal gets a single listener that calls
// every current waiter, and waiters come and go in a set.

interface Waiters {
  listeners: Set<() => void>;
  detach: () => void;
}

const bySignal = new WeakMap<AbortSignal, Waiters>();

/**
 * Calls `listener` once when `signal` aborts (at once when it already has), and returns the function
 * that stops listening. However many waiters a signal has, it carries one event listener.
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  if (signal.aborted) {
    listener();
    return () => undefined;
  }
  let waiters = bySignal.get(signal);
  if (!waiters) {
    const listeners = new Set<() => void>();
    const fire = () => {
      bySignal.delete(signal);
      for (const waiter of [...listeners]) waiter();
    };
    signal.addEventListener('abort', fire, { once: true });
    waiters = { listeners, detach: () => signal.removeEventListener('abort', fire) };
    bySignal.set(signal, waiters);
  }
  const own = waiters;
  own.listeners.add(listener);
  return () => {
    if (!own.listeners.delete(listener) || own.listeners.size > 0) return;
    // The event listener leaves with the last waiter, so a long-lived signal keeps nothing.
    if (bySignal.get(signal) === own) bySignal.delete(signal);
    own.detach();
  };
}
