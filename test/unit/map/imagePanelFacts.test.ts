import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { imageSchema } from '../../../src/shared/api/entities';
import { IMAGE_PANEL_FIELDS } from '../../../src/shared/api/fields';
import { imageFacts, imagePanelFacts } from '../../../src/shared/explorer/imageFacts';
import { describeWithRealFixtures } from '../../support/fixtures';

/** The panel's facts as label → text. */
function rowsOf(image: Parameters<typeof imagePanelFacts>[0]): Map<string, string> {
  return new Map(imagePanelFacts(image).map((f) => [f.label, f.value]));
}

describe('image panel fields', () => {
  it('formats what is known, leaves out what is not, and never carries a URL', () => {
    const map = rowsOf({
      id: '1',
      captured_at: Date.parse('2021-06-01T10:20:30Z'),
      compass_angle: 12.345,
      is_pano: false,
      thumb_1024_url: 'https://example.invalid/t.jpg?oe=1&access_token=secret',
      width: 4000,
      height: 3000,
    });
    assert.equal(map.get('Captured'), '2021-06-01 10:20:30 UTC');
    assert.equal(map.get('Compass'), '12.3°');
    assert.equal(map.get('Panorama'), 'no');
    assert.equal(map.get('Size'), '4000 × 3000 px');
    assert.equal(map.has('Creator'), false);
    assert.doesNotMatch(JSON.stringify([...map]), /https?:|access_token|secret/);
  });

  it('reads only the fields the panel asks the service for', () => {
    const read = new Set<string>();
    const image = new Proxy(
      { id: '1', captured_at: 1, creator: { id: '2' }, width: 3, height: 4, make: 'm' },
      {
        get(target, key, receiver) {
          if (typeof key === 'string') read.add(key);
          return Reflect.get(target, key, receiver) as unknown;
        },
      },
    );
    imagePanelFacts(image);
    const asked = new Set<string>(IMAGE_PANEL_FIELDS);
    assert.ok(read.size >= 10, [...read].join());
    for (const key of read) assert.ok(asked.has(key), `${key} is read but not asked for`);
  });

  it('words a fact the way the tree tooltip does', () => {
    const image = {
      id: '1',
      captured_at: Date.parse('2021-06-01T10:20:30Z'),
      geometry: { type: 'Point', coordinates: [13.0038, 55.605] },
    };
    const tooltip = new Map(imageFacts(image).map((f) => [f.label, f.value]));
    const panel = rowsOf(image);
    assert.equal(panel.get('Captured'), tooltip.get('Captured'));
    assert.equal(panel.get('Position'), tooltip.get('Position'));
    assert.equal(panel.get('Position'), '55.605000, 13.003800');
  });

  it('shows no capture date for the unknown time 0', () => {
    assert.equal(rowsOf({ id: '1', captured_at: 0 }).has('Captured'), false);
    assert.equal(rowsOf({ id: '1', compass_angle: Infinity, altitude: NaN }).has('Compass'), false);
  });
});

describeWithRealFixtures('image panel fields of real images', (dir) => {
  it('builds fields for every recorded image, without its URLs', () => {
    const folder = path.join(dir, 'graph', 'images');
    for (const file of readdirSync(folder)) {
      const image = imageSchema.parse(JSON.parse(readFileSync(path.join(folder, file), 'utf8')));
      // One recording in the folder is a map feature, not an image.
      if (!image.sequence) continue;
      const rows = rowsOf(image);
      assert.equal(rows.get('Image'), image.id, file);
      assert.ok(rows.size >= 3, file);
      assert.doesNotMatch(JSON.stringify([...rows]), /filler_url|https?:/);
    }
  });
});
