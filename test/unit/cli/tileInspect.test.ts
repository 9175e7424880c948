// `tile inspect` on files: a table and JSON, gzip-compressed or not, corrupt, non-tile and missing
// files, and the real 954 KB tile.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describeWithRealFixtures } from '../../support/fixtures';
import { run, smallTile } from './cliHarness';

describe('command line: tile inspect', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

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
});
