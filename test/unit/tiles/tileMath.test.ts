import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  MAX_MERCATOR_LAT,
  countTilesCoveringBbox,
  latToTileY,
  lonLatToTile,
  lonToTileX,
  tileLocalToLonLat,
  tileToBbox,
  tileXToLon,
  tileYToLat,
  tilesCoveringBbox,
} from '../../../src/shared/tiles/tileMath';

const close = (actual: number, expected: number, tolerance = 1e-9): void =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${actual} is not within ${tolerance} of ${expected}`,
  );

describe('tileMath', () => {
  describe('lonLatToTile', () => {
    it('gives the known tiles at low zooms', () => {
      assert.deepEqual(lonLatToTile(0, 0, 0), { z: 0, x: 0, y: 0 });
      assert.deepEqual(lonLatToTile(0.001, -0.001, 1), { z: 1, x: 1, y: 1 });
      assert.deepEqual(lonLatToTile(-0.001, 0.001, 1), { z: 1, x: 0, y: 0 });
      // Berlin's well-known z10 tile.
      assert.deepEqual(lonLatToTile(13.4, 52.52, 10), { z: 10, x: 550, y: 335 });
    });

    it('puts Grand Junction, Colorado in the z14 tile of the recorded fixtures', () => {
      assert.deepEqual(lonLatToTile(-108.56, 39.07, 14), { z: 14, x: 3251, y: 6257 });
      assert.deepEqual(lonLatToTile(-108.53, 39.05, 14), { z: 14, x: 3252, y: 6258 });
    });

    it('clamps the poles and keeps the east edge and the south limit in the last tile', () => {
      assert.deepEqual(lonLatToTile(-180, 90, 3), { z: 3, x: 0, y: 0 });
      assert.deepEqual(lonLatToTile(180, -90, 3), { z: 3, x: 7, y: 7 });
      assert.deepEqual(lonLatToTile(180, -MAX_MERCATOR_LAT, 14), { z: 14, x: 16383, y: 16383 });
    });

    it('refuses bad zooms and non-finite coordinates', () => {
      assert.throws(() => lonLatToTile(0, 0, 31), RangeError);
      assert.throws(() => lonLatToTile(0, 0, 1.5), RangeError);
      assert.throws(() => lonLatToTile(Number.NaN, 0, 3), RangeError);
      assert.throws(() => lonLatToTile(0, Infinity, 3), RangeError);
    });

    it('finds a tile whose bbox contains the point, for any point and zoom', () => {
      fc.assert(
        fc.property(
          fc.double({ min: -180, max: 180, noNaN: true }),
          fc.double({ min: -85, max: 85, noNaN: true }),
          fc.integer({ min: 0, max: 22 }),
          (lon, lat, z) => {
            const tile = lonLatToTile(lon, lat, z);
            const [minLon, minLat, maxLon, maxLat] = tileToBbox(tile);
            // lonLatToTile snaps positions within 1e-9 of a tile edge onto the edge; in degrees that
            // is at most 1e-9 of a tile's width (a tile is never taller in latitude than wide).
            const slack = (1e-9 * 360) / 2 ** z + 1e-12;
            return (
              lon >= minLon - slack &&
              lon <= maxLon + slack &&
              lat >= minLat - slack &&
              lat <= maxLat + slack
            );
          },
        ),
      );
    });
  });

  it('converts fractional tile positions back and forth', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -85.05, max: 85.05, noNaN: true }),
        fc.integer({ min: 0, max: 20 }),
        (lon, lat, z) => {
          close(tileXToLon(lonToTileX(lon, z), z), lon, 1e-7);
          close(tileYToLat(latToTileY(lat, z), z), lat, 1e-7);
        },
      ),
    );
  });

  describe('tileToBbox', () => {
    it('gives the whole Mercator world at z0', () => {
      const [minLon, minLat, maxLon, maxLat] = tileToBbox({ z: 0, x: 0, y: 0 });
      assert.equal(minLon, -180);
      assert.equal(maxLon, 180);
      close(maxLat, MAX_MERCATOR_LAT, 1e-9);
      close(minLat, -MAX_MERCATOR_LAT, 1e-9);
    });

    it('gives the recorded tile 14/3251/6257 its place in Grand Junction', () => {
      const [minLon, minLat, maxLon, maxLat] = tileToBbox({ z: 14, x: 3251, y: 6257 });
      close(minLon, -108.56689453125);
      close(maxLon, -108.544921875);
      assert.ok(minLat < 39.07 && 39.07 < maxLat, `${minLat}..${maxLat}`);
      assert.ok(minLon < -108.56 && -108.56 < maxLon);
      // -108.57 is 0.003° west of this tile's edge: it lies in column 3250.
      assert.ok(-108.57 < minLon);
    });

    it('refuses addresses outside the zoom level', () => {
      assert.throws(() => tileToBbox({ z: 2, x: 4, y: 0 }), RangeError);
      assert.throws(() => tileToBbox({ z: 2, x: 0, y: -1 }), RangeError);
    });
  });

  it('maps tile-local coordinates to the tile corners and centre', () => {
    const tile = { z: 14, x: 3251, y: 6257 };
    const [minLon, minLat, maxLon, maxLat] = tileToBbox(tile);
    assert.deepEqual(tileLocalToLonLat(tile, 0, 0), [minLon, maxLat]);
    const [lon, lat] = tileLocalToLonLat(tile, 4096, 4096);
    close(lon, maxLon);
    close(lat, minLat);
    const [midLon, midLat] = tileLocalToLonLat(tile, 2048, 2048, 4096);
    assert.deepEqual(lonLatToTile(midLon, midLat, 14), { z: 14, x: 3251, y: 6257 });
    const [halfLon] = tileLocalToLonLat(tile, 256, 0, 512);
    close(halfLon, (minLon + maxLon) / 2);
  });

  describe('tilesCoveringBbox', () => {
    it('covers a tiny bbox with the one tile around it', () => {
      const tiles = tilesCoveringBbox([-108.561, 39.069, -108.5605, 39.0695]);
      assert.deepEqual(tiles, [{ z: 14, x: 3251, y: 6257 }]);
    });

    it('covers a bbox equal to a tile with that tile alone: edges do not pull in neighbours', () => {
      for (const tile of [
        { z: 14, x: 3251, y: 6257 },
        { z: 14, x: 0, y: 0 },
        { z: 14, x: 16383, y: 16383 },
        { z: 9, x: 100, y: 200 },
      ]) {
        const bbox = tileToBbox(tile);
        assert.deepEqual(tilesCoveringBbox(bbox, tile.z), [tile]);
        assert.equal(countTilesCoveringBbox(bbox, tile.z), 1);
      }
    });

    it('covers the four recorded tiles with their joint bbox, north-west first', () => {
      const [minLon, , , maxLat] = tileToBbox({ z: 14, x: 3251, y: 6257 });
      const [, minLat, maxLon] = tileToBbox({ z: 14, x: 3252, y: 6258 });
      assert.deepEqual(tilesCoveringBbox([minLon, minLat, maxLon, maxLat]), [
        { z: 14, x: 3251, y: 6257 },
        { z: 14, x: 3252, y: 6257 },
        { z: 14, x: 3251, y: 6258 },
        { z: 14, x: 3252, y: 6258 },
      ]);
    });

    it('covers a point on a tile corner with one tile', () => {
      const [minLon, , , maxLat] = tileToBbox({ z: 14, x: 3252, y: 6258 });
      assert.deepEqual(tilesCoveringBbox([minLon, maxLat, minLon, maxLat]), [
        { z: 14, x: 3252, y: 6258 },
      ]);
    });

    it('splits a bbox that crosses the antimeridian into both ends of the row', () => {
      const tiles = tilesCoveringBbox([179.9, -0.1, -179.9, 0.1], 4);
      assert.deepEqual(
        tiles.map((t) => `${t.x}/${t.y}`),
        ['15/7', '0/7', '15/8', '0/8'],
      );
      assert.equal(countTilesCoveringBbox([179.9, -0.1, -179.9, 0.1], 4), 4);
    });

    it('agrees with its count and contains every tile it lists exactly once', () => {
      fc.assert(
        fc.property(
          fc.double({ min: -180, max: 180, noNaN: true }),
          fc.double({ min: -85, max: 85, noNaN: true }),
          fc.double({ min: 0, max: 0.2, noNaN: true }),
          fc.double({ min: 0, max: 0.2, noNaN: true }),
          (lon, lat, w, h) => {
            const bbox = [lon, lat, Math.min(180, lon + w), Math.min(85, lat + h)] as const;
            const tiles = tilesCoveringBbox(bbox, 12);
            assert.equal(tiles.length, countTilesCoveringBbox(bbox, 12));
            assert.equal(new Set(tiles.map((t) => `${t.x}/${t.y}`)).size, tiles.length);
            const corner = lonLatToTile(bbox[0], bbox[3], 12);
            assert.ok(tiles.some((t) => t.x === corner.x && t.y === corner.y));
          },
        ),
      );
    });

    it('refuses absurd areas before listing anything', () => {
      const world = [-180, -85, 180, 85] as const;
      assert.ok(countTilesCoveringBbox(world) > 200_000_000);
      assert.throws(() => tilesCoveringBbox(world), /limit is 4096/);
      assert.equal(tilesCoveringBbox(world, 2).length, 16);
    });

    it('refuses inverted latitudes and non-finite numbers', () => {
      assert.throws(() => tilesCoveringBbox([0, 10, 1, 5]), RangeError);
      assert.throws(() => tilesCoveringBbox([0, Number.NaN, 1, 5]), RangeError);
    });
  });
});
