import { strict as assert } from 'node:assert';
import {
  DEFAULT_TILES_URL,
  TILE_SETS,
  isTileSetName,
  normalizeTilesUrl,
  layersAtZoom,
  overzoom,
  overzoomWindow,
  tileUrl,
  tileUrlTemplate,
} from '../../../src/shared/tiles/tileSets';

describe('tileSets', () => {
  it('knows the four sets and their layers', () => {
    assert.deepEqual(Object.keys(TILE_SETS).sort(), [
      'mly1_computed_public',
      'mly1_public',
      'mly_map_feature_point',
      'mly_map_feature_traffic_sign',
    ]);
    assert.deepEqual(
      TILE_SETS.mly1_public.layers.map((l) => l.name),
      ['overview', 'sequence', 'image'],
    );
    assert.deepEqual(
      TILE_SETS.mly_map_feature_traffic_sign.layers.map((l) => l.name),
      ['traffic_sign'],
    );
    assert.deepEqual(
      TILE_SETS.mly_map_feature_point.layers.map((l) => l.name),
      ['point'],
    );
    assert.ok(isTileSetName('mly1_computed_public'));
    assert.ok(!isTileSetName('toString'));
    assert.ok(!isTileSetName('mly1'));
  });

  it('lists the layers each zoom carries', () => {
    assert.deepEqual(
      layersAtZoom('mly1_public', 3).map((l) => l.name),
      ['overview'],
    );
    assert.deepEqual(
      layersAtZoom('mly1_public', 5).map((l) => l.name),
      ['overview'],
    );
    assert.deepEqual(
      layersAtZoom('mly1_public', 6).map((l) => l.name),
      ['sequence'],
    );
    assert.deepEqual(
      layersAtZoom('mly1_public', 14).map((l) => l.name),
      ['sequence', 'image'],
    );
    assert.deepEqual(layersAtZoom('mly_map_feature_point', 13), []);
  });

  // The four URLs of the official tiles documentation ("At a glance",
  // https://www.mapillary.com/developer/tiles-documentation/), copied as written there, with
  // {z}/{x}/{y} filled in by hand.
  it("builds every tile set's URL exactly as the documentation writes it", () => {
    const base = 'https://tiles.mapillary.com/maps/vtp';
    assert.equal(
      tileUrl(base, 'mly1_public', 14, 3251, 6257),
      'https://tiles.mapillary.com/maps/vtp/mly1_public/2/14/3251/6257',
    );
    assert.equal(
      tileUrl(base, 'mly1_computed_public', 14, 3251, 6257),
      'https://tiles.mapillary.com/maps/vtp/mly1_computed_public/2/14/3251/6257',
    );
    assert.equal(
      tileUrl(base, 'mly_map_feature_point', 14, 3251, 6257),
      'https://tiles.mapillary.com/maps/vtp/mly_map_feature_point/2/14/3251/6257',
    );
    assert.equal(
      tileUrl(base, 'mly_map_feature_traffic_sign', 14, 3251, 6257),
      'https://tiles.mapillary.com/maps/vtp/mly_map_feature_traffic_sign/2/14/3251/6257',
    );
    assert.equal(
      tileUrlTemplate(base, 'mly1_public'),
      'https://tiles.mapillary.com/maps/vtp/mly1_public/2/{z}/{x}/{y}',
    );
    assert.equal(
      tileUrlTemplate(base, 'mly_map_feature_traffic_sign'),
      'https://tiles.mapillary.com/maps/vtp/mly_map_feature_traffic_sign/2/{z}/{x}/{y}',
    );
  });

  it('defaults to the documented base and keeps a URL already under /maps/vtp', () => {
    assert.equal(DEFAULT_TILES_URL, 'https://tiles.mapillary.com/maps/vtp');
    assert.deepEqual(normalizeTilesUrl(''), { url: 'https://tiles.mapillary.com/maps/vtp' });
    assert.deepEqual(normalizeTilesUrl(undefined), { url: 'https://tiles.mapillary.com/maps/vtp' });
    assert.deepEqual(normalizeTilesUrl(' https://tiles.mapillary.com/maps/vtp/ '), {
      url: 'https://tiles.mapillary.com/maps/vtp',
    });
    assert.deepEqual(normalizeTilesUrl('http://127.0.0.1:8080/proxy/maps/vtp'), {
      url: 'http://127.0.0.1:8080/proxy/maps/vtp',
    });
    assert.equal(
      tileUrl('http://127.0.0.1:8080/proxy/maps/vtp//', 'mly_map_feature_point', 14, 1, 2),
      'http://127.0.0.1:8080/proxy/maps/vtp/mly_map_feature_point/2/14/1/2',
    );
  });

  it('corrects a value in the old form, with a warning that names the new value', () => {
    const old = normalizeTilesUrl('https://tiles.mapillary.com');
    assert.equal(old.url, 'https://tiles.mapillary.com/maps/vtp');
    assert.match(old.warning ?? '', /has no \/maps\/vtp/);
    assert.match(old.warning ?? '', /Set it to https:\/\/tiles\.mapillary\.com\/maps\/vtp/);
    const proxied = normalizeTilesUrl('http://127.0.0.1:8080/tiles/');
    assert.equal(proxied.url, 'http://127.0.0.1:8080/tiles/maps/vtp');
    assert.ok(proxied.warning);
    assert.equal(
      tileUrl(old.url, 'mly1_public', 14, 3251, 6257),
      'https://tiles.mapillary.com/maps/vtp/mly1_public/2/14/3251/6257',
    );
  });

  it('drops a query (a token never belongs in a setting) and refuses what is not http(s)', () => {
    const withToken = normalizeTilesUrl(
      'https://tiles.mapillary.com/maps/vtp?access_token=MLY|1|ab',
    );
    assert.equal(withToken.url, 'https://tiles.mapillary.com/maps/vtp');
    assert.ok(withToken.warning && !withToken.warning.includes('MLY|1|ab'));
    assert.equal(normalizeTilesUrl('ftp://tiles.example').url, DEFAULT_TILES_URL);
    assert.match(normalizeTilesUrl('not a url').warning ?? '', /not a URL/);
  });

  it('builds no URL for a tile outside the grid', () => {
    assert.throws(() => tileUrl('https://t', 'mly1_public', 14, 16384, 0), RangeError);
    assert.throws(() => tileUrl('https://t', 'mly1_public', 14.5, 0, 0), RangeError);
  });

  describe('overzoom', () => {
    it('leaves tiles at or above z14 alone', () => {
      assert.deepEqual(overzoom({ z: 14, x: 3251, y: 6257 }), {
        source: { z: 14, x: 3251, y: 6257 },
        divisions: 1,
        column: 0,
        row: 0,
      });
      assert.deepEqual(overzoom({ z: 3, x: 1, y: 2 }).source, { z: 3, x: 1, y: 2 });
    });

    it('draws a deeper tile from a sub-square of its z14 ancestor', () => {
      const zoomed = overzoom({ z: 16, x: 3251 * 4 + 3, y: 6257 * 4 + 1 });
      assert.deepEqual(zoomed, {
        source: { z: 14, x: 3251, y: 6257 },
        divisions: 4,
        column: 3,
        row: 1,
      });
      assert.deepEqual(overzoomWindow(zoomed), { x0: 3072, y0: 1024, size: 1024 });
      assert.deepEqual(overzoomWindow(overzoom({ z: 15, x: 1, y: 0 }), 512), {
        x0: 256,
        y0: 0,
        size: 256,
      });
    });

    it('covers the ancestor exactly once with its descendants', () => {
      const seen = new Set<string>();
      for (let x = 3251 * 8; x < 3252 * 8; x++) {
        for (let y = 6257 * 8; y < 6258 * 8; y++) {
          const zoomed = overzoom({ z: 17, x, y });
          assert.deepEqual(zoomed.source, { z: 14, x: 3251, y: 6257 });
          seen.add(`${zoomed.column}/${zoomed.row}`);
        }
      }
      assert.equal(seen.size, 64);
    });
  });
});
