import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { decodeTile, inspectTile } from '../../../src/shared/tiles/boundedDecoder';
import type { DecodedLayer, DecodedTile } from '../../../src/shared/tiles/decodedTile';
import { featureParts } from '../../../src/shared/tiles/featureParts';
import { featureProperties, featureProperty } from '../../../src/shared/tiles/featureProperties';
import { tileLocalToLonLat, tileToBbox } from '../../../src/shared/tiles/tileMath';
import { describeWithRealFixtures } from '../../support/fixtures';

const NAMES = ['3251_6257', '3251_6258', '3252_6257', '3252_6258'] as const;

// The wall-clock limit is lifted: a loaded machine must not turn a slow decode into a timeout.
const NO_TIME_LIMIT = { timeLimitMs: Number.POSITIVE_INFINITY };

function decoded(bytes: Uint8Array): DecodedTile {
  const result = decodeTile(bytes, NO_TIME_LIMIT);
  if (!result.ok) assert.fail(`${result.error.reason}: ${result.error.message}`);
  return result.value;
}

function typeCounts(layer: DecodedLayer): number[] {
  const counts = [0, 0, 0, 0];
  for (const feature of layer.features) counts[feature.type] = (counts[feature.type] ?? 0) + 1;
  return counts;
}

// Compares every feature of every layer with @mapbox/vector-tile: geometry (loadGeometry), type,
// properties and id. Returns the number of features compared.
function compareWithVectorTile(bytes: Uint8Array, tile: DecodedTile): number {
  const reference = new VectorTile(new PbfReader(bytes));
  assert.deepEqual(tile.layers.map((l) => l.name).sort(), Object.keys(reference.layers).sort());
  let compared = 0;
  for (const layer of tile.layers) {
    const plain = reference.layers[layer.name];
    assert.ok(plain, layer.name);
    assert.equal(layer.features.length, plain.length);
    assert.equal(layer.extent, plain.extent);
    assert.equal(layer.version, plain.version);
    for (let i = 0; i < plain.length; i++) {
      const expected = plain.feature(i);
      const feature = layer.features[i];
      assert.ok(feature);
      assert.equal(feature.type, expected.type, `${layer.name}[${i}] type`);
      assert.equal(feature.id, expected.id === undefined ? undefined : String(expected.id));
      assert.deepEqual({ ...featureProperties(layer, feature) }, { ...expected.properties });
      const ours = featureParts(layer, feature);
      const theirs = expected.loadGeometry();
      assert.equal(ours.length, theirs.length, `${layer.name}[${i}] parts`);
      for (let p = 0; p < theirs.length; p++) {
        const a = ours[p] ?? [];
        const b = theirs[p] ?? [];
        assert.equal(a.length, b.length, `${layer.name}[${i}] part ${p} length`);
        for (let v = 0; v < b.length; v++) {
          if (a[v]?.x !== b[v]?.x || a[v]?.y !== b[v]?.y) {
            assert.fail(`${layer.name}[${i}] part ${p} vertex ${v} differs`);
          }
        }
      }
      compared++;
    }
  }
  return compared;
}

describeWithRealFixtures('bounded decoder on the real z14 coverage tiles', (dir) => {
  const read = (name: string): Uint8Array =>
    new Uint8Array(readFileSync(path.join(dir, 'tiles', 'mly1_public', '14', `${name}.mvt`)));

  it('decodes each of the four tiles', () => {
    for (const name of NAMES) {
      const tile = decoded(read(name));
      assert.deepEqual(
        tile.layers.map((l) => l.name),
        ['sequence', 'image'],
        name,
      );
      assert.ok(tile.featureCount > 1000, `${name}: ${tile.featureCount} features`);
    }
  });

  it('finds 331 sequences and 31,261 images in 3251_6257, as lines and points', () => {
    const bytes = read('3251_6257');
    assert.equal(bytes.length, 953_786);
    const tile = decoded(bytes);
    const [sequence, image] = tile.layers;
    assert.ok(sequence && image);
    assert.equal(sequence.features.length, 331);
    assert.equal(image.features.length, 31_261);
    assert.deepEqual(typeCounts(sequence), [0, 0, 331, 0]);
    assert.deepEqual(typeCounts(image), [0, 31_261, 0, 0]);
    assert.equal(image.extent, 4096);
    assert.equal(image.version, 2);
    // Sequences cut by the tile edge come as multi-part lines.
    assert.ok(sequence.features.some((f) => f.partEnd - f.partStart > 1));
    assert.equal(tile.featureCount, 331 + 31_261);
    assert.equal(tile.vertexCount, sequence.coords.length / 2 + image.coords.length / 2);
    // Every image feature names its sequence.
    const first = image.features[0];
    assert.ok(first);
    assert.equal(typeof featureProperty(image, first, 'sequence_id'), 'string');
    assert.equal(featureProperty(image, first, 'no such key'), undefined);
  });

  it('gives exactly what @mapbox/vector-tile gives for every feature of 3251_6257', () => {
    const bytes = read('3251_6257');
    assert.equal(compareWithVectorTile(bytes, decoded(bytes)), 31_592);
  });

  it('gives exactly what @mapbox/vector-tile gives for the other three tiles', () => {
    for (const name of NAMES.slice(1)) {
      const bytes = read(name);
      assert.ok(compareWithVectorTile(bytes, decoded(bytes)) > 1000, name);
    }
  });

  it('inspects without geometry and agrees with the full decode', () => {
    for (const name of NAMES) {
      const bytes = read(name);
      const summary = inspectTile(bytes, NO_TIME_LIMIT);
      assert.ok(summary.ok, name);
      const tile = decoded(bytes);
      assert.equal(summary.value.featureCount, tile.featureCount);
      assert.equal(summary.value.vertexCount, tile.vertexCount);
      for (const [i, layer] of summary.value.layers.entries()) {
        const full = tile.layers[i];
        assert.ok(full);
        const counts = typeCounts(full);
        assert.deepEqual(layer.geometryTypes, {
          unknown: counts[0],
          point: counts[1],
          linestring: counts[2],
          polygon: counts[3],
        });
        const used = new Set<string>();
        for (const feature of full.features) {
          for (const key of Object.keys(featureProperties(full, feature))) used.add(key);
        }
        assert.deepEqual(layer.propertyKeys, [...used].sort());
      }
    }
    const summary = inspectTile(read('3251_6257'), NO_TIME_LIMIT);
    assert.ok(summary.ok);
    assert.deepEqual(summary.value.layers[1]?.propertyKeys, [
      'captured_at',
      'compass_angle',
      'id',
      'is_pano',
      'organization_id',
      'sequence_id',
    ]);
  });

  it('places every image of each tile inside that tile on the map', () => {
    for (const name of NAMES) {
      const [x, y] = name.split('_').map(Number) as [number, number];
      const tile = { z: 14, x, y };
      const [minLon, minLat, maxLon, maxLat] = tileToBbox(tile);
      const image = decoded(read(name)).layers.find((l) => l.name === 'image');
      assert.ok(image);
      for (let v = 0; v < image.coords.length; v += 2) {
        const [lon, lat] = tileLocalToLonLat(
          tile,
          image.coords[v] ?? -1,
          image.coords[v + 1] ?? -1,
        );
        assert.ok(lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat, `${name}`);
      }
    }
  });
});
