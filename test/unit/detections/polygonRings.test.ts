import { strict as assert } from 'node:assert';
import { type Ring, groupRings, signedArea } from '../../../src/shared/detections/polygonRings';

// Clockwise on screen (y down): right along the top, down the right side.
const outer: Ring = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
  [0, 0],
];
const hole: Ring = [
  [2, 2],
  [2, 4],
  [4, 4],
  [4, 2],
  [2, 2],
];
const otherOuter: Ring = outer.map(([x, y]) => [x + 20, y]);
const flat: Ring = [
  [0, 0],
  [5, 0],
  [0, 0],
];

describe('polygonRings', () => {
  it('gives a screen-clockwise ring a positive area, as the MVT specification does', () => {
    assert.ok(signedArea(outer) > 0);
    assert.ok(signedArea(hole) < 0);
    assert.equal(signedArea(flat), 0);
  });

  it('groups MVT v2 rings into outer rings with their holes', () => {
    assert.deepEqual(groupRings([outer, hole, otherOuter], 2), [[outer, hole], [otherOuter]]);
  });

  it('lets the first ring set the winding in MVT v1', () => {
    const reversed = (ring: Ring): Ring => ring.slice().reverse();
    assert.deepEqual(groupRings([reversed(outer), reversed(hole), reversed(otherOuter)], 1), [
      [reversed(outer), reversed(hole)],
      [reversed(otherOuter)],
    ]);
  });

  it('keeps every ring: a leading hole and a flat ring are not dropped', () => {
    const groups = groupRings([hole, flat, outer, flat], 2);
    assert.deepEqual(groups, [
      [hole, flat],
      [outer, flat],
    ]);
    assert.equal(groups.flat().length, 4);
    assert.deepEqual(groupRings([], 2), []);
  });
});
