import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { imageSchema } from '../../../src/shared/api/entities';
import { imageFields } from '../../../src/shared/map/imageFields';
import { describeWithRealFixtures } from '../../support/fixtures';

describe('image panel fields', () => {
  it('formats what is known, leaves out what is not, and never carries a URL', () => {
    const rows = imageFields({
      id: '1',
      captured_at: Date.parse('2021-06-01T10:20:30Z'),
      compass_angle: 12.345,
      is_pano: false,
      thumb_1024_url: 'https://example.invalid/t.jpg?oe=1&access_token=secret',
      width: 4000,
      height: 3000,
    });
    const map = new Map(rows);
    assert.equal(map.get('Captured'), '2021-06-01 10:20:30 UTC');
    assert.equal(map.get('Compass'), '12.3°');
    assert.equal(map.get('Panorama'), 'no');
    assert.equal(map.get('Size'), '4000 × 3000 px');
    assert.equal(map.has('Creator'), false);
    assert.doesNotMatch(JSON.stringify(rows), /https?:|access_token|secret/);
  });

  it('shows no capture date for the unknown time 0', () => {
    assert.equal(new Map(imageFields({ id: '1', captured_at: 0 })).has('Captured'), false);
  });
});

describeWithRealFixtures('image panel fields of real images', (dir) => {
  it('builds fields for every recorded image, without its URLs', () => {
    const folder = path.join(dir, 'graph', 'images');
    for (const file of readdirSync(folder)) {
      const image = imageSchema.parse(JSON.parse(readFileSync(path.join(folder, file), 'utf8')));
      // One recording in the folder is a map feature, not an image.
      if (!image.sequence) continue;
      const rows = imageFields(image);
      assert.equal(new Map(rows).get('Image'), image.id, file);
      assert.ok(rows.length >= 3, file);
      assert.doesNotMatch(JSON.stringify(rows), /filler_url|https?:/);
    }
  });
});
