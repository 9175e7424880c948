import { strict as assert } from 'node:assert';
import { ManualClock } from '../../emulator/clock';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { errorOf, getJson } from './emulatorClient';

const redirect = 'http://127.0.0.1:9/callback';

describe('emulator OAuth', () => {
  let emu: Emulator;
  // Codes and tokens expire only when a test moves this clock.
  const clock = new ManualClock();

  before(async () => {
    emu = await startEmulator({ seed: 1, tokenTtlSeconds: 3600, clock });
  });
  after(async () => {
    await emu.close();
  });

  function authorizeUrl(extra: Record<string, string> = {}): string {
    const q = new URLSearchParams({
      client_id: emu.oauthClient.id,
      response_type: 'code',
      scope: 'read',
      state: 'st-123',
      redirect_uri: redirect,
      ...extra,
    });
    return `${emu.authorizeUrl}?${q.toString()}`;
  }

  /** Opens the consent page and clicks a button, as a person would; returns the redirect. */
  async function click(button: 'approve' | 'deny', url = authorizeUrl()): Promise<URL> {
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, new RegExp(`<button id="${button}"[^>]*name="decision" value="(\\w+)"`));
    const value = new RegExp(`<button id="${button}"[^>]*value="(\\w+)"`).exec(html)?.[1] ?? '';
    const txn = /name="txn" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';
    const res = await fetch(new URL(action, emu.graphUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ txn, decision: value }).toString(),
      redirect: 'manual',
    });
    assert.equal(res.status, 302);
    return new URL(res.headers.get('location') ?? '');
  }

  async function token(
    params: Record<string, string>,
    secret = emu.oauthClient.secret,
    json = false,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${emu.graphUrl}/token`, {
      method: 'POST',
      headers: {
        Authorization: `OAuth ${secret}`,
        'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      },
      body: json ? JSON.stringify(params) : new URLSearchParams(params).toString(),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('approves: redirects with a code and the same state, and the code buys a user token', async () => {
    const back = await click('approve');
    assert.equal(back.origin + back.pathname, redirect);
    assert.equal(back.searchParams.get('state'), 'st-123');
    const code = back.searchParams.get('code');
    assert.ok(code);
    const { status, body } = await token({
      grant_type: 'authorization_code',
      client_id: emu.oauthClient.id,
      code,
    });
    assert.equal(status, 200);
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.expires_in, 3600);
    assert.match(String(body.access_token), /^MLY\|\d+\|[0-9a-f]+$/);
    const me = await getJson(emu, '/me?fields=id,username', String(body.access_token));
    assert.equal(me.body.username, emu.dataset.users[0]?.username);
  });

  it('accepts the exchange as JSON too', async () => {
    const code = (await click('approve')).searchParams.get('code') ?? '';
    const { status } = await token(
      { grant_type: 'authorization_code', client_id: emu.oauthClient.id, code },
      undefined,
      true,
    );
    assert.equal(status, 200);
  });

  it('refuses a code exchanged after it expired (ten minutes), and a code used twice', async () => {
    const exchange = async (code: string) =>
      token({ grant_type: 'authorization_code', client_id: emu.oauthClient.id, code });
    const late = (await click('approve')).searchParams.get('code') ?? '';
    clock.advance(10 * 60 * 1000);
    const expired = await exchange(late);
    assert.equal(expired.status, 400);
    assert.equal(errorOf(expired.body).error_subcode, 36007);
    const onTime = (await click('approve')).searchParams.get('code') ?? '';
    clock.advance(10 * 60 * 1000 - 1);
    assert.equal((await exchange(onTime)).status, 200);
    assert.equal(errorOf((await exchange(onTime)).body).error_subcode, 36009);
  });

  it('denies: redirects with error=user_denied and the state', async () => {
    const back = await click('deny');
    assert.equal(back.searchParams.get('error'), 'user_denied');
    assert.equal(back.searchParams.get('state'), 'st-123');
    assert.equal(back.searchParams.get('code'), null);
  });

  it('redirects invalid_request and invalid_scope', async () => {
    const bad = await fetch(authorizeUrl({ client_id: '' }), { redirect: 'manual' });
    assert.equal(
      new URL(bad.headers.get('location') ?? '').searchParams.get('error'),
      'invalid_request',
    );
    const scope = await fetch(authorizeUrl({ scope: 'admin' }), { redirect: 'manual' });
    assert.equal(
      new URL(scope.headers.get('location') ?? '').searchParams.get('error'),
      'invalid_scope',
    );
    const noRedirect = await fetch(
      `${emu.authorizeUrl}?client_id=${emu.oauthClient.id}&response_type=code`,
    );
    assert.equal(noRedirect.status, 400);
    assert.match(await noRedirect.text(), /invalid_request/);
  });

  it('refuses a replayed code and a wrong client secret with Graph errors', async () => {
    const code = (await click('approve')).searchParams.get('code') ?? '';
    const wrong = await token(
      { grant_type: 'authorization_code', client_id: emu.oauthClient.id, code },
      'MLY|0|wrong',
    );
    assert.equal(wrong.status, 400);
    assert.equal(typeof errorOf(wrong.body).code, 'number');
    const first = await token({
      grant_type: 'authorization_code',
      client_id: emu.oauthClient.id,
      code,
    });
    assert.equal(first.status, 200);
    const replay = await token({
      grant_type: 'authorization_code',
      client_id: emu.oauthClient.id,
      code,
    });
    assert.equal(replay.status, 400);
    assert.equal(errorOf(replay.body).code, 100);
  });

  it('refreshes with the current access token and refuses a revoked one', async () => {
    const old = emu.issueUserToken(60);
    const { status, body } = await token({ grant_type: 'refresh_token', refresh_token: old });
    assert.equal(status, 200);
    assert.notEqual(body.access_token, old);
    assert.equal(body.expires_in, 3600);
    assert.equal(
      (await getJson(emu, '/me?fields=username', String(body.access_token))).status,
      200,
    );
    emu.revokeToken(old);
    const refused = await token({ grant_type: 'refresh_token', refresh_token: old });
    assert.equal(errorOf(refused.body).code, 190);
  });

  it('issues short-lived tokens when tokenTtlSeconds is small', async () => {
    const clock = new ManualClock();
    const short = await startEmulator({ seed: 1, tokenTtlSeconds: 1, clock });
    try {
      const t = short.issueUserToken();
      assert.equal((await getJson(short, '/me?fields=username', t)).status, 200);
      clock.advance(999);
      assert.equal((await getJson(short, '/me?fields=username', t)).status, 200, 'not yet');
      clock.advance(1);
      assert.equal(errorOf((await getJson(short, '/me?fields=username', t)).body).code, 190);
    } finally {
      await short.close();
    }
  });
});
