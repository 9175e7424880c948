import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from '../../../src/cli/cli';
import type { CliIo } from '../../../src/cli/cliIo';
import { describeWithRealFixtures } from '../../support/fixtures';
import { tileBytes } from '../tiles/tileBytes';
import { Capture } from '../../support/cliRun';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface RecordedRequest {
  url: string;
  headers: Record<string, string>;
}

async function run(
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; fetch?: typeof fetch } = {},
): Promise<Run> {
  const stdout = new Capture();
  const stderr = new Capture();
  const io: CliIo = { stdout, stderr, env: options.env ?? {}, fetch: options.fetch };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

// A fetch that records requests and answers with the given status and body.
function fakeFetch(
  status: number,
  body: Uint8Array | string,
  requests: RecordedRequest[],
): typeof fetch {
  return (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    requests.push({ url: urlOf(input), headers });
    const payload = typeof body === 'string' ? body : Buffer.from(body);
    return Promise.resolve(new Response(payload, { status }));
  };
}

/** The body `/me` answers a client token with (the token is valid, but /me needs a user's). */
const NOT_A_USER =
  '{"error":{"message":"An active user access token must be used","type":"OAuthException","code":2500}}';

/**
 * A service where `/me` says which kind each token is (`users` are user tokens, any other token a
 * client token) and every other request gets `status` and `body`.
 */
function service(
  status: number,
  body: Uint8Array | string,
  requests: RecordedRequest[],
  users: readonly string[] = [],
): typeof fetch {
  const rest = fakeFetch(status, body, requests);
  return (input, init) => {
    const url = new URL(urlOf(input));
    if (url.pathname !== '/me') return rest(input, init);
    const token = /^OAuth (\S+)$/.exec(new Headers(init?.headers).get('authorization') ?? '')?.[1];
    requests.push({ url: url.href, headers: { authorization: `OAuth ${token ?? ''}` } });
    return Promise.resolve(
      token && users.includes(token)
        ? new Response('{"id":"1","username":"someone"}', { status: 200 })
        : new Response(NOT_A_USER, { status: 400 }),
    );
  };
}

const smallTile = tileBytes([
  {
    name: 'image',
    keys: ['sequence_id'],
    values: [{ string: 's1' }],
    features: [
      { id: 1n, type: 1, tags: [0, 0], geometry: [9, 100, 100] },
      { id: 2n, type: 1, tags: [0, 0], geometry: [9, 200, 200] },
    ],
  },
]);

const SIGN = 'GjgKBm1weS1vchIYEgIAABgDIhAJkCawDRq4BgAAhAO3BgAPGgR0eXBlIgkKB3BvbHlnb24ogCB4AQ==';

describe('command line', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps help and version', async () => {
    const help = await run(['help']);
    assert.equal(help.code, 0);
    for (const command of [
      'tile inspect',
      'detection decode',
      '--api-url',
      '--tiles-url',
      '--token',
      '--client-token',
      'MAPILLARY_CLIENT_TOKEN',
      'doctor',
    ]) {
      assert.ok(help.stdout.includes(command), command);
    }
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['--help'])).code, 0);
    const version = await run(['version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    assert.equal((await run(['--version'])).stdout, version.stdout);
  });

  it('prints a command usage for <command> --help and help <command>', async () => {
    const usage = await run(['tile', 'inspect', '--help']);
    assert.equal(usage.code, 0);
    assert.match(usage.stdout, /Usage: mapillary-explorer tile inspect/);
    assert.match((await run(['detection', 'decode', '-h'])).stdout, /--width W/);
    assert.match((await run(['help', 'detection', 'decode'])).stdout, /detection decode <base64>/);
    assert.match((await run(['tile', '--help'])).stdout, /tile inspect/);
  });

  it('exits 2 with a message on usage errors', async () => {
    const cases: [string[], RegExp][] = [
      [['nonsense'], /unknown command 'nonsense'/],
      [['tile'], /needs a subcommand/],
      [['tile', 'explode'], /unknown command 'tile explode'/],
      [['tile', 'inspect'], /needs a file or a z\/x\/y/],
      [['tile', 'inspect', 'a.mvt', '--bogus'], /Unknown option '--bogus'/],
      [['tile', 'inspect', 'a.mvt', '--width', '3'], /does not take --width/],
      [['tile', 'inspect', '14/3251/6257', '--set', 'nope'], /unknown tile set 'nope'/],
      [['tile', 'inspect', '14/99999/1'], /tile x must be/],
      [['detection', 'decode'], /needs a base64 geometry/],
      [['detection', 'decode', SIGN, '--width', '10'], /both --width and --height/],
      [
        ['detection', 'decode', SIGN, '--width', 'wide', '--height', '3'],
        /--width must be a positive/,
      ],
      [['tile', 'inspect', 'a.mvt', '--tiles-url', 'ftp://x'], /--tiles-url must be an http/],
      [['help', 'frobnicate'], /unknown command 'frobnicate'/],
    ];
    for (const [argv, message] of cases) {
      const result = await run(argv);
      assert.equal(result.code, 2, argv.join(' '));
      assert.match(result.stderr, message, argv.join(' '));
      assert.match(result.stderr, /Run 'mapillary-explorer /);
      assert.equal(result.stdout, '');
    }
  });

  it('inspects a tile file as a table and as JSON, also gzip-compressed', async () => {
    const file = path.join(dir, 'small.mvt');
    writeFileSync(file, smallTile);
    const table = await run(['tile', 'inspect', file]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^image\s+2\s+4096\s+2\s+2\s+0\s+0\s+0\s+2$/m);
    assert.match(table.stdout, /image: sequence_id/);
    const gz = path.join(dir, 'small.mvt.gz');
    writeFileSync(gz, gzipSync(smallTile));
    const json = await run(['tile', 'inspect', gz, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as {
      wasGzipped: boolean;
      featureCount: number;
      byteLength: number;
    };
    assert.equal(parsed.wasGzipped, true);
    assert.equal(parsed.featureCount, 2);
    assert.equal(parsed.byteLength, smallTile.length);
  });

  it('exits 1 with a clear message for a corrupt, non-tile or missing file', async () => {
    const corrupt = path.join(dir, 'corrupt.mvt');
    writeFileSync(corrupt, smallTile.subarray(0, smallTile.length - 4));
    const cut = await run(['tile', 'inspect', corrupt, '--json']);
    assert.equal(cut.code, 1);
    assert.match(cut.stderr, /could not be decoded \(truncated\)/);
    assert.equal(cut.stdout, '');
    const html = path.join(dir, 'page.mvt');
    writeFileSync(html, '<html><body>Sign in</body></html>');
    const page = await run(['tile', 'inspect', html]);
    assert.equal(page.code, 1);
    assert.match(page.stderr, /is not a vector tile: .*HTML/);
    const missing = await run(['tile', 'inspect', path.join(dir, 'absent.mvt')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read .*absent\.mvt \(ENOENT\)/);
  });

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

  it('decodes a detection geometry to polygons, with pixels given a size', async () => {
    const result = await run([
      'detection',
      'decode',
      SIGN,
      '--width',
      '4096',
      '--height',
      '2048',
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as {
      layer: string;
      features: { polygons: number[][][][]; pixelPolygons: number[][][][] }[];
    };
    assert.equal(parsed.layer, 'mpy-or');
    assert.deepEqual(parsed.features[0]?.polygons[0]?.[0]?.[0], [2440 / 4096, 856 / 4096]);
    assert.deepEqual(parsed.features[0]?.pixelPolygons[0]?.[0]?.[2], [2852, 1050 / 2]);
    const text = await run(['detection', 'decode', SIGN]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /feature 1: polygon, 1 polygon\(s\)/);
    assert.match(text.stdout, /5 points, 0 hole\(s\)/);
  });

  it('exits 1 for a geometry that is not base64 or not a tile', async () => {
    const bad = await run(['detection', 'decode', 'abc$']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /could not be decoded \(invalid-base64\)/);
    const cut = await run(['detection', 'decode', SIGN.slice(0, 40)]);
    assert.equal(cut.code, 1);
    assert.match(cut.stderr, /\(truncated\)/);
  });
});

describeWithRealFixtures('command line on the real fixtures', (dir) => {
  it('inspects the real 954 KB tile and reports its counts', async () => {
    const file = path.join(dir, 'tiles', 'mly1_public', '14', '3251_6257.mvt');
    const result = await run(['tile', 'inspect', file, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as {
      byteLength: number;
      decodeMs: number;
      layers: {
        name: string;
        featureCount: number;
        extent: number;
        version: number;
        geometryTypes: Record<string, number>;
      }[];
    };
    assert.equal(parsed.byteLength, 953_786);
    assert.ok(parsed.decodeMs > 0);
    assert.deepEqual(
      parsed.layers.map((l) => [l.name, l.featureCount, l.extent, l.version]),
      [
        ['sequence', 331, 4096, 2],
        ['image', 31_261, 4096, 2],
      ],
    );
    assert.equal(parsed.layers[0]?.geometryTypes.linestring, 331);
    assert.equal(parsed.layers[1]?.geometryTypes.point, 31_261);
  });

  it('decodes a real detection from the recorded responses', async () => {
    const file = path.join(dir, 'graph', 'detections', '4235112816526838.json');
    const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: { geometry: string }[] };
    const segmentation = data[2]?.geometry;
    assert.ok(segmentation);
    const result = await run([
      'detection',
      'decode',
      segmentation,
      '--width',
      '4160',
      '--height',
      '3120',
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as {
      version: number;
      features: { polygons: unknown[][]; pixelPolygons: unknown[][] }[];
    };
    assert.equal(parsed.version, 2);
    assert.equal(parsed.features.length, 1);
    assert.equal(parsed.features[0]?.polygons.length, 1);
    assert.ok((parsed.features[0]?.polygons[0]?.[0] as unknown[]).length > 10);
    assert.equal(parsed.features[0]?.pixelPolygons.length, 1);
  });
});
