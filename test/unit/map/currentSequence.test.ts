// The current sequence drawn between the highlight and the selection, the images within reach of a
// click offered to choose from, and how many drawing workers start.
import { strict as assert } from 'node:assert';
import {
  CURRENT,
  HIGHLIGHTED,
  SELECTED,
  bucketsFor,
} from '../../../src/shared/map/coverageBuckets';
import { choiceText } from '../../../src/shared/map/chooserText';
import { DEFAULT_MAP_SETTINGS, NO_FILTERS } from '../../../src/shared/map/mapSettings';
import { imagesNear } from '../../../src/shared/map/picking';
import { MAX_WORKERS, workerCount } from '../../../src/shared/map/workerCount';
import { day, filterState as state, renderTileOf } from './mapHelpers';

describe('map: the current sequence and overlapping images', () => {
  const tile = renderTileOf([
    {
      name: 'image',
      features: [
        {
          type: 'Point',
          properties: {
            id: 1n,
            sequence_id: 'seqa',
            captured_at: day('2021-05-04'),
            is_pano: true,
          },
          geometry: [[[1000, 1000]]],
        },
        {
          type: 'Point',
          properties: { id: 2n, sequence_id: 'seqb', captured_at: day('2022-01-02') },
          geometry: [[[1004, 1002]]],
        },
        {
          type: 'Point',
          properties: { id: 3n, sequence_id: 'seqa', captured_at: day('2021-05-04') },
          geometry: [[[1100, 1000]]],
        },
        { type: 'Point', properties: { id: 4n, sequence_id: 'seqc' }, geometry: [[[3000, 3000]]] },
      ],
    },
  ]);
  const images = tile.points[0]!;

  it('colours the current sequence over the highlight and under the selection', () => {
    const buckets = bucketsFor(
      images,
      tile,
      {
        ...state(),
        current: 'seqa',
        highlighted: new Set(['seqa', 'seqc']),
        selected: new Set(['3']),
      },
      undefined,
    );
    assert.deepEqual([...buckets], [CURRENT, buckets[1], SELECTED, HIGHLIGHTED]);
  });

  it('lists every image within reach of a click, nearest first, with what tells them apart', () => {
    const near = imagesNear(tile, 1001, 1001, 10, DEFAULT_MAP_SETTINGS, 12);
    assert.deepEqual(
      near.map((p) => p.id),
      ['1', '2'],
    );
    assert.equal(near[0]?.pano, true);
    assert.equal(near[0]?.sequenceId, 'seqa');
    assert.equal(choiceText(near[0]), '2021-05-04 12:00:00 · sequence seqa · panorama');
    assert.equal(
      choiceText({ id: '4', capturedAt: 0 }),
      'date unknown · no sequence · perspective',
    );
    const filtered = imagesNear(
      tile,
      1001,
      1001,
      10,
      { ...DEFAULT_MAP_SETTINGS, filters: { ...NO_FILTERS, pano: 'pano' } },
      12,
    );
    assert.deepEqual(
      filtered.map((p) => p.id),
      ['1'],
      'filtered images are not offered',
    );
    assert.equal(
      imagesNear(tile, 1001, 1001, 10, DEFAULT_MAP_SETTINGS, 1).length,
      1,
      'at most the limit',
    );
  });

  it('starts one drawing worker per core, at least one and at most four', () => {
    assert.equal(workerCount(1), 1);
    assert.equal(workerCount(2), 2);
    assert.equal(workerCount(16), MAX_WORKERS);
    assert.equal(workerCount(undefined), 2);
    assert.equal(workerCount(0), 2);
    assert.equal(workerCount(Number.NaN), 2);
  });
});
