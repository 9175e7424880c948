// What a map click tells the viewer of the image it opens.
import { strict as assert } from 'node:assert';
import { clickHint } from '../../../src/shared/map/clickHint';
import { check } from '../../../src/shared/channel/channelMessages';
import { openImageRequest } from '../../../src/shared/messages';

describe('map: the hint of a click on an image', () => {
  it('carries the sequence when the tile said it, and where the click was', () => {
    assert.deepEqual(clickHint({ sequenceId: 'abc' }, 13.5, 55.6), {
      near: [13.5, 55.6],
      sequenceId: 'abc',
    });
    assert.deepEqual(clickHint({}, 13.5, 55.6), { near: [13.5, 55.6] });
  });

  it('wraps longitudes of a map panned across the antimeridian, so the request is accepted', () => {
    for (const [lng, expected] of [
      [372.5, 12.5],
      [-190, 170],
      [540, -180],
      [180, -180],
    ] as const) {
      const hint = clickHint({}, lng, 10);
      assert.ok(Math.abs((hint.near?.[0] ?? NaN) - expected) < 1e-9, `${lng} → ${hint.near?.[0]}`);
      const params = { imageId: '12345678901234567', ...hint };
      assert.ok(check(openImageRequest.params, params).success, String(lng));
    }
  });
});
