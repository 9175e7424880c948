// The emulator's organizations, users and /me, and the tokens it accepts: header or access_token,
// never another scheme, revoked or expired ones refused.
import { strict as assert } from 'node:assert';
import { ManualClock } from '../../emulator/clock';
import { type Emulator } from '../../emulator/emulator';
import { errorOf, getJson } from './emulatorClient';
import { useGraphApiEmulator } from './graphApiTestSupport';

describe('emulator graph API: accounts and tokens', () => {
  let emu: Emulator;
  // Tokens expire only when a test moves this clock.
  const clock = new ManualClock();
  useGraphApiEmulator((started) => (emu = started), clock);

  it('answers organizations, users and /me', async () => {
    const org = emu.dataset.organizations[0];
    const user = emu.dataset.users[0];
    assert.ok(org && user);
    const o = await getJson(emu, `/${org.id}?fields=slug,name,description`);
    assert.deepEqual(o.body, {
      slug: org.slug,
      name: org.name,
      description: org.description,
      id: org.id,
    });
    const u = await getJson(emu, `/${user.id}?fields=username`);
    assert.deepEqual(u.body, { username: user.username, id: user.id });
    const me = await getJson(emu, '/me?fields=id,username', emu.issueUserToken());
    assert.deepEqual(me.body, { username: user.username, id: user.id });
    const meClient = await getJson(emu, '/me?fields=id,username');
    assert.equal(meClient.status, 400);
    assert.ok(typeof errorOf(meClient.body).code === 'number');
  });

  it('needs a valid token: header or access_token, and refuses revoked or expired ones', async () => {
    const image = emu.dataset.images[0];
    assert.ok(image);
    const bare = await fetch(`${emu.graphUrl}/${image.id}?fields=id`);
    assert.equal(bare.status, 401);
    assert.equal(errorOf((await bare.json()) as Record<string, unknown>).code, 190);
    const query = await fetch(
      `${emu.graphUrl}/${image.id}?fields=id&access_token=${encodeURIComponent(emu.clientToken)}`,
    );
    assert.equal(query.status, 200);
    // The documented header is `Authorization: OAuth <token>`; another scheme is not read.
    const bearer = await fetch(`${emu.graphUrl}/${image.id}?fields=id`, {
      headers: { Authorization: `Bearer ${emu.clientToken}` },
    });
    assert.equal(bearer.status, 401);
    const wrong = await getJson(emu, `/${image.id}?fields=id`, 'MLY|1|00');
    assert.equal(errorOf(wrong.body).code, 190);
    const user = emu.issueUserToken();
    assert.equal((await getJson(emu, `/${image.id}`, user)).status, 200);
    emu.revokeToken(user);
    assert.equal(errorOf((await getJson(emu, `/${image.id}`, user)).body).code, 190);
    const shortLived = emu.issueUserToken(0.05);
    assert.equal((await getJson(emu, `/${image.id}`, shortLived)).status, 200);
    clock.advance(50);
    assert.equal(errorOf((await getJson(emu, `/${image.id}`, shortLived)).body).code, 190);
  });
});
