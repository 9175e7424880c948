// The map layer's render tiles (ids, properties and transferable buffers) and the filters applied
// to their images.
import { strict as assert } from 'node:assert';
import { compileFilter } from '../../../src/shared/map/mapFilters';
import { NO_FILTERS, type MapSettings } from '../../../src/shared/map/mapSettings';
import { renderTileBuffers } from '../../../src/shared/map/renderTile';
import { T2020, sampleTile } from './mapHelpers';

describe('map layer: render tiles', () => {
  it('keeps ids exact, properties converted and every typed array transferable', () => {
    const tile = sampleTile();
    const images = tile.points.find((p) => p.kind === 'image');
    assert.ok(images && tile.lines);
    assert.deepEqual(images.ids, ['101', '102', '201', '12345678901234567']);
    assert.equal(images.capturedAt[0], T2020);
    assert.equal(images.capturedAt[3], 0, 'captured_at 0 stays unknown');
    assert.equal(images.compass[1], 180);
    assert.deepEqual(tile.lines.ids, ['101', '201']);
    assert.equal(tile.strings[tile.lines.sequence[1] ?? -1], 'seqb');
    assert.equal(tile.lines.featureParts[2], 3, 'the second sequence has two parts');
    const buffers = renderTileBuffers(tile);
    assert.ok(buffers.length >= 10);
    assert.equal(new Set(buffers).size, buffers.length);
  });
});

describe('map layer: filters', () => {
  const tile = sampleTile();
  const images = tile.points.find((p) => p.kind === 'image')!;
  const kept = (filters: Partial<MapSettings['filters']>) => {
    const f = compileFilter({ ...NO_FILTERS, ...filters }, tile);
    return images.ids.filter((_, i) => f.test(images, i));
  };

  it('keeps everything without filters', () => {
    assert.equal(compileFilter(NO_FILTERS, tile).all, true);
    assert.equal(kept({}).length, 4);
  });

  it('filters by capture date, inclusive days, dropping unknown dates', () => {
    assert.deepEqual(kept({ fromDate: '2020-06-16' }), ['102', '201']);
    assert.deepEqual(kept({ toDate: '2020-06-15' }), ['101']);
    assert.deepEqual(kept({ fromDate: '2021-01-01', toDate: '2022-12-31' }), ['201']);
  });

  it('filters panoramas and perspective images', () => {
    assert.deepEqual(kept({ pano: 'pano' }), ['201', '12345678901234567']);
    assert.deepEqual(kept({ pano: 'perspective' }), ['101', '102']);
  });

  it('filters by organization and creator, and an id the tile never mentions drops all', () => {
    assert.deepEqual(kept({ organizationId: '7' }), ['101', '102']);
    assert.deepEqual(kept({ creatorId: '80' }), ['201', '12345678901234567']);
    assert.deepEqual(kept({ organizationId: '999' }), []);
  });
});
