import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { classifyTileBody, unwrapTileBody, type Gunzip } from '../../../src/shared/tiles/tileBody';
import { describeWithRealFixtures } from '../../support/fixtures';
import { tileBytes } from './tileBytes';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const gunzip: Gunzip = (bytes) => Promise.resolve(new Uint8Array(gunzipSync(bytes)));
const smallTile = tileBytes([{ name: 'image', features: [{ type: 1, geometry: [9, 2, 2] }] }]);

describe('tileBody', () => {
  it('calls a body with no bytes an empty tile', () => {
    assert.deepEqual(classifyTileBody(new Uint8Array(0)), { kind: 'empty' });
  });

  it('recognises a tile', () => {
    assert.deepEqual(classifyTileBody(smallTile), { kind: 'tile' });
  });

  it('recognises JSON and names a Graph error in the reason', () => {
    const body = classifyTileBody(
      text(
        '  {"error":{"message":"Invalid OAuth 2.0 Access Token","type":"OAuthException","code":190}}',
      ),
    );
    assert.equal(body.kind, 'json');
    if (body.kind === 'json') assert.match(body.reason, /code 190: Invalid OAuth/);
    const plain = classifyTileBody(text('{"data":[]}'));
    assert.equal(plain.kind, 'json');
    const broken = classifyTileBody(text('{"error": {'));
    assert.equal(broken.kind, 'json');
  });

  it('recognises HTML, also after a byte order mark', () => {
    assert.equal(classifyTileBody(text('<!DOCTYPE html><p>sign in</p>')).kind, 'html');
    assert.equal(classifyTileBody(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c, 0x68])).kind, 'html');
  });

  it('recognises gzip by its magic bytes', () => {
    const body = classifyTileBody(new Uint8Array(gzipSync(smallTile)));
    assert.equal(body.kind, 'gzip');
  });

  it('unwraps a gzip tile once, and refuses what is still not a tile', async () => {
    const gz = new Uint8Array(gzipSync(smallTile));
    const unwrapped = await unwrapTileBody(gz, gunzip);
    assert.equal(unwrapped.kind, 'tile');
    if (unwrapped.kind === 'tile') {
      assert.deepEqual(unwrapped.bytes, smallTile);
      assert.equal(unwrapped.wasGzipped, true);
    }
    const twice = await unwrapTileBody(new Uint8Array(gzipSync(gz)), gunzip);
    assert.equal(twice.kind, 'not-a-tile');
    const html = await unwrapTileBody(new Uint8Array(gzipSync(text('<html>'))), gunzip);
    assert.equal(html.kind, 'not-a-tile');
    if (html.kind === 'not-a-tile') assert.match(html.reason, /after gzip decompression.*HTML/);
    const noGunzip = await unwrapTileBody(gz);
    assert.equal(noGunzip.kind, 'not-a-tile');
    const bad = await unwrapTileBody(new Uint8Array([0x1f, 0x8b, 1, 2, 3]), gunzip);
    assert.equal(bad.kind, 'not-a-tile');
    if (bad.kind === 'not-a-tile') assert.match(bad.reason, /does not decompress/);
    assert.deepEqual(await unwrapTileBody(new Uint8Array(0), gunzip), { kind: 'empty' });
  });
});

describeWithRealFixtures('tileBody with real service bodies', (dir) => {
  it('classifies the real tiles as tiles and the real error bodies as JSON errors', () => {
    for (const name of ['3251_6257', '3251_6258', '3252_6257', '3252_6258']) {
      const bytes = readFileSync(path.join(dir, 'tiles', 'mly1_public', '14', `${name}.mvt`));
      assert.equal(classifyTileBody(new Uint8Array(bytes)).kind, 'tile', name);
    }
    for (const [file, code] of [
      ['rate_limit_code4.json', 4],
      ['invalid_token_code190.json', 190],
    ] as const) {
      const body = classifyTileBody(
        new Uint8Array(readFileSync(path.join(dir, 'graph', 'errors', file))),
      );
      assert.equal(body.kind, 'json');
      if (body.kind === 'json') assert.match(body.reason, new RegExp(`code ${code}\\b`));
    }
  });
});
