// The viewer's area reads: which box one image search should cover.
import { strict as assert } from 'node:assert';
import { planArea } from '../../../src/core/viewer/areaPlan';
import { type LonLat, type ReadAheadState } from '../../../src/core/viewer/readAhead';
import { at } from './streetPlaces';

// A street running east at 50° N: image k of sequence `s` is 7 m east of image k - 1, and another
// sequence has an image 10 m north of every image of it.
const id = (prefix: string, k: number): string => `${prefix}${String(k).padStart(4, '0')}`;

function street(options: { read?: string[]; known?: number; length?: number } = {}) {
  const length = options.length ?? 300;
  const order = Array.from({ length }, (_, k) => id('1', k));
  // The map cells seen so far hold the first `known` images of the street and their neighbours.
  const cells = new Map<string, LonLat>();
  for (let k = 0; k < (options.known ?? length); k++) {
    cells.set(id('1', k), at(k * 7));
    cells.set(id('2', k), at(k * 7, 10));
  }
  const read = new Set(options.read ?? []);
  const state: ReadAheadState = {
    unread: (image) => !read.has(image),
    sequenceHolding: (image) => (image.startsWith('1') ? order : undefined),
    position: (image) => cells.get(image),
    neighbours: () => cells.entries(),
    focus: () => undefined,
  };
  return { order, state };
}

const inside = ([lon, lat]: LonLat, [w, s, e, n]: readonly number[]): boolean =>
  lon >= (w ?? NaN) && lon <= (e ?? NaN) && lat >= (s ?? NaN) && lat <= (n ?? NaN);

describe('viewer: the area a search should cover', () => {
  it('grows along the sequence as far as the map cells put no more than the bound in it', () => {
    const { order, state } = street();
    const plan = planArea([order[20] ?? ''], state, { maxImages: 100, maxStretch: 400 });
    assert.ok(plan);
    assert.ok(plan.cellImages <= 100 && plan.cellImages >= 90, `cell images ${plan.cellImages}`);
    // The image asked for first, then the ones that follow, in order and with no gap.
    assert.equal(plan.expected[0], order[20]);
    const ahead = plan.expected.slice(1);
    assert.deepEqual(ahead, order.slice(21, 21 + ahead.length));
    // Every image expected, and its neighbour 10 m north, is inside the box; the next one is not.
    for (const image of plan.expected) {
      const k = order.indexOf(image);
      assert.ok(inside(at(k * 7), plan.bbox) && inside(at(k * 7, 10), plan.bbox), image);
    }
    assert.ok(!inside(at((21 + ahead.length) * 7 + 31), plan.bbox), 'nothing 30 m past the end');
  });

  it('walks back once the sequence ends, and skips images read already', () => {
    const { order, state } = street({ length: 40, read: [id('1', 38)] });
    const plan = planArea([order[30] ?? ''], state, { maxImages: 400, maxStretch: 400 });
    assert.ok(plan);
    assert.ok(!plan.expected.includes(id('1', 38)), 'a read image is not expected again');
    assert.deepEqual(
      plan.expected.slice(0, 10),
      [30, 31, 32, 33, 34, 35, 36, 37, 39, 29].map((k) => id('1', k)),
    );
    assert.equal(plan.expected.length, 39);
  });

  it('ends a walk at the first image the map cells have not placed, and says where', () => {
    const { order, state } = street({ known: 50 });
    const plan = planArea([order[10] ?? ''], state, { maxImages: 1000, maxStretch: 400 });
    assert.ok(plan);
    assert.ok(!plan.expected.includes(id('1', 50)));
    assert.ok(plan.expected.includes(id('1', 49)) && plan.expected.includes(id('1', 0)));
    // Forward it stopped at image 49, back at image 0: the tiles around both are looked up next.
    assert.deepEqual(plan.frontier, [at(49 * 7), at(0)]);
  });

  it('plans nothing when an image asked for has no known place, or its box alone is too full', () => {
    const { order, state } = street({ known: 50 });
    assert.equal(
      planArea([order[60] ?? ''], state, { maxImages: 400, maxStretch: 400 }),
      undefined,
    );
    // Images 0 and 49 are 343 m apart: the box around both holds every cell image.
    const wide = [order[0] ?? '', order[49] ?? ''];
    assert.equal(planArea(wide, state, { maxImages: 50, maxStretch: 400 }), undefined);
    assert.equal(planArea([], state, { maxImages: 400, maxStretch: 400 }), undefined);
  });

  it('walks no further than the stretch bound', () => {
    const { order, state } = street();
    const plan = planArea([order[0] ?? ''], state, { maxImages: 10_000, maxStretch: 25 });
    assert.equal(plan?.expected.length, 26);
  });
});
