// Lines written straight into a pixel buffer: the pen's width, clipping, and packed colours.
import { strict as assert } from 'node:assert';
import { packColorAlpha, strokeSegment } from '../../../src/shared/map/pointRaster';

describe('map: lines written as pixels', () => {
  it('writes a line of the pen width from end to end, clipped to the buffer', () => {
    const raster = { data: new Uint32Array(20 * 10), width: 20, height: 10, scale: 1 };
    strokeSegment(raster, 2, 5, 30, 5, 2, 7);
    const row = (y: number) => Array.from(raster.data.subarray(y * 20, y * 20 + 20));
    assert.deepEqual(row(4).slice(0, 2), [0, 7], 'starts at x = 1 (the pen is centred)');
    assert.ok(
      row(4)
        .slice(1)
        .every((v) => v === 7),
      'runs to the edge',
    );
    assert.ok(
      row(5)
        .slice(1)
        .every((v) => v === 7),
      'two pixels wide',
    );
    assert.ok(row(3).every((v) => v === 0) && row(6).every((v) => v === 0), 'nothing beside it');
    strokeSegment(raster, -50, -50, -40, -40, 2, 9);
    assert.ok(!raster.data.includes(9), 'a segment outside writes nothing');
    assert.equal(packColorAlpha('#ff0000', 0.7) >>> 24, 179);
  });
});
