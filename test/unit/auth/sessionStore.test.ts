// The session store over a SecretStorage shared by two windows: one JSON value, changes seen in
// every window, and an unreadable value cleared instead of half trusted.
import { strict as assert } from 'node:assert';
import {
  SESSIONS_KEY,
  SessionStore,
  type SessionsChange,
} from '../../../src/core/auth/sessionStore';
import { type StoredSession } from '../../../src/core/auth/storedSession';
import { MemorySecrets, until } from './authHarness';

function session(
  id: string,
  label = 'alice',
  token = `MLY|1|${id.padEnd(32, '0')}`,
): StoredSession {
  return {
    id,
    kind: 'oauth',
    accessToken: token,
    account: { id: '1001', label },
    scopes: ['read'],
    issuedAt: 1_000,
    expiresAt: 2_000_000,
  };
}

describe('auth: session store', () => {
  let secrets: MemorySecrets;
  let stores: SessionStore[];
  const open = (onProblem?: (p: string) => void): SessionStore => {
    const store = new SessionStore(secrets.window(), onProblem ? { onProblem } : {});
    stores.push(store);
    return store;
  };
  beforeEach(() => {
    secrets = new MemorySecrets();
    stores = [];
  });
  afterEach(() => stores.forEach((s) => s.dispose()));

  it('keeps the sessions as one JSON array under one key', async () => {
    const store = open();
    await store.add(session('a'));
    assert.deepEqual([...secrets.values.keys()], [SESSIONS_KEY]);
    const json = JSON.parse(secrets.values.get(SESSIONS_KEY) ?? '') as unknown[];
    assert.equal(json.length, 1);
    assert.deepEqual(await store.all(), [session('a')]);
  });

  it('keeps one account at a time: a new sign-in replaces the old session', async () => {
    const store = open();
    const changes: SessionsChange[] = [];
    store.onDidChange((c) => changes.push(c));
    await store.add(session('a'));
    await store.add(session('b', 'bob'));
    assert.deepEqual(
      (await store.all()).map((s) => s.id),
      ['b'],
    );
    assert.deepEqual(
      changes[1]?.removed.map((s) => s.id),
      ['a'],
    );
    assert.deepEqual(
      changes[1]?.added.map((s) => s.id),
      ['b'],
    );
  });

  it('shows a sign-in, a refresh and a sign-out of one window in the other', async () => {
    const one = open();
    const two = open();
    assert.deepEqual(await two.all(), []);
    const seen: SessionsChange[] = [];
    two.onDidChange((c) => seen.push(c));

    await one.add(session('a'));
    await until(() => seen.length === 1, 'the sign-in in window two');
    assert.deepEqual(
      seen[0]?.added.map((s) => s.id),
      ['a'],
    );
    assert.deepEqual(await two.all(), [session('a')]);

    await one.update({ ...session('a'), accessToken: 'MLY|1|refreshed00000000000000000000000' });
    await until(() => seen.length === 2, 'the refresh in window two');
    assert.equal(seen[1]?.changed[0]?.accessToken, 'MLY|1|refreshed00000000000000000000000');

    await one.remove('a');
    await until(() => seen.length === 3, 'the sign-out in window two');
    assert.deepEqual(
      seen[2]?.removed.map((s) => s.id),
      ['a'],
    );
    assert.deepEqual(await two.all(), []);
    assert.equal(secrets.values.has(SESSIONS_KEY), false, 'nothing is left behind');
  });

  it('does not report its own writes twice when the change event comes back', async () => {
    const store = open();
    let count = 0;
    store.onDidChange(() => count++);
    await store.add(session('a'));
    // The write's own change event comes back; once it is delivered, a reload queued behind the
    // one it started settles after it.
    await secrets.delivered();
    await store.reload();
    assert.equal(count, 1);
  });

  it('does not bring back a session another window signed out of, even from a stale cache', async () => {
    const one = open();
    const two = open();
    await one.add(session('a'));
    assert.equal((await two.all()).length, 1);
    // Window one signs out; window two, not told yet, finishes a refresh of the same session.
    await one.remove('a');
    assert.equal(
      await two.update({ ...session('a'), accessToken: 'MLY|1|late0000000000000000000000000000' }),
      false,
    );
    assert.equal(secrets.values.has(SESSIONS_KEY), false, 'no half session is left behind');
    assert.deepEqual(await two.all(), []);
  });

  it('clears a value that is not valid JSON, says so, and reports no session', async () => {
    secrets.values.set(SESSIONS_KEY, '[{"id":"a","accessToken":"MLY|1|abc"');
    const problems: string[] = [];
    const store = open((p) => problems.push(p));
    assert.deepEqual(await store.all(), []);
    assert.deepEqual(problems, ['not-json']);
    assert.equal(secrets.values.has(SESSIONS_KEY), false, 'the unreadable value was deleted');
  });

  it('keeps the sound sessions of a partly broken value and drops the rest', async () => {
    secrets.values.set(SESSIONS_KEY, JSON.stringify([session('a'), { id: 'b', kind: 'oauth' }]));
    const problems: string[] = [];
    const store = open((p) => problems.push(p));
    assert.deepEqual(await store.all(), [session('a')]);
    assert.deepEqual(problems, ['bad-entries']);
    assert.equal((JSON.parse(secrets.values.get(SESSIONS_KEY) ?? '[]') as unknown[]).length, 1);
  });

  it('notices a value corrupted by another program while running', async () => {
    const store = open(() => undefined);
    await store.add(session('a'));
    const seen: SessionsChange[] = [];
    store.onDidChange((c) => seen.push(c));
    secrets.set(SESSIONS_KEY, 'not json at all');
    await until(() => seen.length === 1, 'the reload');
    assert.deepEqual(
      seen[0]?.removed.map((s) => s.id),
      ['a'],
    );
    assert.deepEqual(await store.all(), []);
  });
});
