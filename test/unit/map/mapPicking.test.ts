// Picking on the map layer: the nearest image or sequence within a radius, the images inside a box,
// and the kinds that can be picked at each zoom.
import { strict as assert } from 'node:assert';
import { DEFAULT_MAP_SETTINGS } from '../../../src/shared/map/mapSettings';
import { imagesInBox, pickNearest, pickableKinds } from '../../../src/shared/map/picking';
import { renderTileOf, sampleTile, settingsWith } from './mapHelpers';

describe('map layer: picking and box selection', () => {
  const tile = sampleTile();
  const kinds14 = pickableKinds(14, DEFAULT_MAP_SETTINGS);

  it('picks the nearest image within the radius and nothing beyond it', () => {
    const pick = pickNearest(tile, 480, 110, 64, kinds14, DEFAULT_MAP_SETTINGS);
    assert.equal(pick?.kind, 'image');
    assert.equal(pick?.id, '102');
    assert.ok(Math.abs((pick?.distance ?? 0) - Math.hypot(20, 10)) < 1e-6);
    assert.equal(pickNearest(tile, 3000, 1500, 64, kinds14, DEFAULT_MAP_SETTINGS), undefined);
  });

  it('skips filtered images when picking', () => {
    const pick = pickNearest(tile, 120, 3000, 64, kinds14, settingsWith({ pano: 'perspective' }));
    assert.equal(pick, undefined);
  });

  it('picks sequences by their nearest segment at middle zooms', () => {
    const kinds = pickableKinds(10, DEFAULT_MAP_SETTINGS);
    assert.deepEqual([...kinds], ['sequence']);
    const pick = pickNearest(tile, 3700, 3690, 64, kinds, DEFAULT_MAP_SETTINGS);
    assert.equal(pick?.kind, 'sequence');
    assert.equal(pick?.sequenceId, 'seqb');
    assert.equal(pick?.id, '201');
  });

  it('finds the same nearest point as a brute-force search, over many random queries', () => {
    const n = 5000;
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 4096;
    const features = Array.from({ length: n }, (_, i) => ({
      type: 'Point' as const,
      properties: { id: BigInt(1000 + i) },
      geometry: [[[Math.round(rnd()), Math.round(rnd())] as const]],
    }));
    const big = renderTileOf([{ name: 'image', features }]);
    const set = big.points[0]!;
    for (let q = 0; q < 300; q++) {
      const x = rnd();
      const y = rnd();
      let best = -1;
      let bestD = 100;
      for (let i = 0; i < n; i++) {
        const d = Math.hypot((set.xy[2 * i] ?? 0) - x, (set.xy[2 * i + 1] ?? 0) - y);
        if (d <= bestD) [best, bestD] = [i, d];
      }
      const pick = pickNearest(big, x, y, 100, kinds14, DEFAULT_MAP_SETTINGS);
      if (best < 0) assert.equal(pick, undefined);
      else assert.ok(Math.abs((pick?.distance ?? -1) - bestD) < 1e-9, `query ${q}`);
    }
  });

  it('selects the images inside a box that pass the filters', () => {
    const out = new Set<string>();
    imagesInBox(tile, 0, 0, 600, 3100, DEFAULT_MAP_SETTINGS, out);
    assert.deepEqual([...out].sort(), ['101', '102', '201']);
    const pano = new Set<string>();
    imagesInBox(tile, 0, 0, 4096, 4096, settingsWith({ pano: 'pano' }), pano);
    assert.deepEqual([...pano].sort(), ['12345678901234567', '201']);
  });

  it('offers kinds by zoom and layer', () => {
    assert.deepEqual([...pickableKinds(3, DEFAULT_MAP_SETTINGS)], ['overview']);
    const all = { ...DEFAULT_MAP_SETTINGS, layers: { coverage: true, points: true, signs: true } };
    assert.deepEqual([...pickableKinds(16, all)].sort(), ['image', 'point', 'traffic_sign']);
    assert.deepEqual(
      [...pickableKinds(12, { ...all, layers: { coverage: false, points: true, signs: true } })],
      [],
    );
  });
});
