// When to refresh a token: ahead of its expiry by a quarter of its lifetime, at most a week ahead.
// A 60-day token is refreshed 7 days before it expires; a token that lives 40 seconds (as the tests
// make them) 10 seconds before. Refreshing early leaves room for a failed attempt to be retried
// while the old token still works.

/** Largest lead time before expiry: one week. */
export const MAX_REFRESH_LEAD_MS = 7 * 24 * 60 * 60 * 1000;
/** How long to wait before trying again after a failed refresh while the token is still valid. */
export const REFRESH_RETRY_MS = 60 * 1000;
/** The longest delay `setTimeout` accepts (about 24.8 days); longer waits are re-armed. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Epoch milliseconds at which a token issued at `issuedAt` and expiring at `expiresAt` is refreshed. */
export function refreshAt(issuedAt: number, expiresAt: number): number {
  const lifetime = Math.max(0, expiresAt - issuedAt);
  return expiresAt - Math.min(MAX_REFRESH_LEAD_MS, lifetime / 4);
}

/** Whether the token should be refreshed now. */
export function refreshDue(issuedAt: number, expiresAt: number | undefined, now: number): boolean {
  return expiresAt !== undefined && now >= refreshAt(issuedAt, expiresAt);
}

/** Milliseconds to wait before the timer that refreshes the token should fire (0 when due). */
export function refreshTimerDelay(issuedAt: number, expiresAt: number, now: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(0, refreshAt(issuedAt, expiresAt) - now));
}
