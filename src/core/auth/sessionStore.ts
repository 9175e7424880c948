// The sessions in SecretStorage, as one JSON value under one key. Every window of VS Code reads and
// writes the same value: writes start from a fresh read so that another window's change is not
// overwritten, and the store's change event (fired in every window) reloads the value and reports
// what changed. A value that is not valid JSON is deleted, so no half session outlives it.
import { type Logger, silentLogger } from '../../shared/logger';
import {
  type ParsedSessions,
  type StoredSession,
  parseStoredSessions,
  sameSession,
  serializeSessions,
} from './storedSession';

/** The part of VS Code's `SecretStorage` the store uses (it satisfies this interface as is). */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  onDidChange(listener: (event: { key: string }) => unknown): { dispose(): unknown };
}

/** What changed between two readings of the sessions. */
export interface SessionsChange {
  added: StoredSession[];
  removed: StoredSession[];
  changed: StoredSession[];
}

/** The SecretStorage key of the sessions. */
export const SESSIONS_KEY = 'mapillary.sessions';

/** Settings of {@link SessionStore}. */
export interface SessionStoreOptions {
  key?: string;
  logger?: Logger;
  /** Told when the stored value was unusable (and what was done about it). */
  onProblem?: (problem: NonNullable<ParsedSessions['problem']>) => void;
}

/** The signed-in sessions, cached in memory and kept in step with SecretStorage. */
export class SessionStore {
  private readonly key: string;
  private readonly logger: Logger;
  private cache: StoredSession[] | undefined;
  private loading: Promise<StoredSession[]> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(change: SessionsChange) => void>();
  private readonly subscription: { dispose(): unknown };

  constructor(
    private readonly secrets: SecretStore,
    private readonly options: SessionStoreOptions = {},
  ) {
    this.key = options.key ?? SESSIONS_KEY;
    this.logger = options.logger ?? silentLogger;
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === this.key) {
        this.reload().catch((error: unknown) =>
          this.logger.warn(`could not reload the sessions: ${String(error)}`),
        );
      }
    });
  }

  /** The sessions, read from SecretStorage the first time. */
  all(): Promise<StoredSession[]> {
    if (this.cache) return Promise.resolve(this.cache.slice());
    this.loading ??= this.read().then((sessions) => {
      this.cache ??= sessions;
      return this.cache;
    });
    return this.loading.then((s) => s.slice());
  }

  /** The sessions in memory, if they were read already. */
  cached(): readonly StoredSession[] | undefined {
    return this.cache;
  }

  /** Reads the value again (another window may have changed it) and reports the difference. */
  reload(): Promise<SessionsChange> {
    return this.serialize(async () => {
      const sessions = await this.read();
      return this.replaceCache(sessions);
    });
  }

  /**
   * Stores a new session. The extension keeps one account at a time, so it replaces any other
   * session: the token every request uses is the one of the account shown.
   */
  add(session: StoredSession): Promise<void> {
    return this.mutate(() => [session]).then(() => undefined);
  }

  /** Replaces the session with the same id; false (and nothing stored) when it no longer exists. */
  update(session: StoredSession): Promise<boolean> {
    let found = false;
    return this.mutate((sessions) =>
      sessions.map((s) => {
        if (s.id !== session.id) return s;
        found = true;
        return session;
      }),
    ).then(() => found);
  }

  /** Removes a session; returns it, or undefined when it was not there. */
  remove(id: string): Promise<StoredSession | undefined> {
    let removed: StoredSession | undefined;
    return this.mutate((sessions) => {
      removed = sessions.find((s) => s.id === id);
      return sessions.filter((s) => s.id !== id);
    }).then(() => removed);
  }

  /** Listens to changes, whether made here or in another window. */
  onDidChange(listener: (change: SessionsChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    this.subscription.dispose();
    this.listeners.clear();
  }

  private mutate(edit: (sessions: StoredSession[]) => StoredSession[]): Promise<SessionsChange> {
    return this.serialize(async () => {
      const next = edit(await this.read());
      if (next.length === 0) await this.secrets.delete(this.key);
      else await this.secrets.store(this.key, serializeSessions(next));
      return this.replaceCache(next);
    });
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<StoredSession[]> {
    const parsed = parseStoredSessions(await this.secrets.get(this.key));
    if (parsed.problem) {
      // The value's content is a secret: log what was wrong with it, never the value.
      this.logger.warn(
        `the stored sessions were unusable (${parsed.problem}); they were discarded`,
      );
      if (parsed.sessions.length === 0) await this.secrets.delete(this.key);
      else await this.secrets.store(this.key, serializeSessions(parsed.sessions));
      this.options.onProblem?.(parsed.problem);
    }
    return parsed.sessions;
  }

  private replaceCache(next: StoredSession[]): SessionsChange {
    const before = this.cache ?? [];
    this.cache = next;
    const change: SessionsChange = {
      added: next.filter((n) => !before.some((b) => b.id === n.id)),
      removed: before.filter((b) => !next.some((n) => n.id === b.id)),
      changed: next.filter((n) => before.some((b) => b.id === n.id && !sameSession(b, n))),
    };
    if (change.added.length || change.removed.length || change.changed.length) {
      for (const listener of [...this.listeners]) {
        try {
          listener(change);
        } catch (error) {
          this.logger.warn(`a sessions listener failed: ${String(error)}`);
        }
      }
    }
    return change;
  }
}
