import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { readAreaFile } from '../../../src/core/geo/areaFile';
import { AreaError, areaFromBbox, pointInArea } from '../../../src/shared/geo/area';
import { areaFromGeoJson } from '../../../src/shared/geo/areaGeoJson';
import { areaTileCounts, areaTilesAtZoom, classifyTile } from '../../../src/shared/geo/areaTiles';
import { countTilesCoveringBbox, tileToBbox } from '../../../src/shared/tiles/tileMath';

/** A rough outline of an island the size of Cyprus, with a lake-sized hole. */
const island = {
  type: 'Polygon',
  coordinates: [
    [
      [32.27, 34.7],
      [33.0, 34.56],
      [34.1, 34.95],
      [34.6, 35.69],
      [33.9, 35.3],
      [32.9, 35.4],
      [32.3, 35.1],
      [32.27, 34.7],
    ],
    [
      [33.2, 35.0],
      [33.4, 35.0],
      [33.4, 35.1],
      [33.2, 35.0],
    ],
  ],
};

describe('tiles of an area', () => {
  it('counts a bbox area exactly like the bbox tile cover, at every zoom (property)', () => {
    // tileMath treats positions within 1e-9 of a tile's edge as on it; keep corners off the edges.
    const degrees = (max: number) =>
      fc.integer({ min: -max * 1e4, max: max * 1e4 }).map((n) => n * 1e-4 + 3.7e-6);
    fc.assert(
      fc.property(
        degrees(170),
        degrees(70),
        fc.integer({ min: 10, max: 15_000 }),
        fc.integer({ min: 10, max: 15_000 }),
        (w, s, width, height) => {
          const bbox = [w, s, w + width * 1e-4, s + height * 1e-4] as const;
          const counts = areaTileCounts(areaFromBbox(bbox), 13);
          for (let z = 0; z <= 13; z++) {
            assert.equal(counts[z], countTilesCoveringBbox(bbox, z), `zoom ${z}`);
          }
        },
      ),
      { numRuns: 40, seed: 6 },
    );
  });

  it('lists the tiles of a shape, each placed as classifyTile places it', () => {
    const area = areaFromGeoJson(island);
    const counts = areaTileCounts(area, 14);
    const bboxCount = countTilesCoveringBbox(area.bbox, 14);
    assert.ok((counts[14] ?? 0) < bboxCount, `${counts[14]} of ${bboxCount}`);
    assert.ok((counts[14] ?? 0) > bboxCount / 4);
    for (const z of [6, 9, 11]) {
      const tiles = areaTilesAtZoom(area, z, 100_000);
      assert.equal(tiles.length, counts[z]);
      for (const { tile, placement } of tiles) assert.equal(classifyTile(area, tile), placement);
      // The listed tiles hold every sampled point of the area, and no tile is listed twice.
      assert.equal(new Set(tiles.map((t) => `${t.tile.x}/${t.tile.y}`)).size, tiles.length);
    }
    const z10 = new Set(areaTilesAtZoom(area, 10, 100_000).map((t) => `${t.tile.x}/${t.tile.y}`));
    for (let lon = 32.2; lon < 34.7; lon += 0.05) {
      for (let lat = 34.5; lat < 35.8; lat += 0.05) {
        if (!pointInArea(area, lon, lat)) continue;
        const x = Math.floor(((lon + 180) / 360) * 1024);
        const r = (lat * Math.PI) / 180;
        const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 1024);
        assert.ok(z10.has(`${x}/${y}`), `${lon},${lat} is in a listed tile`);
      }
    }
    assert.throws(() => areaTilesAtZoom(area, 14, 100), /more than 100 tiles at zoom 14/);
  });

  it('places a tile in a hole outside, and one along the outline partly in', () => {
    const area = areaFromGeoJson({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
        [
          [2, 2],
          [8, 2],
          [8, 8],
          [2, 8],
          [2, 2],
        ],
      ],
    });
    const hole = { z: 8, x: 128 + 3, y: 128 - 4 };
    const bbox = tileToBbox(hole);
    assert.ok(bbox[0] > 2 && bbox[2] < 8 && bbox[1] > 2 && bbox[3] < 8);
    assert.equal(classifyTile(area, hole), 'outside');
    assert.equal(classifyTile(area, { z: 4, x: 8, y: 7 }), 'partial');
  });
});

describe('area files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mly-area-'));
    await mkdir(path.join(dir, 'ws'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a GeoJSON file inside the root', async () => {
    const file = path.join(dir, 'ws', 'island.geojson');
    await writeFile(file, JSON.stringify({ type: 'Feature', properties: {}, geometry: island }));
    const area = await readAreaFile(file, { root: path.join(dir, 'ws') });
    assert.equal(area.polygons.length, 1);
    assert.ok(pointInArea(area, 33, 35));
  });

  it('refuses files outside the root, links out of it, large, missing, binary or invalid ones', async () => {
    const outside = path.join(dir, 'outside.geojson');
    await writeFile(outside, JSON.stringify(island));
    const link = path.join(dir, 'ws', 'link.geojson');
    await symlink(outside, link);
    const big = path.join(dir, 'ws', 'big.geojson');
    await writeFile(big, ' '.repeat(2000) + JSON.stringify(island));
    const binary = path.join(dir, 'ws', 'binary.geojson');
    await writeFile(binary, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    const bad = path.join(dir, 'ws', 'bad.geojson');
    await writeFile(bad, JSON.stringify({ type: 'Point', coordinates: [1, 2] }));
    const root = path.join(dir, 'ws');
    const cases: [string, object, RegExp][] = [
      [outside, { root }, /outside\.geojson is outside .*: put it in that folder/],
      [link, { root }, /link\.geojson is outside/],
      [big, { maxBytes: 1000 }, /big\.geojson is \d+ bytes; at most 1000 are read/],
      [path.join(dir, 'ws', 'none.geojson'), {}, /none\.geojson does not exist/],
      [path.join(dir, 'ws'), {}, /ws is not a regular file/],
      [binary, {}, /binary\.geojson is not UTF-8/],
      [bad, {}, /^bad\.geojson: The GeoJSON is a Point/],
    ];
    for (const [file, options, pattern] of cases) {
      await assert.rejects(
        readAreaFile(file, options),
        (error: unknown) => error instanceof AreaError && pattern.test(error.message),
        file,
      );
    }
  });
});
