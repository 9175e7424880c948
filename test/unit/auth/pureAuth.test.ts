// The sign-in logic that needs no network: token clean-up, the stored JSON, refresh timing, PKCE,
// and the matching of callbacks to attempts.
import { strict as assert } from 'node:assert';
import {
  SIGN_IN_TIMEOUT_MS,
  SignInCancelledError,
  SignInTimeoutError,
  waitForCallback,
} from '../../../src/core/auth/callbackWait';
import { createPkcePair, pkceChallenge, randomState } from '../../../src/core/auth/pkce';
import {
  AuthorizationError,
  PendingAuthorizations,
  isAuthorizationError,
} from '../../../src/core/auth/pendingAuthorizations';
import {
  MAX_REFRESH_LEAD_MS,
  refreshAt,
  refreshDue,
  refreshTimerDelay,
  MAX_TIMER_MS,
} from '../../../src/core/auth/refreshTiming';
import {
  type StoredSession,
  parseStoredSessions,
  serializeSessions,
} from '../../../src/core/auth/storedSession';
import { appIdOfToken, normalizeToken } from '../../../src/core/auth/tokenText';
import { describeTileBudget } from '../../../src/extension/auth/tileBudgetText';

const TOKEN = 'MLY|4242424242424242|0123456789abcdef0123456789abcdef';
const DAY = 24 * 60 * 60 * 1000;

function session(overrides: Partial<StoredSession> = {}): StoredSession {
  return {
    id: 'a1',
    kind: 'oauth',
    accessToken: TOKEN,
    account: { id: '1001', label: 'alice' },
    scopes: ['read'],
    issuedAt: 1_000,
    expiresAt: 1_000 + 60 * DAY,
    ...overrides,
  };
}

describe('auth: normalizeToken', () => {
  it('keeps a clean token as it is', () => {
    assert.deepEqual(normalizeToken(TOKEN), { ok: true, token: TOKEN });
  });

  it('removes spaces, line breaks, quotes and header or query prefixes that pasting brings', () => {
    for (const pasted of [
      `  ${TOKEN}  `,
      `"${TOKEN}"`,
      `'${TOKEN}'\n`,
      `“${TOKEN}”`,
      `\`${TOKEN}\``,
      `" '${TOKEN}' "`,
      `MLY|4242424242424242|0123456789abcdef\n0123456789abcdef`,
      `MLY|4242424242424242| 0123456789abcdef 0123456789abcdef`,
      `OAuth ${TOKEN}`,
      `Authorization: Bearer ${TOKEN}`,
      `access_token=${TOKEN}`,
    ]) {
      assert.deepEqual(normalizeToken(pasted), { ok: true, token: TOKEN }, JSON.stringify(pasted));
    }
  });

  it('refuses empty, short, long and non-token text without echoing it', () => {
    const cases = ['', '   ', '""', 'MLY|1|2', 'x'.repeat(5000), `${TOKEN}<script>`, `${TOKEN};rm`];
    for (const text of cases) {
      const result = normalizeToken(text);
      assert.equal(result.ok, false, JSON.stringify(text));
      if (!result.ok && text.length > 3) assert.ok(!result.problem.includes(text));
    }
  });

  it('reads the app id of an MLY token, and nothing from other shapes', () => {
    assert.equal(appIdOfToken(TOKEN), '4242424242424242');
    assert.equal(appIdOfToken('abcdefghijklmnopqrstuvwxyz'), undefined);
  });
});

describe('auth: stored sessions JSON', () => {
  it('round-trips sessions through JSON', () => {
    const sessions = [session(), session({ id: 'b2', kind: 'token', expiresAt: undefined })];
    delete sessions[1]?.expiresAt;
    const parsed = parseStoredSessions(serializeSessions(sessions));
    assert.equal(parsed.problem, undefined);
    assert.deepEqual(parsed.sessions, sessions);
  });

  it('treats a missing value as no sessions and no problem', () => {
    assert.deepEqual(parseStoredSessions(undefined), { sessions: [] });
  });

  it('reports a value that is not JSON, or JSON of another shape, and yields no sessions', () => {
    assert.deepEqual(parseStoredSessions('{"accessToken": "MLY|'), {
      sessions: [],
      problem: 'not-json',
    });
    assert.deepEqual(parseStoredSessions('{"a":1}'), { sessions: [], problem: 'not-array' });
    assert.deepEqual(parseStoredSessions('"token"'), { sessions: [], problem: 'not-array' });
  });

  it('drops entries that are not whole sessions and keeps the sound ones', () => {
    const good = session();
    const bad = [
      { ...good, id: 'x1', accessToken: '' },
      { ...good, id: 'x2', accessToken: 'has space' },
      { ...good, id: 'x3', kind: 'cookie' },
      { ...good, id: 'x4', account: { id: '1' } },
      { ...good, id: 'x5', expiresAt: 'tomorrow' },
      { ...good, id: 'x6', scopes: 'read' },
      null,
      42,
      { ...good }, // a duplicate id
    ];
    const parsed = parseStoredSessions(JSON.stringify([good, ...bad]));
    assert.equal(parsed.problem, 'bad-entries');
    assert.deepEqual(parsed.sessions, [good]);
  });
});

describe('auth: refresh timing', () => {
  it('refreshes a 60-day token one week before it expires', () => {
    const s = session();
    assert.equal(refreshAt(s.issuedAt, s.expiresAt ?? 0), (s.expiresAt ?? 0) - MAX_REFRESH_LEAD_MS);
    assert.equal(refreshDue(s.issuedAt, s.expiresAt, s.issuedAt + 52 * DAY), false);
    assert.equal(refreshDue(s.issuedAt, s.expiresAt, s.issuedAt + 53 * DAY + 1), true);
  });

  it('refreshes a short-lived token a quarter of its lifetime ahead', () => {
    assert.equal(refreshAt(0, 40_000), 30_000);
    assert.equal(refreshDue(0, 40_000, 29_999), false);
    assert.equal(refreshDue(0, 40_000, 30_000), true);
  });

  it('never refreshes a token without an expiry, and clamps timers to what setTimeout takes', () => {
    assert.equal(refreshDue(0, undefined, Number.MAX_SAFE_INTEGER), false);
    assert.equal(refreshTimerDelay(0, 60 * DAY, 0), MAX_TIMER_MS);
    assert.equal(refreshTimerDelay(0, 40_000, 35_000), 0);
  });
});

describe('auth: PKCE and state', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', () => {
    assert.equal(
      pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'),
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes fresh, well-formed verifiers and states', () => {
    const a = createPkcePair();
    const b = createPkcePair();
    assert.notEqual(a.verifier, b.verifier);
    assert.match(a.verifier, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(a.challenge, pkceChallenge(a.verifier));
    assert.match(randomState(), /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(randomState(), randomState());
  });
});

describe('auth: callbacks matched to attempts by state', () => {
  it('ignores a callback with a missing or unknown state and keeps waiting', async () => {
    const pending = new PendingAuthorizations();
    const attempt = pending.expect('s1');
    assert.equal(pending.deliver(new URLSearchParams({ code: 'c' })), 'ignored');
    assert.equal(pending.deliver(new URLSearchParams({ code: 'c', state: 's2' })), 'ignored');
    assert.equal(
      pending.deliver(new URLSearchParams({ error: 'user_denied', state: 'x' })),
      'ignored',
    );
    assert.equal(pending.size, 1);
    assert.equal(pending.deliver(new URLSearchParams({ code: 'good', state: 's1' })), 'code');
    assert.equal(await attempt.code, 'good');
  });

  it('accepts each state once: a replayed callback is ignored', () => {
    const pending = new PendingAuthorizations();
    pending.expect('s1');
    assert.equal(pending.deliver(new URLSearchParams({ code: 'c', state: 's1' })), 'code');
    assert.equal(pending.deliver(new URLSearchParams({ code: 'c', state: 's1' })), 'ignored');
    assert.equal(pending.size, 0);
  });

  it('ends the attempt with a clear message for each documented error', async () => {
    const expectations: Record<string, RegExp> = {
      user_denied: /cancelled: access was not granted/,
      invalid_request: /invalid_request/,
      invalid_scope: /invalid_scope/,
      server_error: /server_error/,
      'weird<b>': /error \(weirdb\)/,
    };
    const pending = new PendingAuthorizations();
    for (const [error, message] of Object.entries(expectations)) {
      const attempt = pending.expect(error);
      assert.equal(pending.deliver(new URLSearchParams({ error, state: error })), 'error');
      await assert.rejects(attempt.code, (e: unknown) => {
        assert.ok(e instanceof AuthorizationError);
        assert.match(e.message, message);
        assert.equal(e.denied, error === 'user_denied');
        return true;
      });
    }
  });

  it('fails a callback that has the state but no code', async () => {
    const pending = new PendingAuthorizations();
    const attempt = pending.expect('s1');
    assert.equal(pending.deliver(new URLSearchParams({ state: 's1' })), 'error');
    await assert.rejects(attempt.code, /without an authorization code/);
  });

  it('stops listening when the attempt is disposed', () => {
    const pending = new PendingAuthorizations();
    pending.expect('s1').dispose();
    assert.equal(pending.deliver(new URLSearchParams({ code: 'c', state: 's1' })), 'ignored');
  });
});

describe('auth: tile budget text', () => {
  it('says how many tiles are left today', () => {
    assert.equal(
      describeTileBudget({ remaining: 49_870, limit: 50_000 }),
      'Tiles left today: 49,870 of 50,000 (renews at midnight UTC).',
    );
    assert.match(describeTileBudget(undefined), /not counted/);
  });
});

describe('auth: waiting for the browser', () => {
  it('gives up with a clear message when the browser never comes back', async () => {
    const never = new Promise<string>(() => undefined);
    const started = Date.now();
    await assert.rejects(
      waitForCallback(never, new AbortController().signal, 50),
      (e: unknown) => e instanceof SignInTimeoutError && /did not come back/.test(e.message),
    );
    assert.ok(Date.now() - started >= 45);
    assert.equal(SIGN_IN_TIMEOUT_MS, 5 * 60 * 1000);
  });

  it('stops at once when the person cancels, and before starting when already cancelled', async () => {
    const abort = new AbortController();
    const waiting = waitForCallback(new Promise<string>(() => undefined), abort.signal, 60_000);
    abort.abort();
    await assert.rejects(waiting, SignInCancelledError);
    await assert.rejects(
      waitForCallback(Promise.resolve('c'), abort.signal, 60_000),
      SignInCancelledError,
    );
  });

  it('passes the code or the callback error through', async () => {
    const signal = new AbortController().signal;
    assert.equal(await waitForCallback(Promise.resolve('code'), signal, 60_000), 'code');
    const denied = new AuthorizationError('user_denied', 'denied');
    await assert.rejects(waitForCallback(Promise.reject(denied), signal, 60_000), (e: unknown) =>
      isAuthorizationError(e),
    );
    assert.equal(isAuthorizationError(new Error('x')), false);
  });
});
