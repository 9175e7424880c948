// Points and boxes against an area: inside, on an edge, in a hole or outside; segments crossing a
// box; and crossings within rings.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  areaFromBbox,
  classifyBox,
  pointInArea,
  segmentCrossesBox,
} from '../../../src/shared/geo/area';
import { areaFromGeoJson } from '../../../src/shared/geo/areaGeoJson';
import { findRingCrossing } from '../../../src/shared/geo/ringCrossings';
import { holed, polygon, square } from './areaShapes';

describe('point in area', () => {
  const area = areaFromGeoJson(holed);

  it('keeps points inside and on the edges, and drops those in holes and outside', () => {
    assert.ok(pointInArea(area, 11, 41));
    assert.ok(pointInArea(area, 10, 45), 'on the outer edge');
    assert.ok(pointInArea(area, 13, 45), 'on the hole edge');
    assert.ok(!pointInArea(area, 15, 45), 'in the hole');
    assert.ok(!pointInArea(area, 25, 45));
    assert.ok(!pointInArea(area, 15, 39.999));
  });

  it('treats a bbox area as its rectangle', () => {
    const box = areaFromBbox([1, 2, 3, 4]);
    assert.equal(box.kind, 'bbox');
    assert.ok(pointInArea(box, 1, 2));
    assert.ok(pointInArea(box, 3, 4));
    assert.ok(!pointInArea(box, 3.0001, 4));
    assert.throws(() => areaFromBbox([3, 2, 1, 4]), /min must be below max/);
    assert.throws(() => areaFromBbox([NaN, 2, 1, 4]), /non-number/);
  });
});

describe('box placement against an area', () => {
  const area = areaFromGeoJson(holed);

  it('tells boxes inside, across an edge, in a hole, around the shape and outside', () => {
    assert.equal(classifyBox(area, [11, 41, 12, 42]), 'inside');
    assert.equal(classifyBox(area, [9, 41, 11, 42]), 'partial');
    assert.equal(classifyBox(area, [14, 44, 16, 46]), 'outside', 'wholly in the hole');
    assert.equal(classifyBox(area, [12, 42, 18, 48]), 'partial', 'around the hole');
    assert.equal(classifyBox(area, [0, 30, 30, 60]), 'partial', 'around the whole shape');
    assert.equal(classifyBox(area, [21, 41, 22, 42]), 'outside');
    assert.equal(classifyBox(area, [20, 41, 22, 42]), 'outside', 'touching the edge only');
    assert.equal(classifyBox(area, [10, 40, 13, 43]), 'inside', 'sharing edges from inside');
  });

  it('agrees with point tests at sample points (property)', () => {
    const shape = areaFromGeoJson(
      polygon(
        [
          [0, 0],
          [8, 1],
          [4, 3],
          [9, 9],
          [1, 7],
          [0, 0],
        ],
        [
          [2, 4],
          [3, 4],
          [3, 5],
          [2, 4],
        ],
      ),
    );
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 10, noNaN: true }),
        fc.double({ min: -1, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        (x, y, size) => {
          const box = [x, y, x + size, y + size] as const;
          const placement = classifyBox(shape, box);
          for (let i = 1; i < 6; i++) {
            for (let j = 1; j < 6; j++) {
              const px = x + (size * i) / 6;
              const py = y + (size * j) / 6;
              const inside = pointInArea(shape, px, py);
              if (placement === 'inside') assert.ok(inside, `${px},${py} should be inside`);
              if (placement === 'outside') assert.ok(!inside, `${px},${py} should be outside`);
            }
          }
        },
      ),
      { numRuns: 400, seed: 15 },
    );
  });

  it('counts a segment as crossing a box only through its interior', () => {
    const box = [0, 0, 1, 1] as const;
    assert.ok(segmentCrossesBox(-1, 0.5, 2, 0.5, box));
    assert.ok(segmentCrossesBox(0.2, 0.2, 0.3, 0.3, box), 'wholly inside');
    assert.ok(!segmentCrossesBox(-1, 0, 2, 0, box), 'along the bottom edge');
    assert.ok(!segmentCrossesBox(-1, 1, 1, -1, box), 'touching one corner only');
    assert.ok(!segmentCrossesBox(1, 2, 2, 1, box));
  });
});

describe('ring crossings', () => {
  it('finds a crossing, ignores touching neighbours, and gives up on too much work', () => {
    assert.equal(findRingCrossing([square(0, 0, 1, 1)]), undefined);
    const crossing = findRingCrossing([
      [
        [0, 0],
        [2, 2],
        [2, 0],
        [0, 2],
        [0, 0],
      ],
    ]);
    assert.ok(crossing && crossing !== 'too-complex');
    assert.deepEqual(crossing.at, [1, 1]);
    // Collinear overlap of two edges of one ring (a ring doubling back along itself).
    const overlap = findRingCrossing([
      [
        [0, 0],
        [4, 0],
        [4, 1],
        [3, 0],
        [1, 0],
        [0, 1],
        [0, 0],
      ],
    ]);
    assert.ok(overlap && overlap !== 'too-complex');
    assert.equal(
      findRingCrossing([square(0, 0, 1, 1), square(0.2, 0.2, 0.4, 0.4)], 1),
      'too-complex',
    );
  });
});
