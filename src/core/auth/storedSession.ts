// The sessions as they are kept in SecretStorage: one JSON array under one key, as VS Code's own
// authentication providers do. The value is read from a store other windows (and other versions of
// this extension) write to, so it is validated entry by entry and never trusted.

/** How a session was obtained. */
export type SessionKind = 'oauth' | 'token';

/** One signed-in account, with its token. */
export interface StoredSession {
  /** Random id of the session (not the account's id). */
  id: string;
  kind: SessionKind;
  accessToken: string;
  account: {
    /** The Mapillary user id, or `app:<id>` for a client access token. */
    id: string;
    /** What the Accounts menu and the status bar show. */
    label: string;
  };
  scopes: string[];
  /** Epoch milliseconds when the session was created or last refreshed. */
  issuedAt: number;
  /** Epoch milliseconds when the token expires; absent when the service gave no expiry. */
  expiresAt?: number;
}

/** The outcome of {@link parseStoredSessions}. */
export interface ParsedSessions {
  sessions: StoredSession[];
  /**
   * Why some or all of the value was unusable: `not-json` (the value is not JSON), `not-array` (JSON
   * of another shape), `bad-entries` (some entries were dropped). Absent when the value was sound.
   */
  problem?: 'not-json' | 'not-array' | 'bad-entries';
}

const MAX_TOKEN_LENGTH = 4096;

/** Reads the stored value; a missing value is no sessions and no problem. */
export function parseStoredSessions(raw: string | undefined): ParsedSessions {
  if (raw === undefined || raw === '') return { sessions: [] };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { sessions: [], problem: 'not-json' };
  }
  if (!Array.isArray(json)) return { sessions: [], problem: 'not-array' };
  const sessions: StoredSession[] = [];
  const seen = new Set<string>();
  for (const entry of json) {
    const session = toSession(entry);
    if (session && !seen.has(session.id)) {
      seen.add(session.id);
      sessions.push(session);
    }
  }
  return sessions.length === json.length ? { sessions } : { sessions, problem: 'bad-entries' };
}

/** The JSON value to store for these sessions. */
export function serializeSessions(sessions: readonly StoredSession[]): string {
  return JSON.stringify(
    sessions.map((s) => ({
      id: s.id,
      kind: s.kind,
      accessToken: s.accessToken,
      account: { id: s.account.id, label: s.account.label },
      scopes: [...s.scopes],
      issuedAt: s.issuedAt,
      ...(s.expiresAt === undefined ? {} : { expiresAt: s.expiresAt }),
    })),
  );
}

/** Whether two sessions are the same in every stored field. */
export function sameSession(a: StoredSession, b: StoredSession): boolean {
  return serializeSessions([a]) === serializeSessions([b]);
}

function toSession(value: unknown): StoredSession | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const account = v.account as Record<string, unknown> | undefined;
  if (
    !isText(v.id, 200) ||
    (v.kind !== 'oauth' && v.kind !== 'token') ||
    !isText(v.accessToken, MAX_TOKEN_LENGTH) ||
    /\s/.test(v.accessToken) ||
    typeof account !== 'object' ||
    account === null ||
    !isText(account.id, 200) ||
    !isText(account.label, 200) ||
    !Array.isArray(v.scopes) ||
    !v.scopes.every((s) => isText(s, 50)) ||
    !isTime(v.issuedAt) ||
    (v.expiresAt !== undefined && !isTime(v.expiresAt))
  ) {
    return undefined;
  }
  return {
    id: v.id,
    kind: v.kind,
    accessToken: v.accessToken,
    account: { id: account.id, label: account.label },
    scopes: (v.scopes as unknown[]).map(String),
    issuedAt: v.issuedAt,
    ...(v.expiresAt === undefined ? {} : { expiresAt: v.expiresAt }),
  };
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
