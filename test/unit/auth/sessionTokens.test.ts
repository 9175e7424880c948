// The token source of the request engine against the emulator: refresh ahead of expiry (by the
// request that finds it due and by the timer), one refresh on code 190 through the real engine, and
// a dead session removed with a prompt, never left half there.
import { strict as assert } from 'node:assert';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { OAuthClient } from '../../../src/core/auth/oauthClient';
import { OAuthError } from '../../../src/core/auth/oauthError';
import { SESSIONS_KEY, SessionStore } from '../../../src/core/auth/sessionStore';
import { type SessionLossReason, SessionTokens } from '../../../src/core/auth/sessionTokens';
import { type StoredSession } from '../../../src/core/auth/storedSession';
import { GraphClient } from '../../../src/core/http/graphClient';
import { GraphError } from '../../../src/shared/api/graphError';
import { ManualClock } from '../../emulator/clock';
import { startEmulator, type Emulator } from '../../emulator/emulator';
import { MemorySecrets, until } from './authHarness';

describe('auth: session tokens against the emulator', function () {
  let emulator: Emulator;
  let secrets: MemorySecrets;
  let store: SessionStore;
  let tokens: SessionTokens;
  let lost: { id: string; reason: SessionLossReason }[];
  let refreshes: number;
  // One time for the emulator (token expiry) and the token source (when to refresh): it moves only
  // when a test moves it, so no expiry races the work of a loaded machine.
  let clock: ManualClock;

  before(async () => {
    clock = new ManualClock();
    emulator = await startEmulator({ tokenTtlSeconds: 3600, clock });
  });
  after(() => emulator.close());

  function setUp(fallback?: string, refresh?: (s: StoredSession) => Promise<never>): void {
    secrets = new MemorySecrets();
    store = new SessionStore(secrets.window());
    lost = [];
    refreshes = 0;
    const client = new OAuthClient({
      graphUrl: emulator.graphUrl,
      authorizeUrl: emulator.authorizeUrl,
      clientId: emulator.oauthClient.id,
    });
    tokens = new SessionTokens({
      store,
      refresh: (s) => {
        refreshes++;
        return refresh ? refresh(s) : client.refresh(s.accessToken, emulator.oauthClient.secret);
      },
      fallbackToken: () => fallback,
      onSessionLost: (s, reason) => lost.push({ id: s.id, reason }),
      now: () => clock.now(),
    });
  }
  afterEach(() => {
    tokens.dispose();
    store.dispose();
  });

  function oauthSession(ttlSeconds: number, kind: StoredSession['kind'] = 'oauth'): StoredSession {
    const issuedAt = clock.now();
    return {
      id: `s${Math.random()}`,
      kind,
      accessToken: emulator.issueUserToken(ttlSeconds),
      account: { id: emulator.dataset.users[0]?.id ?? '', label: 'user' },
      scopes: ['read'],
      issuedAt,
      expiresAt: issuedAt + ttlSeconds * 1000,
    };
  }

  function api(): MapillaryApi {
    return new MapillaryApi(
      new GraphClient({
        baseUrl: emulator.graphUrl,
        getToken: tokens.getToken,
        onInvalidToken: tokens.onInvalidToken,
        maxAttempts: 2,
      }),
    );
  }

  it('uses the fallback token when no one is signed in, and never stores it', async () => {
    setUp(emulator.clientToken);
    assert.equal(await tokens.getToken(), emulator.clientToken);
    assert.equal(secrets.values.size, 0);
  });

  it('uses the session token while it is not due, without asking the service', async () => {
    setUp(emulator.clientToken);
    const session = oauthSession(3600);
    await store.add(session);
    assert.equal(await tokens.getToken(), session.accessToken);
    assert.equal(refreshes, 0);
  });

  it('refreshes a due token once for many concurrent requests, and the new token works', async () => {
    setUp();
    const session = oauthSession(3600);
    await store.add(session);
    clock.advance(3000 * 1000); // past three quarters of the hour
    const got = await Promise.all(Array.from({ length: 5 }, () => tokens.getToken()));
    assert.equal(refreshes, 1);
    assert.ok(got.every((t) => t === got[0]));
    assert.notEqual(got[0], session.accessToken);
    const stored = (await store.all())[0];
    assert.equal(stored?.accessToken, got[0]);
    assert.equal(stored?.expiresAt, clock.now() + 3600 * 1000);
    assert.equal((await api().getMe()).id, emulator.dataset.users[0]?.id);
  });

  it('refreshes ahead of expiry on its own, by timer', async () => {
    setUp();
    const session = oauthSession(3600);
    await store.add(session);
    // Past three quarters of the hour, and before the end: the timer is due at once.
    clock.advance(3000 * 1000);
    tokens.start();
    await until(
      () => store.cached()?.[0]?.accessToken !== session.accessToken,
      'the timed refresh',
    );
    assert.equal(refreshes, 1, 'no request asked for a token: the timer refreshed it');
    const fresh = store.cached()?.[0];
    assert.equal(fresh?.expiresAt, clock.now() + 3600 * 1000);
    assert.ok(clock.now() < (session.expiresAt ?? 0), 'refreshed before the old token expired');
    assert.deepEqual(lost, []);
  });

  it('on a spurious code 190 refreshes once through the request engine and succeeds', async () => {
    setUp();
    const session = oauthSession(3600);
    await store.add(session);
    emulator.addFault({ kind: 'invalidToken', match: '/me', count: 1 });
    const me = await api().getMe();
    assert.equal(me.id, emulator.dataset.users[0]?.id);
    assert.equal(refreshes, 1);
    assert.notEqual((await store.all())[0]?.accessToken, session.accessToken);
    assert.deepEqual(lost, []);
  });

  it('removes a revoked session after one failed refresh, and asks to sign in again', async () => {
    setUp();
    const session = oauthSession(3600);
    await store.add(session);
    emulator.revokeToken(session.accessToken);
    await assert.rejects(
      api().getMe(),
      (e: unknown) => e instanceof GraphError && e.kind === 'invalid-token',
    );
    assert.equal(refreshes, 1);
    assert.deepEqual(lost, [{ id: session.id, reason: 'rejected' }]);
    assert.deepEqual(await store.all(), []);
    assert.equal(secrets.values.has(SESSIONS_KEY), false, 'no half session is left');
    await assert.rejects(
      api().getMe(),
      (e: unknown) => e instanceof GraphError && e.kind === 'no-token',
    );
  });

  it('removes an expired session that cannot be refreshed, and falls back', async () => {
    setUp(emulator.clientToken);
    const session = oauthSession(1);
    await store.add(session);
    clock.advance(1000);
    assert.equal(await tokens.getToken(), emulator.clientToken);
    assert.deepEqual(lost, [{ id: session.id, reason: 'expired' }]);
    assert.deepEqual(await store.all(), []);
  });

  it('removes a pasted token the service rejects, without trying to refresh it', async () => {
    setUp();
    const session = { ...oauthSession(3600, 'token'), expiresAt: undefined };
    delete session.expiresAt;
    await store.add(session);
    emulator.revokeToken(session.accessToken);
    await assert.rejects(api().getMe());
    assert.equal(refreshes, 0);
    assert.deepEqual(lost, [{ id: session.id, reason: 'rejected' }]);
  });

  it('keeps a still-valid session when the refresh fails for a passing reason, and waits to retry', async () => {
    setUp(undefined, () => Promise.reject(new OAuthError('network')));
    const session = oauthSession(3600);
    await store.add(session);
    clock.advance(3000 * 1000);
    assert.equal(await tokens.getToken(), session.accessToken);
    assert.equal(await tokens.getToken(), session.accessToken);
    assert.equal(refreshes, 1, 'the second request does not retry at once');
    assert.deepEqual(lost, []);
    clock.advance(61 * 1000);
    await tokens.getToken();
    assert.equal(refreshes, 2, 'retried after a minute');
  });

  it('drops a refreshed token when the person signed out meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const client = new OAuthClient({
      graphUrl: emulator.graphUrl,
      authorizeUrl: emulator.authorizeUrl,
      clientId: emulator.oauthClient.id,
    });
    setUp(undefined, async (s) => {
      await gate;
      return (await client.refresh(s.accessToken, emulator.oauthClient.secret)) as never;
    });
    const session = oauthSession(3600);
    await store.add(session);
    clock.advance(3000 * 1000);
    const pending = tokens.getToken();
    await until(() => refreshes === 1, 'the refresh to start');
    await store.remove(session.id);
    release();
    assert.equal(await pending, undefined);
    assert.deepEqual(await store.all(), []);
    assert.equal(secrets.values.has(SESSIONS_KEY), false);
  });
});
