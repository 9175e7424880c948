// The token every request uses, and its upkeep: the signed-in session's token, refreshed ahead of
// its expiry (by a timer, and by the request that finds it due); on code 190 one refresh and, if that
// fails, the session removed so that the person is asked to sign in again. Without a session the
// fallback token (the MAPILLARY_ACCESS_TOKEN of the environment, for the demo and headless use) is
// used as is and never stored.
import { type Logger, silentLogger } from '../../shared/logger';
import { type TokenGrant } from './oauthClient';
import { OAuthError } from './oauthError';
import { MAX_TIMER_MS, REFRESH_RETRY_MS, refreshDue, refreshTimerDelay } from './refreshTiming';
import { type SessionStore } from './sessionStore';
import { type StoredSession } from './storedSession';

/** Why a session was removed without the person asking. */
export type SessionLossReason = 'expired' | 'rejected';

/** Settings of {@link SessionTokens}. */
export interface SessionTokensOptions {
  store: SessionStore;
  /** Trades a session's token for a new one (the OAuth refresh); throws when it cannot. */
  refresh(session: StoredSession): Promise<TokenGrant>;
  /** A token to use when no one is signed in. */
  fallbackToken?: () => string | undefined;
  /** Told when a session was removed because its token is dead, so that the person can be asked. */
  onSessionLost?: (session: StoredSession, reason: SessionLossReason) => void;
  now?: () => number;
  logger?: Logger;
}

/** Supplies tokens to the request engine and keeps the session's token fresh. */
export class SessionTokens {
  private readonly now: () => number;
  private readonly logger: Logger;
  private readonly refreshing = new Map<string, Promise<StoredSession | undefined>>();
  /** Epoch milliseconds before which a failed refresh is not tried again, by session id. */
  private readonly retryAfter = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private subscription: { dispose(): void } | undefined;
  private disposed = false;

  constructor(private readonly options: SessionTokensOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  /** Starts the refresh timer and follows the store's changes. */
  start(): void {
    this.subscription ??= this.options.store.onDidChange(() => void this.schedule());
    void this.schedule();
  }

  /**
   * The token for the next request (`TokenProvider` of the request engine): the session's,
   * refreshed first when due; otherwise the fallback; undefined when there is neither.
   */
  readonly getToken = async (): Promise<string | undefined> => {
    const session = (await this.options.store.all())[0];
    if (!session) return this.options.fallbackToken?.();
    if (session.kind === 'oauth' && refreshDue(session.issuedAt, session.expiresAt, this.now())) {
      const retryAt = this.retryAfter.get(session.id) ?? 0;
      const expired = session.expiresAt !== undefined && this.now() >= session.expiresAt;
      if (expired || this.now() >= retryAt) {
        const fresh = await this.refresh(session);
        if (fresh) return fresh.accessToken;
        const still = (await this.options.store.all()).find((s) => s.id === session.id);
        if (!still) return this.options.fallbackToken?.();
      }
    }
    return session.accessToken;
  };

  /**
   * The request engine's hook for code 190 (`InvalidTokenHook`): refreshes once; true when a new
   * token is ready, false when the session could not be saved and was removed.
   */
  readonly onInvalidToken = async (): Promise<boolean> => {
    const session = (await this.options.store.all())[0];
    if (!session) return false;
    if (session.kind !== 'oauth') {
      await this.lose(session, 'rejected');
      return false;
    }
    const fresh = await this.refresh(session, true);
    return fresh !== undefined;
  };

  /** Refreshes a session now (shared by concurrent callers); undefined when that failed. */
  refresh(session: StoredSession, rejected = false): Promise<StoredSession | undefined> {
    let running = this.refreshing.get(session.id);
    if (!running) {
      running = this.doRefresh(session, rejected).finally(() => this.refreshing.delete(session.id));
      this.refreshing.set(session.id, running);
    }
    return running;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.subscription?.dispose();
  }

  private async doRefresh(
    session: StoredSession,
    rejected: boolean,
  ): Promise<StoredSession | undefined> {
    // Another window may have refreshed already: start from what is stored now.
    await this.options.store.reload();
    const current = (await this.options.store.all()).find((s) => s.id === session.id);
    if (!current) return undefined;
    if (current.accessToken !== session.accessToken) {
      if (!refreshDue(current.issuedAt, current.expiresAt, this.now())) return current;
    }
    const started = this.now();
    try {
      const grant = await this.options.refresh(current);
      const next: StoredSession = {
        ...current,
        accessToken: grant.accessToken,
        issuedAt: started,
        ...(grant.expiresIn === undefined
          ? { expiresAt: undefined }
          : { expiresAt: started + grant.expiresIn * 1000 }),
      };
      if (next.expiresAt === undefined) delete next.expiresAt;
      // Signed out meanwhile: the new token is dropped rather than bringing the session back.
      if (!(await this.options.store.update(next))) return undefined;
      this.retryAfter.delete(session.id);
      this.logger.info(
        `refreshed the Mapillary session${next.expiresAt ? `; it now expires ${new Date(next.expiresAt).toISOString()}` : ''}`,
      );
      return next;
    } catch (error) {
      const kind = error instanceof OAuthError ? error.describe() : 'unexpected error';
      const expired = current.expiresAt !== undefined && this.now() >= current.expiresAt;
      const dead = error instanceof OAuthError && error.kind === 'invalid-token';
      this.logger.warn(`refreshing the Mapillary session failed (${kind})`);
      if (rejected || dead || expired) {
        await this.lose(current, expired && !rejected ? 'expired' : 'rejected');
      } else {
        this.retryAfter.set(session.id, this.now() + REFRESH_RETRY_MS);
        void this.schedule();
      }
      return undefined;
    }
  }

  private async lose(session: StoredSession, reason: SessionLossReason): Promise<void> {
    const removed = await this.options.store.remove(session.id);
    if (!removed) return;
    this.logger.warn(`the Mapillary session was removed (${reason})`);
    this.options.onSessionLost?.(removed, reason);
  }

  private async schedule(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed) return;
    const session = (await this.options.store.all()).find(
      (s) => s.kind === 'oauth' && s.expiresAt !== undefined,
    );
    if (!session || session.expiresAt === undefined || this.disposed) return;
    const now = this.now();
    const retryAt = this.retryAfter.get(session.id) ?? 0;
    const delay = Math.min(
      MAX_TIMER_MS,
      Math.max(refreshTimerDelay(session.issuedAt, session.expiresAt, now), retryAt - now),
    );
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void (async () => {
        const current = (await this.options.store.all()).find((s) => s.id === session.id);
        if (current && refreshDue(current.issuedAt, current.expiresAt, this.now())) {
          await this.refresh(current);
        }
        await this.schedule();
      })();
    }, delay);
    // The timer alone must not keep a command-line process alive.
    this.timer.unref?.();
  }
}
