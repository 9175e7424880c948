// `detection decode`: a detection geometry to polygons, in pixels given a size, errors for what is
// not base64 or not a tile, and a real detection from the recorded responses.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeWithRealFixtures } from '../../support/fixtures';
import { SIGN, run } from './cliHarness';

describe('command line: detection decode', () => {
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
