import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { drawRenderTile } from '../../../src/shared/map/drawTile';
import { DEFAULT_MAP_SETTINGS } from '../../../src/shared/map/mapSettings';
import { pickNearest, pickableKinds } from '../../../src/shared/map/picking';
import { describeWithRealFixtures } from '../../support/fixtures';
import { RecordingContext, renderTileFromBytes } from './mapHelpers';

const state = {
  settings: DEFAULT_MAP_SETTINGS,
  highlighted: new Set<string>(),
  selected: new Set<string>(),
};

describeWithRealFixtures('real tiles draw with the right counts', (dir) => {
  const tileFile = (name: string) => path.join(dir, 'tiles', 'mly1_public', '14', name);

  it('3251_6257.mvt draws 331 sequences and 31,261 images', () => {
    const tile = renderTileFromBytes(readFileSync(tileFile('3251_6257.mvt')));
    const ctx = new RecordingContext();
    const counts = drawRenderTile(
      ctx,
      tile,
      { x0: 0, y0: 0, size: 4096, pixels: 256, zoom: 14 },
      state,
    );
    assert.equal(counts.sequence, 331);
    assert.equal(counts.image, 31_261);
    assert.equal(ctx.rects, 31_261);
    assert.equal(tile.lines?.count, 331);
    assert.ok(ctx.moves >= 331, 'every part of every sequence');
  });

  it('draws all four real tiles, and picks in them', () => {
    for (const name of ['3251_6257.mvt', '3251_6258.mvt', '3252_6257.mvt', '3252_6258.mvt']) {
      const tile = renderTileFromBytes(readFileSync(tileFile(name)));
      const counts = drawRenderTile(
        new RecordingContext(),
        tile,
        { x0: 0, y0: 0, size: 4096, pixels: 256, zoom: 14 },
        state,
      );
      const images = tile.points.find((p) => p.kind === 'image');
      assert.equal(counts.image, images?.count ?? 0, name);
      assert.equal(counts.sequence, tile.lines?.count ?? 0, name);
      if (images && images.count > 0) {
        const x = images.xy[0] ?? 0;
        const y = images.xy[1] ?? 0;
        const pick = pickNearest(
          tile,
          x + 1,
          y,
          32,
          pickableKinds(14, DEFAULT_MAP_SETTINGS),
          DEFAULT_MAP_SETTINGS,
        );
        assert.ok(
          pick && pick.distance <= 1 + 1e-6,
          `${name}: a point right next to the first image is picked`,
        );
      }
    }
  });
});
