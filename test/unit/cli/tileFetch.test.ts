// `tile inspect z/x/y` over the network: which token goes where (only a client token, only in the
// tile URL), the default and corrected URLs, and errors that never leak the token.
import { strict as assert } from 'node:assert';
import { type RecordedRequest, run, service, smallTile, urlOf } from './cliHarness';

describe('command line: tiles from the network', () => {
  it('downloads z/x/y with a client token in the query and never prints it', async () => {
    const requests: RecordedRequest[] = [];
    const token = 'MLY|1234|0123456789abcdef';
    const result = await run(
      [
        'tile',
        'inspect',
        '14/3251/6257',
        '--tiles-url',
        'http://tiles.test/maps/vtp/',
        '--api-url',
        'http://graph.test',
        '--json',
      ],
      { env: { MAPILLARY_ACCESS_TOKEN: token }, fetch: service(200, smallTile, requests) },
    );
    assert.equal(result.code, 0, result.stderr);
    // One /me to learn that the token is a client token, then the tile.
    assert.deepEqual(
      requests.map((r) => r.url),
      [
        'http://graph.test/me?fields=id',
        `http://tiles.test/maps/vtp/mly1_public/2/14/3251/6257?access_token=${encodeURIComponent(token)}`,
      ],
    );
    assert.equal(requests[1]?.headers.authorization, undefined);
    const parsed = JSON.parse(result.stdout) as { source: string; featureCount: number };
    assert.equal(parsed.source, 'http://tiles.test/maps/vtp/mly1_public/2/14/3251/6257');
    assert.equal(parsed.featureCount, 2);
    assert.ok(!result.stdout.includes('0123456789abcdef'));
    assert.ok(!result.stderr.includes('0123456789abcdef'));
  });

  it('fetches tiles from the documented URL by default', async () => {
    const requests: RecordedRequest[] = [];
    const token = 'MLY|1234|0123456789abcdef';
    const result = await run(['tile', 'inspect', '14/3251/6257', '--client-token', token], {
      fetch: service(200, smallTile, requests),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      requests.at(-1)?.url,
      `https://tiles.mapillary.com/maps/vtp/mly1_public/2/14/3251/6257?access_token=${encodeURIComponent(token)}`,
    );
  });

  it('corrects a --tiles-url in the old form, with a warning', async () => {
    const requests: RecordedRequest[] = [];
    const token = 'MLY|1234|0123456789abcdef';
    const result = await run(
      [
        'tile',
        'inspect',
        '14/1/2',
        '--tiles-url',
        'https://tiles.mapillary.com',
        '--client-token',
        token,
      ],
      { fetch: service(200, smallTile, requests) },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /warning: The tiles URL https:\/\/tiles\.mapillary\.com was corrected/,
    );
    assert.ok(
      requests.at(-1)?.url.startsWith('https://tiles.mapillary.com/maps/vtp/mly1_public/2/14/1/2?'),
    );
  });

  it('takes the tiles token from --client-token or MAPILLARY_CLIENT_TOKEN, the Graph one apart', async () => {
    const user = 'MLY|555|fedcba9876543210';
    const client = 'MLY|1234|0123456789abcdef';
    for (const given of [
      { argv: ['--token', user, '--client-token', client], env: {} },
      { argv: [], env: { MAPILLARY_ACCESS_TOKEN: user, MAPILLARY_CLIENT_TOKEN: client } },
    ]) {
      const requests: RecordedRequest[] = [];
      const result = await run(
        ['tile', 'inspect', '14/1/2', '--set', 'mly_map_feature_point', ...given.argv],
        { env: given.env, fetch: service(200, smallTile, requests, [user]) },
      );
      assert.equal(result.code, 0, result.stderr);
      const tile = requests.find((r) => r.url.includes('/maps/vtp/'));
      assert.equal(
        tile?.url,
        `https://tiles.mapillary.com/maps/vtp/mly_map_feature_point/2/14/1/2?access_token=${encodeURIComponent(client)}`,
      );
      assert.equal(tile?.headers.authorization, undefined);
      for (const r of requests) assert.ok(!r.url.includes(encodeURIComponent(user)), r.url);
    }
  });

  it('never puts a user token in a tile URL, and says what to add', async () => {
    const user = 'MLY|555|fedcba9876543210';
    const requests: RecordedRequest[] = [];
    const result = await run(['tile', 'inspect', '14/1/2', '--token', user], {
      fetch: service(200, smallTile, requests, [user]),
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--token holds a user token, which is never put into a tile URL/);
    assert.match(result.stderr, /pass --client-token .* or set MAPILLARY_CLIENT_TOKEN/);
    assert.ok(!requests.some((r) => r.url.includes('/maps/vtp/')), 'no tile request');
    // A token of another shape is never even asked about: it cannot be a client token.
    const oauth = await run(['tile', 'inspect', '14/1/2', '--token', 'MLYARBopaque-user-token'], {
      fetch: service(200, smallTile, requests),
    });
    assert.equal(oauth.code, 1);
    assert.match(oauth.stderr, /holds a user token/);
    assert.ok(!requests.some((r) => r.url.includes('MLYARB')));
  });

  it('names the fix when a user token is given as the client token, or no token at all', async () => {
    const user = 'MLY|555|fedcba9876543210';
    const mistaken = await run(['tile', 'inspect', '14/1/2', '--client-token', user], {
      fetch: service(200, smallTile, [], [user]),
    });
    assert.equal(mistaken.code, 1);
    assert.match(
      mistaken.stderr,
      /--client-token holds a user token, not a client token; a user token is never put into a tile URL/,
    );
    const wrongShape = await run(
      ['tile', 'inspect', '14/1/2', '--client-token', 'a-secret-of-20-chars-or-more'],
      {
        fetch: service(200, smallTile, []),
      },
    );
    assert.equal(wrongShape.code, 1);
    assert.match(wrongShape.stderr, /--client-token does not look like a client token/);
    const none = await run(['tile', 'inspect', '14/1/2'], { fetch: service(200, smallTile, []) });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /Tiles need your app's client token: pass --client-token/);
    for (const result of [mistaken, wrongShape, none]) {
      assert.ok(!result.stderr.includes('fedcba9876543210'));
    }
  });

  it('exits 1 on HTTP errors, error bodies and network failures without leaking the token', async () => {
    const token = 'MLY|99|0123456789abcdef';
    const graphError =
      '{"error":{"message":"Invalid OAuth 2.0 Access Token","type":"OAuthException","code":190}}';
    const denied = await run(['tile', 'inspect', '14/1/2', '--client-token', token], {
      fetch: service(401, graphError, []),
    });
    assert.equal(denied.code, 1);
    assert.match(
      denied.stderr,
      /could not fetch https:\/\/tiles\.mapillary\.com\/maps\/vtp\/mly1_public\/2\/14\/1\/2: .*HTTP 401, code 190/,
    );
    assert.match(
      denied.stderr,
      /mly1_public\/2\/\{z\}\/\{x\}\/\{y\} with the client token from --client-token/,
    );
    const okButJson = await run(['tile', 'inspect', '14/1/2', '--client-token', token], {
      fetch: service(200, graphError, []),
    });
    assert.equal(okButJson.code, 1);
    assert.match(okButJson.stderr, /could not fetch .*invalid-token, HTTP 200, code 190/);
    const notFound = await run(['tile', 'inspect', '14/1/2', '--client-token', token], {
      fetch: service(404, 'Not Found', []),
    });
    assert.equal(notFound.code, 1);
    assert.match(
      notFound.stderr,
      /answered 404 for https:\/\/tiles\.mapillary\.com\/maps\/vtp\/mly1_public\/2\/\{z\}/,
    );
    const failing: typeof fetch = (input) =>
      Promise.reject(new Error(`connect ECONNREFUSED while fetching ${urlOf(input)}`));
    const offline = await run(
      ['tile', 'inspect', '14/1/2', '--client-token', token, '--retries', '0'],
      { fetch: failing },
    );
    assert.equal(offline.code, 1);
    assert.match(offline.stderr, /could not fetch .*\(network\)/);
    for (const result of [denied, okButJson, notFound, offline]) {
      assert.ok(!result.stderr.includes('0123456789abcdef'), result.stderr);
      assert.ok(!result.stdout.includes('0123456789abcdef'));
    }
  });

  it('reports an empty tile from the network', async () => {
    const result = await run(
      ['tile', 'inspect', '14/1/2', '--client-token', 'MLY|1|0123456789abcdef'],
      {
        fetch: service(200, '', []),
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /layers\s+none \(empty tile\)/);
  });
});
