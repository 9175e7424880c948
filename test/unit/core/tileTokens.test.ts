// The tile fetcher's token over the emulator: the client token goes as access_token, a user token
// never goes to tiles, and refusals say what is missing or which URL and token answered.
import { strict as assert } from 'node:assert';
import { GraphError } from '../../../src/shared/api/graphError';
import { rejection } from './harness';
import { busyTiles, chooser, makeFetcher, useTileEmulator } from './tileTestSupport';

describe('tile fetcher and disk cache (emulator): tokens', function () {
  this.timeout(60_000);
  const emulator = useTileEmulator();

  it('sends the client token as access_token, never in a header', async () => {
    const em = emulator();
    const tile = busyTiles(em)[0];
    assert.ok(tile);
    const client = await makeFetcher(em.tilesUrl, 'unused', {
      tileToken: chooser(em, [{ token: em.clientToken, origin: 'test', declaredClient: true }]),
    });
    const result = await client.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    assert.equal(result.source, 'network');
    assert.ok(result.bytes.byteLength > 100);
    assert.equal(result.bytes[0], 0x1a, 'an MVT layer');
    assert.equal(
      new URL(client.sent[0]?.url ?? '').searchParams.get('access_token'),
      em.clientToken,
    );
    assert.equal(client.sent[0]?.headers.authorization, undefined);
    for (const event of client.events) assert.ok(!event.url.includes(em.clientToken));
    const tileRequests = em.requests().filter((r) => r.endpoint.startsWith('tiles:'));
    assert.deepEqual(
      tileRequests.map((r) => r.auth),
      [{ header: false, via: 'query', kind: 'client' }],
    );
  });

  it('never sends a user token to tiles: it says what is missing instead', async () => {
    const em = emulator();
    const tile = busyTiles(em)[0] as { x: number; y: number };
    const userToken = em.issueUserToken();
    const user = await makeFetcher(em.tilesUrl, userToken, {
      tileToken: chooser(em, [{ token: userToken, origin: 'the session', declaredClient: false }]),
    });
    const error = await rejection(user.fetcher.getTile('mly1_public', 14, tile.x, tile.y));
    assert.ok(error instanceof GraphError && error.kind === 'no-client-token', String(error));
    assert.equal(error.message, 'Add the client token (user token at hand).');
    assert.equal(user.sent.length, 0, 'no tile request at all');
    assert.equal(em.count('tiles:'), 0);

    // Offered as a client token by mistake: the message names where it came from.
    const mistaken = await makeFetcher(em.tilesUrl, userToken, {
      tileToken: chooser(em, [
        { token: userToken, origin: '--client-token', declaredClient: true },
      ]),
    });
    const named = await rejection(mistaken.fetcher.getTile('mly1_public', 14, tile.x, tile.y));
    assert.ok(named instanceof GraphError && named.kind === 'no-client-token');
    assert.match(named.message, /^--client-token holds a user token, not a client token/);
    assert.ok(!named.message.includes(userToken));
    assert.equal(em.count('tiles:'), 0);

    // With both at hand, the client token serves the tile and the user token stays out of it.
    const both = await makeFetcher(em.tilesUrl, userToken, {
      tileToken: chooser(em, [
        { token: userToken, origin: 'the session', declaredClient: false },
        { token: em.clientToken, origin: 'the stored client token', declaredClient: true },
      ]),
    });
    await both.fetcher.getTile('mly1_public', 14, tile.x, tile.y);
    assert.equal(both.sent.length, 1);
    assert.ok(!both.sent[0]?.url.includes(encodeURIComponent(userToken)));
    assert.equal(both.sent[0]?.headers.authorization, undefined);
    for (const r of em.requests().filter((q) => q.endpoint.startsWith('tiles:'))) {
      assert.deepEqual(r.auth, { header: false, via: 'query', kind: 'client' });
    }
  });

  it('names the fix when the token given as the client token is not accepted at all', async () => {
    const em = emulator();
    const tile = busyTiles(em)[0] as { x: number; y: number };
    const secretLike = `MLY|${em.oauthClient.id}|0123456789abcdef0123456789abcdef`;
    const h = await makeFetcher(em.tilesUrl, 'unused', {
      tileToken: chooser(em, [
        { token: secretLike, origin: 'MAPILLARY_CLIENT_TOKEN', declaredClient: true },
      ]),
    });
    const error = await rejection(h.fetcher.getTile('mly1_public', 14, tile.x, tile.y));
    assert.ok(error instanceof GraphError && error.kind === 'invalid-token', String(error));
    assert.match(error.message, /did not accept the token from MAPILLARY_CLIENT_TOKEN/);
    assert.match(error.message, /Client Token of your app .* \(not the client secret\)/);
    assert.ok(!error.message.includes('0123456789abcdef'));
    assert.equal(em.count('tiles:'), 0);
  });

  it('says which URL shape and token kind a 404 or 401 answered, never the token', async () => {
    const em = emulator();
    const tile = busyTiles(em)[0] as { x: number; y: number };
    // The old form of the URL: the emulator, like the service, has nothing there.
    const old = await makeFetcher(em.tilesUrl.replace(/\/maps\/vtp$/, ''), em.clientToken);
    const notFound = await rejection(old.fetcher.getTile('mly1_public', 14, tile.x, tile.y));
    assert.ok(notFound instanceof GraphError && notFound.kind === 'not-found');
    assert.ok(
      notFound.message.includes(
        `${em.graphUrl}/mly1_public/2/{z}/{x}/{y} with the client token from the test token as ?access_token`,
      ),
      notFound.message,
    );
    assert.ok(!notFound.message.includes(em.clientToken));
    const wrong = await makeFetcher(em.tilesUrl, 'MLY|123|0123456789abcdef');
    const refused = await rejection(wrong.fetcher.getTile('mly1_public', 14, tile.x, tile.y));
    assert.ok(refused instanceof GraphError && refused.kind === 'invalid-token');
    assert.match(refused.message, /HTTP 401, code 190/);
    assert.match(
      refused.message,
      /\/maps\/vtp\/mly1_public\/2\/\{z\}\/\{x\}\/\{y\} with the client token from the test token as \?access_token/,
    );
    assert.ok(!refused.message.includes('0123456789abcdef'));
    assert.equal(wrong.sent.length, 1, 'a client token refused is not refreshed or retried');
  });
});
