// The OAuth client, the account check and the loopback callback against the emulator of the
// service: the whole authorization code flow as the browser and the extension host run it, and the
// attacks and mistakes it must survive.
import { strict as assert } from 'node:assert';
import { checkAccessToken } from '../../../src/core/auth/accountCheck';
import { startLoopbackServer, type LoopbackServer } from '../../../src/core/auth/loopbackServer';
import { OAuthClient, tokenEndpoint } from '../../../src/core/auth/oauthClient';
import { OAuthError } from '../../../src/core/auth/oauthError';
import {
  AuthorizationError,
  PendingAuthorizations,
} from '../../../src/core/auth/pendingAuthorizations';
import { createPkcePair, randomState } from '../../../src/core/auth/pkce';
import { normalizeToken } from '../../../src/core/auth/tokenText';
import { startEmulator, type Emulator } from '../../emulator/emulator';
import { consent, recordingFetch } from './authHarness';

function isOAuthError(kind: OAuthError['kind']) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof OAuthError, `an OAuthError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.describe());
    return true;
  };
}

describe('auth: OAuth client against the emulator', function () {
  let emulator: Emulator;
  let client: OAuthClient;
  let recorder: ReturnType<typeof recordingFetch>;
  let secret: string;
  const redirectUri = 'http://127.0.0.1:9/callback';

  before(async () => {
    emulator = await startEmulator({ tokenTtlSeconds: 3600 });
    secret = emulator.oauthClient.secret;
  });
  after(() => emulator.close());
  beforeEach(() => {
    recorder = recordingFetch();
    client = new OAuthClient({
      graphUrl: emulator.graphUrl,
      authorizeUrl: emulator.authorizeUrl,
      clientId: emulator.oauthClient.id,
      fetch: recorder.fetch,
    });
  });

  /** Opens the consent page and approves; returns the code sent back for `state`. */
  async function approvedCode(state: string): Promise<string> {
    const url = client.authorizeUrl({ redirectUri, state, scopes: ['read'] });
    const back = await consent(url, 'approve');
    assert.equal(back.searchParams.get('state'), state);
    return back.searchParams.get('code') ?? '';
  }

  it('builds an authorize URL with the app id, state, scope, callback and PKCE challenge only', () => {
    const pkce = createPkcePair();
    const url = new URL(
      client.authorizeUrl({
        redirectUri,
        state: 'st',
        scopes: ['read'],
        codeChallenge: pkce.challenge,
      }),
    );
    assert.equal(url.origin + url.pathname, emulator.authorizeUrl);
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      client_id: emulator.oauthClient.id,
      response_type: 'code',
      scope: 'read',
      state: 'st',
      redirect_uri: redirectUri,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    });
    assert.ok(!url.toString().includes(secret));
  });

  it('exchanges an approved code for a user token that works, sending the secret in the header only', async () => {
    const pkce = createPkcePair();
    const code = await approvedCode('s-ok');
    const grant = await client.exchangeCode(code, secret, {
      redirectUri,
      codeVerifier: pkce.verifier,
    });
    assert.match(grant.accessToken, /^MLY\|\d+\|[0-9a-f]+$/);
    assert.equal(grant.expiresIn, 3600);
    const owner = await checkAccessToken(grant.accessToken, { graphUrl: emulator.graphUrl });
    assert.deepEqual(owner, {
      kind: 'user',
      userId: emulator.dataset.users[0]?.id,
      username: emulator.dataset.users[0]?.username,
    });
    const [sent] = recorder.sent;
    assert.equal(sent?.url, tokenEndpoint(emulator.graphUrl));
    assert.equal(sent?.method, 'POST');
    assert.equal(sent?.headers.authorization, `OAuth ${secret}`);
    assert.ok(!sent?.body.includes(secret), 'the secret is not in the body');
    assert.ok(!sent?.url.includes(code), 'the code is not in the URL');
    const form = new URLSearchParams(sent?.body);
    assert.equal(form.get('grant_type'), 'authorization_code');
    assert.equal(form.get('code'), code);
    assert.equal(form.get('code_verifier'), pkce.verifier);
  });

  it('refuses a replayed code, and the first exchange still holds', async () => {
    const code = await approvedCode('s-replay');
    const first = await client.exchangeCode(code, secret);
    await assert.rejects(client.exchangeCode(code, secret), isOAuthError('code-used'));
    assert.equal(
      (await checkAccessToken(first.accessToken, { graphUrl: emulator.graphUrl })).kind,
      'user',
    );
  });

  it('reports a wrong client secret as refused credentials, and names no secret in the message', async () => {
    const code = await approvedCode('s-secret');
    const wrong = `MLY|${emulator.oauthClient.id}|${'0'.repeat(32)}`;
    await assert.rejects(client.exchangeCode(code, wrong), (error: unknown) => {
      isOAuthError('rejected')(error);
      assert.match((error as Error).message, /client secret/);
      assert.ok(!(error as Error).message.includes(wrong));
      assert.ok(!(error as Error).message.includes(code));
      return true;
    });
  });

  it('reports a made-up code as refused', async () => {
    await assert.rejects(client.exchangeCode('forged-code', secret), isOAuthError('rejected'));
  });

  it('sends the browser back with error=user_denied when the person cancels', async () => {
    const url = client.authorizeUrl({ redirectUri, state: 's-deny', scopes: ['read'] });
    const back = await consent(url, 'deny');
    assert.equal(back.searchParams.get('error'), 'user_denied');
    assert.equal(back.searchParams.get('code'), null);
    const pending = new PendingAuthorizations();
    const attempt = pending.expect('s-deny');
    assert.equal(pending.deliver(back.searchParams), 'error');
    await assert.rejects(attempt.code, (e: unknown) => e instanceof AuthorizationError && e.denied);
  });

  it('refreshes a valid token into a new one that works', async () => {
    const old = emulator.issueUserToken(60);
    const grant = await client.refresh(old, secret);
    assert.notEqual(grant.accessToken, old);
    assert.equal(
      (await checkAccessToken(grant.accessToken, { graphUrl: emulator.graphUrl })).kind,
      'user',
    );
    const form = new URLSearchParams(recorder.sent[0]?.body);
    assert.equal(form.get('grant_type'), 'refresh_token');
  });

  it('cannot refresh a revoked or an expired token (code 190)', async () => {
    const revoked = emulator.issueUserToken(60);
    emulator.revokeToken(revoked);
    await assert.rejects(client.refresh(revoked, secret), isOAuthError('invalid-token'));
    const expired = emulator.issueUserToken(0);
    await assert.rejects(client.refresh(expired, secret), isOAuthError('invalid-token'));
  });

  it('turns network failures and non-API answers into typed errors', async () => {
    const down = new OAuthClient({
      graphUrl: 'http://127.0.0.1:9',
      authorizeUrl: emulator.authorizeUrl,
      clientId: '1',
    });
    await assert.rejects(down.refresh('MLY|1|abc', secret), isOAuthError('network'));
    emulator.addFault({ kind: 'html', match: '/token', count: 1 });
    await assert.rejects(
      client.refresh(emulator.issueUserToken(60), secret),
      isOAuthError('server'),
    );
  });
});

describe('auth: account check against the emulator', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());

  it('recognises a client token by the user-token-required answer', async () => {
    const owner = await checkAccessToken(emulator.clientToken, { graphUrl: emulator.graphUrl });
    assert.deepEqual(owner, { kind: 'client', appId: emulator.oauthClient.id });
  });

  it('accepts a token pasted with spaces and quotes once it is cleaned up', async () => {
    const user = emulator.issueUserToken(60);
    const pasted = `  "${user.slice(0, 10)} ${user.slice(10)}"\n`;
    const normalized = normalizeToken(pasted);
    assert.ok(normalized.ok);
    assert.equal(
      (await checkAccessToken(normalized.token, { graphUrl: emulator.graphUrl })).kind,
      'user',
    );
  });

  it('refuses revoked, expired and made-up tokens with code 190', async () => {
    const revoked = emulator.issueUserToken(60);
    emulator.revokeToken(revoked);
    for (const token of [revoked, emulator.issueUserToken(0), `MLY|1|${'f'.repeat(32)}`]) {
      await assert.rejects(
        checkAccessToken(token, { graphUrl: emulator.graphUrl }),
        isOAuthError('invalid-token'),
      );
    }
  });

  it('sends the token in the Authorization header, never in the URL', async () => {
    const recorder = recordingFetch();
    await checkAccessToken(emulator.clientToken, {
      graphUrl: emulator.graphUrl,
      fetch: recorder.fetch,
    });
    assert.equal(recorder.sent[0]?.headers.authorization, `OAuth ${emulator.clientToken}`);
    assert.ok(!recorder.sent[0]?.url.includes(emulator.clientToken));
  });
});

describe('auth: loopback callback with the emulator', () => {
  let emulator: Emulator;
  let loopback: LoopbackServer;
  let pending: PendingAuthorizations;
  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());
  beforeEach(async () => {
    pending = new PendingAuthorizations();
    loopback = await startLoopbackServer((q) => pending.deliver(q));
  });
  afterEach(() => loopback.close());

  it('completes the flow: consent, redirect to 127.0.0.1, code delivered, exchanged', async () => {
    const client = new OAuthClient({
      graphUrl: emulator.graphUrl,
      authorizeUrl: emulator.authorizeUrl,
      clientId: emulator.oauthClient.id,
    });
    const state = randomState();
    const attempt = pending.expect(state);
    const back = await consent(
      client.authorizeUrl({ redirectUri: loopback.callbackUrl, state, scopes: ['read'] }),
      'approve',
    );
    assert.equal(back.origin + back.pathname, loopback.callbackUrl);
    const page = await fetch(back);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    const html = await page.text();
    assert.match(html, /Authorization received/);
    const code = await attempt.code;
    assert.ok(!html.includes(code), 'the page does not echo the code');
    const grant = await client.exchangeCode(code, emulator.oauthClient.secret, {
      redirectUri: loopback.callbackUrl,
    });
    assert.ok(grant.accessToken);
  });

  it('answers a forged callback (unknown or missing state) with 400 and leaves the attempt waiting', async () => {
    pending.expect('real-state');
    for (const query of [
      '?code=stolen&state=guess',
      '?code=stolen',
      '?error=user_denied&state=x',
    ]) {
      const page = await fetch(`${loopback.callbackUrl}${query}`);
      assert.equal(page.status, 400);
      assert.match(await page.text(), /not one VS Code is waiting for/);
    }
    assert.equal(pending.size, 1);
  });

  it('answers only GET /callback', async () => {
    assert.equal((await fetch(new URL('/', loopback.callbackUrl))).status, 404);
    assert.equal((await fetch(loopback.callbackUrl, { method: 'POST' })).status, 404);
  });
});
