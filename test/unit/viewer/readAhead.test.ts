// The viewer's read-ahead plan: what one Graph read carries besides the images asked for.
import { strict as assert } from 'node:assert';
import {
  type LonLat,
  type ReadAheadState,
  NEAR_METRES,
  planRead,
} from '../../../src/core/viewer/readAhead';
import { at } from './streetPlaces';

// A street running east at 50° N: image k of sequence `s` is 7 m east of image k - 1.

function street(options: { read?: string[]; focus?: string; length?: number } = {}) {
  const order = Array.from(
    { length: options.length ?? 300 },
    (_, k) => `1${String(k).padStart(4, '0')}`,
  );
  const positions = new Map<string, LonLat>(order.map((id, k) => [id, at(k * 7)]));
  // Another sequence's images: one 10 m north of each tenth image, one 40 m north of image 5.
  const cells = new Map<string, LonLat>();
  for (let k = 0; k < order.length; k += 10)
    cells.set(`2${String(k).padStart(4, '0')}`, at(k * 7, 10));
  cells.set('39999', at(35, 40));
  const read = new Set(options.read ?? []);
  const state: ReadAheadState = {
    unread: (id) => !read.has(id),
    sequenceHolding: (id) => (positions.has(id) ? order : undefined),
    position: (id) => positions.get(id) ?? cells.get(id),
    neighbours: () => cells.entries(),
    focus: () => options.focus,
  };
  return { order, state };
}

describe('viewer: the read-ahead plan', () => {
  it('carries the images that follow, each with the other sequences near it', () => {
    const { order, state } = street();
    const plan = planRead([order[20] ?? ''], state, 100);
    assert.equal(plan.length, 100);
    assert.equal(plan[0], order[20]);
    // Image 20 has a neighbour 10 m north: it comes right after it, then image 21.
    assert.deepEqual(plan.slice(1, 3), ['20020', order[21]]);
    const own = plan.filter((id) => id.startsWith('1'));
    const others = plan.filter((id) => id.startsWith('2'));
    assert.deepEqual(own, order.slice(20, 20 + own.length), 'the sequence in order, no gap');
    assert.ok(others.length >= 9, `neighbours taken (${others.length})`);
    assert.ok(!plan.includes('39999'), `a neighbour ${40} m away is beyond ${NEAR_METRES} m`);
  });

  it('walks back from the start once the sequence ends, and skips what was read', () => {
    const { order, state } = street({ length: 60, read: ['10058', '20050'] });
    const plan = planRead([order[50] ?? ''], state, 100);
    assert.ok(!plan.includes('10058') && !plan.includes('20050'), 'read images are not read again');
    assert.ok(plan.includes(order[59] ?? '') && plan.includes(order[49] ?? ''));
    assert.equal(new Set(plan).size, plan.length, 'no id twice');
  });

  it('keeps every id asked for, and fills up to a whole number of batches', () => {
    const { order, state } = street();
    const asked = order.slice(0, 130);
    const plan = planRead(asked, state, 100);
    assert.deepEqual(plan.slice(0, 130), asked);
    assert.equal(plan.length, 200);
  });

  it('fills a read of a neighbour with what lies ahead of the image shown', () => {
    const { order, state } = street({ focus: '10100', read: street().order.slice(100, 150) });
    const plan = planRead(['20100'], state, 100);
    assert.equal(plan[0], '20100');
    assert.ok(plan.includes('20110') && plan.includes('20140'), 'neighbours ahead of the image');
    assert.equal(
      plan.find((id) => id.startsWith('1')),
      order[150],
      'then the first unread image',
    );
  });

  it('reads only what was asked when nothing is known around it', () => {
    const { state } = street();
    assert.deepEqual(planRead(['77777'], state, 100), ['77777']);
  });
});
