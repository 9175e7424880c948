import { strict as assert } from 'node:assert';
import { CountryDataset } from '../../emulator/countryDataset';
import { decodeTile } from '../../../src/shared/tiles/boundedDecoder';
import { type DecodedTile } from '../../../src/shared/tiles/decodedTile';
import { featureProperties } from '../../../src/shared/tiles/featureProperties';
import { lonLatToTile, tileLocalToLonLat } from '../../../src/shared/tiles/tileMath';

const NICOSIA: [number, number] = [33.3642, 35.1725];
const TROODOS: [number, number] = [32.8628, 34.9267];
// On the Nicosia-Limassol road, far from both towns.
const ROAD: [number, number] = [33.2028, 34.9283];
// The middle of the sea south of the island.
const SEA: [number, number] = [33.3, 34.55];

function decode(bytes: Uint8Array | undefined): DecodedTile {
  assert.ok(bytes, 'the tile exists');
  const decoded = decodeTile(bytes);
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.error.message);
  return decoded.value;
}

function layer(tile: DecodedTile, name: string) {
  return tile.layers.find((l) => l.name === name);
}

function values(tile: DecodedTile, name: string, key: string): Set<string> {
  const out = new Set<string>();
  const l = layer(tile, name);
  for (const f of l?.features ?? []) out.add(String(featureProperties(l!, f)[key]));
  return out;
}

describe('country dataset', () => {
  it('builds nothing up front, and a z14 tile generates only its own and neighbouring cells', () => {
    const dataset = new CountryDataset({ seed: 1 });
    assert.deepEqual(dataset.stats(), { cellsGenerated: 0, cellsCached: 0, tilesRendered: 0 });
    const { x, y } = lonLatToTile(...NICOSIA, 14);
    const tile = decode(dataset.tile('mly1_public', 14, x, y));
    assert.ok((layer(tile, 'image')?.features.length ?? 0) > 1000, 'a city-centre tile is dense');
    const stats = dataset.stats();
    assert.ok(
      stats.cellsGenerated > 0 && stats.cellsGenerated <= 9,
      `${stats.cellsGenerated} cells`,
    );
    // A bounded cache keeps memory flat however much is read.
    const small = new CountryDataset({ seed: 1, cacheCells: 16 });
    const z8 = lonLatToTile(...NICOSIA, 8);
    decode(small.tile('mly1_public', 8, z8.x, z8.y));
    assert.ok(small.stats().cellsGenerated > 100);
    assert.ok(small.stats().cellsCached <= 16);
  });

  it('gives the same bytes for the same seed, whatever was read before or evicted, and others for another', () => {
    const a = new CountryDataset({ seed: 1 });
    const b = new CountryDataset({ seed: 1, cacheCells: 4 });
    const other = new CountryDataset({ seed: 2 });
    for (const z of [14, 11, 7]) {
      const { x, y } = lonLatToTile(...NICOSIA, z);
      // Read something else first on one side only.
      const road = lonLatToTile(...ROAD, 14);
      b.tile('mly1_public', 14, road.x, road.y);
      const first = a.tile('mly1_public', z, x, y);
      assert.deepEqual(b.tile('mly1_public', z, x, y), first, `z${z}`);
      assert.deepEqual(a.tile('mly1_public', z, x, y), first, `z${z} again`);
      assert.notDeepEqual(other.tile('mly1_public', z, x, y), first, `z${z} other seed`);
    }
  });

  it('puts every sequence of a z14 tile in the sequence layer of each ancestor down to z6', () => {
    const dataset = new CountryDataset({ seed: 3 });
    const seen = new Map<string, Set<string>>();
    const sequenceIds = (z: number, x: number, y: number): Set<string> => {
      const key = `${z}/${x}/${y}`;
      let ids = seen.get(key);
      if (!ids) {
        ids = values(decode(dataset.tile('mly1_public', z, x, y)), 'sequence', 'id');
        seen.set(key, ids);
      }
      return ids;
    };
    let checked = 0;
    for (const place of [NICOSIA, TROODOS, ROAD]) {
      const centre = lonLatToTile(...place, 14);
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
      ] as const) {
        const x = centre.x + dx;
        const y = centre.y + dy;
        const tile = decode(dataset.tile('mly1_public', 14, x, y));
        const ids = values(tile, 'sequence', 'id');
        for (const id of values(tile, 'image', 'sequence_id')) {
          assert.ok(ids.has(id), `image layer's ${id} is in the sequence layer`);
        }
        for (let z = 13; z >= 6; z--) {
          const above = sequenceIds(z, x >> (14 - z), y >> (14 - z));
          for (const id of ids) assert.ok(above.has(id), `${id} of 14/${x}/${y} is at z${z}`);
        }
        checked += ids.size;
      }
    }
    assert.ok(checked > 50, `${checked} sequences checked`);
  });

  it('serves the documented layers and properties, and empty tiles where nothing is', () => {
    const dataset = new CountryDataset({ seed: 1 });
    const { x, y } = lonLatToTile(...NICOSIA, 14);
    const tile = decode(dataset.tile('mly1_computed_public', 14, x, y));
    const keys = (name: string): string[] => {
      const l = layer(tile, name);
      const seen = new Set<string>();
      for (const f of l?.features ?? [])
        for (const k of Object.keys(featureProperties(l!, f))) seen.add(k);
      return [...seen].sort();
    };
    assert.deepEqual(keys('sequence'), [
      'captured_at',
      'creator_id',
      'id',
      'image_id',
      'is_pano',
      'organization_id',
    ]);
    assert.deepEqual(keys('image'), [
      'captured_at',
      'compass_angle',
      'creator_id',
      'id',
      'is_pano',
      'organization_id',
      'sequence_id',
    ]);
    const low = lonLatToTile(...NICOSIA, 4);
    assert.deepEqual(
      decode(dataset.tile('mly1_public', 4, low.x, low.y)).layers.map((l) => l.name),
      ['overview'],
    );
    const sea = lonLatToTile(...SEA, 14);
    assert.equal(dataset.tile('mly1_public', 14, sea.x, sea.y)?.length, 0);
    assert.equal(dataset.tile('mly1_public', 14, 0, 0)?.length, 0);
    assert.equal(dataset.tile('mly_map_feature_point', 14, x, y)?.length, 0);
    assert.equal(dataset.tile('mly1_public', 15, x, y), undefined);
    assert.equal(dataset.tile('nope', 14, x, y), undefined);
    assert.equal(dataset.tile('mly1_public', 2, 4, 0), undefined);
  });

  it('finds the images and sequences of a tile by id, in capture order, and nothing for unknown ids', () => {
    const dataset = new CountryDataset({ seed: 1 });
    const at = lonLatToTile(...NICOSIA, 14);
    const tile = decode(dataset.tile('mly1_public', 14, at.x, at.y));
    const images = layer(tile, 'image');
    assert.ok(images);
    for (const f of images.features.slice(0, 200)) {
      const p = featureProperties(images, f);
      const record = dataset.image(String(p.id));
      assert.ok(record, `image ${p.id}`);
      assert.equal(record.sequenceId, p.sequence_id);
      assert.equal(record.capturedAt, p.captured_at);
      assert.equal(
        record.organizationId,
        p.organization_id === undefined ? undefined : String(p.organization_id),
      );
      const v = images.partStarts[f.partStart] ?? 0;
      const [lon, lat] = tileLocalToLonLat(
        at,
        images.coords[2 * v] ?? 0,
        images.coords[2 * v + 1] ?? 0,
      );
      assert.ok(Math.abs(lon - record.lon) < 1e-5 && Math.abs(lat - record.lat) < 1e-5);
      const seq = dataset.sequence(record.sequenceId);
      assert.ok(seq);
      assert.equal(seq.imageIds[record.index], record.id);
    }
    const anyImage = String(featureProperties(images, images.features[0]!).id);
    const record = dataset.image(anyImage)!;
    const seq = dataset.sequence(record.sequenceId)!;
    const times = seq.imageIds.map((id) => dataset.image(id)!.capturedAt);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.equal(dataset.image('1000000000000001'), undefined);
    assert.equal(dataset.image('12345'), undefined);
    assert.equal(dataset.sequence(`${record.sequenceId.slice(0, 21)}x`), undefined);
    assert.equal(dataset.sequence('zzzzzzzzzzzzzzzzzzzzzz'), undefined);
    const found: string[] = [];
    dataset.forEachImageIn(
      record.lon - 1e-4,
      record.lat - 1e-4,
      record.lon + 1e-4,
      record.lat + 1e-4,
      (i) => {
        found.push(i.id);
      },
    );
    assert.ok(found.includes(record.id));
  });
});
