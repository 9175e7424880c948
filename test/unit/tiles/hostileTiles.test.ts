// The bounded decoder on hostile tiles: counts and lengths claiming more than the bytes hold, tags
// and values out of range, 64-bit numbers, and the caps on vertices, features, layers and time.
import { strict as assert } from 'node:assert';
import { PbfWriter } from 'pbf';
import { DEFAULT_DECODE_LIMITS } from '../../../src/shared/tiles/boundedDecoder';
import { featureProperties } from '../../../src/shared/tiles/featureProperties';
import { bounded, expectFailure } from './boundedDecode';
import { type FeatureSpec, command, tileBytes, zigzag } from './tileBytes';

const oneFeature = (feature: FeatureSpec): Uint8Array =>
  tileBytes([{ name: 'l', features: [{ type: 2, ...feature }] }]);

describe('bounded decoder on hostile input', () => {
  it('refuses a MoveTo that claims 2^28 vertices in a few bytes, before reading them', () => {
    expectFailure(oneFeature({ geometry: [command(1, 2 ** 28), 2, 2] }), 'corrupt', /claims/);
    expectFailure(oneFeature({ geometry: [command(1, 2 ** 29 - 1), 2, 2] }), 'corrupt', /claims/);
  });

  it('refuses a LineTo run longer than the per-feature cap without building it', () => {
    const count = DEFAULT_DECODE_LIMITS.maxVerticesPerFeature + 10;
    const geometry = [command(1, 1), 0, 0, command(2, count)];
    for (let i = 0; i < count; i++) geometry.push(2, 2);
    expectFailure(oneFeature({ geometry }), 'too-many-vertices', /limit is 200000/);
  });

  it('refuses a ClosePath repeated 2^28 times (one byte that would be millions of points)', () => {
    expectFailure(
      oneFeature({ geometry: [command(1, 1), 0, 0, command(7, 2 ** 28)] }),
      'too-many-vertices',
    );
  });

  it('enforces the per-tile vertex cap across features', () => {
    // Each feature is 8 bytes of geometry worth 200,000 vertices: 11 of them exceed 2,000,000.
    const feature = { type: 3, geometry: [command(1, 1), 0, 0, command(7, 199_999)] };
    const bytes = tileBytes([{ name: 'l', features: Array.from({ length: 11 }, () => feature) }]);
    expectFailure(bytes, 'too-many-vertices', /tile has more than 2000000/);
    const ten = tileBytes([{ name: 'l', features: Array.from({ length: 10 }, () => feature) }]);
    const result = bounded(ten);
    assert.ok(result.ok);
    assert.equal(result.value.vertexCount, 2_000_000);
  });

  it('refuses geometry whose length prefix claims more than the data holds', () => {
    const pbf = new PbfWriter();
    pbf.writeMessage(
      3,
      (_: null, layer: PbfWriter) => {
        layer.writeTag(1, 2);
        layer.writeString('l');
        layer.writeMessage(
          2,
          (__: null, feature: PbfWriter) => {
            feature.writeTag(4, 2);
            feature.writeVarint(1_000_000);
            feature.writeVarint(command(1, 1));
          },
          null,
        );
      },
      null,
    );
    const bytes = pbf.finish().slice();
    const result = bounded(bytes);
    assert.ok(!result.ok);
    assert.equal(result.error.reason, 'truncated', result.error.message);
    assert.match(result.error.message, /announces 1000000 bytes/);
  });

  it('refuses a tile whose last layer is cut short as truncated', () => {
    const bytes = tileBytes([{ name: 'layer', features: [{ type: 1, geometry: [9, 50, 34] }] }]);
    expectFailure(bytes.subarray(0, bytes.length - 3), 'truncated');
  });

  it('refuses a parameter that runs past the end of its geometry', () => {
    expectFailure(oneFeature({ geometry: [command(1, 1), 2] }), 'corrupt');
  });

  it('refuses unknown commands, geometry types and wire types', () => {
    expectFailure(oneFeature({ geometry: [command(3, 1), 0, 0] }), 'corrupt', /command 3/);
    expectFailure(oneFeature({ type: 9, geometry: [9, 0, 0] }), 'corrupt', /geometry type 9/);
    expectFailure(new Uint8Array([0x1b, 0x00]), 'corrupt', /wire type 3/);
  });

  it('refuses tags that point beyond the tables or lack a value', () => {
    const layer = { name: 'l', keys: ['k'], values: [{ string: 'v' }] };
    const tile = (tags: number[]) =>
      tileBytes([{ ...layer, features: [{ type: 1, tags, geometry: [9, 0, 0] }] }]);
    assert.ok(bounded(tile([0, 0])).ok);
    expectFailure(tile([1, 0]), 'corrupt', /beyond the layer's tables/);
    expectFailure(tile([0, 5]), 'corrupt', /beyond the layer's tables/);
    expectFailure(tile([0, 0, 0]), 'corrupt', /key without a value/);
  });

  it('keeps a "__proto__" key as a plain property', () => {
    const bytes = tileBytes([
      {
        name: 'l',
        keys: ['__proto__', 'constructor'],
        values: [{ string: 'polluted' }],
        features: [{ type: 1, tags: [0, 0, 1, 0], geometry: [9, 0, 0] }],
      },
    ]);
    const result = bounded(bytes);
    assert.ok(result.ok);
    const layer = result.value.layers[0];
    const feature = layer?.features[0];
    assert.ok(layer && feature);
    const properties = featureProperties(layer, feature);
    assert.equal(Object.getPrototypeOf(properties), null);
    assert.deepEqual(Object.keys(properties), ['__proto__', 'constructor']);
    assert.equal(properties['__proto__'], 'polluted');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses an empty value and a zero extent', () => {
    const pbf = new PbfWriter();
    pbf.writeMessage(
      3,
      (_: null, layer: PbfWriter) => {
        layer.writeTag(1, 2);
        layer.writeString('l');
        layer.writeMessage(4, () => undefined, null);
      },
      null,
    );
    expectFailure(pbf.finish().slice(), 'corrupt', /value is empty/);
    expectFailure(
      tileBytes([{ name: 'l', extent: 0, features: [{ type: 1, geometry: [9, 0, 0] }] }]),
      'corrupt',
      /extent 0/,
    );
  });

  it('refuses coordinates that leave the 32-bit range', () => {
    const big = zigzag(2 ** 31 - 1);
    expectFailure(
      oneFeature({ geometry: [command(1, 1), big, 0, command(2, 1), big, 0] }),
      'corrupt',
      /32-bit/,
    );
  });

  it('caps features and layers', () => {
    const features = Array.from({ length: 11 }, () => ({ type: 1, geometry: [9, 0, 0] }));
    expectFailure(tileBytes([{ name: 'l', features }]), 'too-many-features', /10 features/, {
      maxFeaturesPerTile: 10,
    });
    const layers = Array.from({ length: 5 }, (_, i) => ({ name: `l${i}`, features: [] }));
    expectFailure(tileBytes(layers), 'too-many-features', /4 layers/, { maxLayers: 4 });
  });

  it('refuses JSON, HTML and gzip bodies as not a tile, and accepts an empty body', () => {
    expectFailure(new TextEncoder().encode('{"error":{"code":190}}'), 'not-a-tile', /JSON/);
    expectFailure(new TextEncoder().encode('<html>'), 'not-a-tile', /HTML/);
    expectFailure(new Uint8Array([0x1f, 0x8b, 8, 0]), 'not-a-tile', /gzip/);
    const empty = bounded(new Uint8Array(0));
    assert.ok(empty.ok);
    assert.deepEqual(empty.value.layers, []);
  });

  it('reads 64-bit ids and integer values exactly', () => {
    const bytes = tileBytes([
      {
        name: 'image',
        keys: ['a', 'b', 'c', 'd', 'e'],
        values: [
          { int: -5n },
          { uint: 2n ** 64n - 1n },
          { sint: -(2n ** 60n) },
          { int: 2n ** 53n + 1n },
          { uint: 123n },
        ],
        features: [
          {
            id: 2n ** 53n + 1n,
            type: 1,
            tags: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4],
            geometry: [9, 0, 0],
          },
          { id: 4235112816526838n, type: 1, geometry: [9, 0, 0] },
          { type: 1, geometry: [9, 0, 0] },
        ],
      },
    ]);
    const result = bounded(bytes);
    assert.ok(result.ok);
    const layer = result.value.layers[0];
    assert.ok(layer);
    assert.deepEqual(
      layer.features.map((f) => f.id),
      ['9007199254740993', '4235112816526838', undefined],
    );
    assert.deepEqual(layer.values, [
      -5,
      '18446744073709551615',
      '-1152921504606846976',
      '9007199254740993',
      123,
    ]);
  });

  it('stops at the time limit', () => {
    const features = Array.from({ length: 50 }, () => ({ type: 1, geometry: [9, 0, 0] }));
    expectFailure(tileBytes([{ name: 'l', features }]), 'timeout', /took over/, {
      timeLimitMs: -1,
      checkTimeEvery: 1,
    });
  });
});
