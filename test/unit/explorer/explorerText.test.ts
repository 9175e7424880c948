import { strict as assert } from 'node:assert';
import { formatArea, parseArea } from '../../../src/shared/explorer/areaText';
import { parseDateRange, parseObjectValues } from '../../../src/shared/explorer/dateRange';
import { embedSnippet, embedUrl, imageWebUrl } from '../../../src/shared/explorer/embedSnippet';
import {
  imageFacts,
  imageText,
  imageTooltipMarkdown,
  sequenceText,
} from '../../../src/shared/explorer/imageFacts';
import { parseImageRef } from '../../../src/shared/explorer/imageRef';
import { viewArea } from '../../../src/shared/explorer/viewArea';

describe('explorer inputs and texts', () => {
  describe('image ids and links', () => {
    const ok = (text: string) => {
      const r = parseImageRef(text);
      return r.ok ? r.id : `error: ${r.message}`;
    };
    it('reads ids and every image link form', () => {
      assert.equal(ok(' 1234567890123456 '), '1234567890123456');
      assert.equal(ok('https://www.mapillary.com/app/?pKey=498763468214164'), '498763468214164');
      assert.equal(
        ok('https://www.mapillary.com/app/?lat=55.6&lng=13.0&z=17&pKey=123&focus=photo'),
        '123',
      );
      assert.equal(ok('www.mapillary.com/app/?pKey=77'), '77');
      assert.equal(ok('https://www.mapillary.com/embed?image_key=42&style=split'), '42');
      assert.equal(ok('https://www.mapillary.com/map/im/987654'), '987654');
    });
    it('refuses links that are not image links, and malformed ids, saying why', () => {
      assert.match(ok('https://www.mapillary.com/app/?mapFeatureKey=5'), /map feature, not/);
      assert.match(ok('https://www.mapillary.com/app/?sKey=abc'), /sequence, not/);
      assert.match(ok('https://example.com/?pKey=5'), /Only mapillary\.com links/);
      assert.match(ok('https://www.mapillary.com/app/?pKey=abc'), /not an image id/);
      assert.match(ok('abc_def'), /image ids are digits/);
      assert.match(ok('12 34'), /neither an image id nor a link/);
      assert.match(ok(''), /Type an image id/);
    });
  });

  describe('areas', () => {
    it('accepts a valid bbox and counts its tiles', () => {
      const r = parseArea('12.99, 55.60, 13.01, 55.61');
      assert.ok(r.ok);
      assert.deepEqual(r.bbox, [12.99, 55.6, 13.01, 55.61]);
      assert.ok(r.tiles >= 1);
      assert.equal(formatArea(r.bbox), '12.99,55.6,13.01,55.61');
    });
    it('explains swapped corners, out of range, wrong counts and oversized areas', () => {
      const message = (t: string) => {
        const r = parseArea(t);
        return r.ok ? 'ok' : r.message;
      };
      assert.match(message('13.01,55.61,12.99,55.60'), /swapped.*12\.99,55\.6,13\.01,55\.61/);
      assert.match(message('190,0,191,1'), /Longitudes must lie between -180 and 180/);
      assert.match(message('0,-95,1,1'), /Latitudes must lie between -90 and 90/);
      assert.match(message('1,2,3'), /four numbers.*got 3/);
      assert.match(message('1,2,x,4'), /"x" is not a number/);
      assert.match(message('1,1,1,2'), /empty/);
      assert.match(message('0,0,5,5'), /spans \d+ coverage tiles; at most 256/);
    });
  });

  describe('web links and embeds', () => {
    it('builds the page link and the iframe in each style', () => {
      assert.equal(imageWebUrl('42'), 'https://www.mapillary.com/app/?pKey=42');
      assert.equal(
        embedUrl('42', 'split'),
        'https://www.mapillary.com/embed?image_key=42&style=split',
      );
      const snippet = embedSnippet('42', 'classic');
      assert.match(
        snippet,
        /^<iframe src="https:\/\/www\.mapillary\.com\/embed\?image_key=42&style=classic"/,
      );
      assert.match(snippet, /<\/iframe>$/);
      assert.throws(() => embedSnippet('"><script>', 'photo'), /not an image id/);
    });
  });

  describe('labels and tooltips', () => {
    it('labels a sequence with its date, count and pano flag', () => {
      const s = { id: 'x', capturedAt: Date.UTC(2024, 4, 3), imagesInArea: 12, isPano: true };
      assert.deepEqual(sequenceText(s), {
        label: '2024-05-03',
        description: '12 images in area · pano',
      });
      assert.equal(sequenceText({ ...s, capturedAt: 0, isPano: false }, 1).description, '1 image');
    });
    it('lists an image’s key facts and shows its thumbnail', () => {
      const image = {
        id: '7',
        captured_at: Date.UTC(2024, 0, 2, 3, 4, 5),
        compass_angle: 90,
        make: 'GoPro',
        model: 'Max',
        is_pano: true,
        geometry: { coordinates: [13, 55.6] },
        computed_geometry: { coordinates: [13.0001, 55.6001] },
        creator: { id: '1', username: 'ann' },
        thumb_256_url: 'https://example.test/t.jpg?sig=1',
      };
      const facts = Object.fromEntries(imageFacts(image).map((f) => [f.label, f.value]));
      assert.equal(facts.Captured, '2024-01-02 03:04:05 UTC');
      assert.equal(facts['Compass angle'], '90.0°');
      assert.equal(facts.Camera, 'GoPro Max');
      assert.equal(facts.Pano, 'yes');
      assert.equal(facts.Position, '55.600000, 13.000000');
      assert.equal(facts['Computed position'], '55.600100, 13.000100');
      assert.equal(facts.Creator, 'ann');
      const md = imageTooltipMarkdown(image);
      assert.match(md, /^!\[thumbnail\]\(https:\/\/example\.test\/t\.jpg\?sig=1\)/);
      assert.match(md, /\*\*Creator:\*\* ann/);
      const fresh = imageTooltipMarkdown(image, 'data:image/jpeg;base64,/9j/AA==');
      assert.match(fresh, /^!\[thumbnail\]\(data:image\/jpeg;base64,\/9j\/AA==\)/);
      assert.doesNotMatch(
        imageTooltipMarkdown({ id: '1', thumb_256_url: 'javascript:x' }),
        /thumbnail/,
      );
    });
  });
});

describe('explorer search filters and map areas', () => {
  it('reads date ranges, open at either end, and refuses bad ones', () => {
    assert.deepEqual(parseDateRange(''), { ok: true, start: undefined, end: undefined });
    assert.deepEqual(parseDateRange('2024-05-01'), {
      ok: true,
      start: '2024-05-01T00:00:00.000Z',
      end: '2024-05-01T23:59:59.999Z',
    });
    assert.deepEqual(parseDateRange('..2024-02-29'), {
      ok: true,
      start: undefined,
      end: '2024-02-29T23:59:59.999Z',
    });
    assert.deepEqual(parseDateRange('2024-01-01..'), {
      ok: true,
      start: '2024-01-01T00:00:00.000Z',
      end: undefined,
    });
    const bad = (t: string) => {
      const r = parseDateRange(t);
      return r.ok ? 'ok' : r.message;
    };
    assert.match(bad('2023-02-29'), /not a date/);
    assert.match(bad('2024-06-01..2024-01-01'), /ends before it starts/);
    assert.match(bad('a..b..c'), /one "\.\."/);
  });

  it('reads object values with wildcards and refuses other characters', () => {
    assert.deepEqual(parseObjectValues(' regulatory--stop--*, object--fire-hydrant ,'), {
      ok: true,
      values: ['regulatory--stop--*', 'object--fire-hydrant'],
    });
    const r = parseObjectValues('regulatory--stop--g1, a b');
    assert.ok(!r.ok && /"a b" is not an object value/.test(r.message));
  });

  it('works out the area a map view shows', () => {
    const [w, s, e, n] = viewArea([55.605, 13.0038], 16, { width: 1024, height: 768 });
    // At zoom 16 a 256-pixel tile is 360 / 2^16 degrees wide: 4 tiles across.
    assert.ok(Math.abs(e - w - (4 * 360) / 2 ** 16) < 1e-9);
    assert.ok(w < 13.0038 && e > 13.0038 && s < 55.605 && n > 55.605);
    const world = viewArea([0, 0], 0);
    assert.deepEqual(
      world.map((v) => Math.round(v)),
      [-180, -85, 180, 85],
    );
  });
});

describe('explorer text: image labels in search results', () => {
  it('shows the date and the time in search results, the time of day in a sequence', () => {
    const image = { id: '1', captured_at: Date.parse('2024-05-03T14:03:22Z') };
    assert.equal(imageText(image, 2).label, '#2 14:03:22');
    assert.equal(imageText(image, 2, true).label, '#2 2024-05-03 14:03:22');
    assert.equal(imageText({ id: '77' }, 1, true).label, '#1 77');
  });
});
