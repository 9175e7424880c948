import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import fc from 'fast-check';
import { PbfReader } from 'pbf';
import { decodeTile } from '../../../src/shared/tiles/boundedDecoder';
import type { DecodedTile, TileDecodeResult } from '../../../src/shared/tiles/decodedTile';
import { featureParts } from '../../../src/shared/tiles/featureParts';
import { describeWithRealFixtures } from '../../support/fixtures';
import { TILE_DECODE_REASONS } from './boundedDecode';
import { type FeatureSpec, command, tileBytes, zigzag } from './tileBytes';

const REASONS = new Set<string>(TILE_DECODE_REASONS);

// Decodes, checking that the decoder never throws and names a known reason for a refusal. The
// wall-clock limit is lifted, so that a loaded machine cannot turn a slow decode into a timeout.
function checkedDecode(bytes: Uint8Array): TileDecodeResult<DecodedTile> {
  let result: TileDecodeResult<DecodedTile>;
  try {
    result = decodeTile(bytes, { timeLimitMs: Number.POSITIVE_INFINITY });
  } catch (error) {
    assert.fail(`decodeTile threw: ${String(error)}`);
  }
  if (!result.ok) assert.ok(REASONS.has(result.error.reason), result.error.reason);
  return result;
}

// A valid geometry stream: MoveTo/LineTo runs with deltas that keep coordinates small, and an
// optional ClosePath, the way real encoders write points, lines and rings.
const deltaArb = fc.integer({ min: -3000, max: 3000 });
const partArb = fc.record({
  start: fc.tuple(deltaArb, deltaArb),
  line: fc.array(fc.tuple(deltaArb, deltaArb), { maxLength: 6 }),
  close: fc.boolean(),
});
const featureArb: fc.Arbitrary<FeatureSpec> = fc
  .record({
    type: fc.integer({ min: 0, max: 3 }),
    id: fc.option(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { nil: undefined }),
    parts: fc.array(partArb, { minLength: 1, maxLength: 4 }),
    tags: fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { maxLength: 3 }),
  })
  .map(({ type, id, parts, tags }) => {
    const geometry: number[] = [];
    for (const part of parts) {
      geometry.push(command(1, 1), zigzag(part.start[0]), zigzag(part.start[1]));
      if (part.line.length) {
        geometry.push(command(2, part.line.length));
        for (const [dx, dy] of part.line) geometry.push(zigzag(dx), zigzag(dy));
      }
      if (part.close) geometry.push(command(7, 1));
    }
    return { type, id, geometry, tags: tags.flat() };
  });

describe('bounded decoder properties', () => {
  it('returns a tile or a typed error for arbitrary bytes, never throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        checkedDecode(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('returns a tile or a typed error for byte soup that starts like a layer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.nat(2047), (tail, length) => {
        const bytes = new Uint8Array([0x1a, 0x80 | (length & 0x7f), length >> 7, ...tail]);
        checkedDecode(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes any valid tile exactly as @mapbox/vector-tile does', () => {
    fc.assert(
      fc.property(fc.array(featureArb, { minLength: 1, maxLength: 20 }), (features) => {
        const bytes = tileBytes([
          {
            name: 'layer',
            keys: ['a', 'b', 'c'],
            values: [{ string: 'x' }, { double: 1.5 }, { bool: true }],
            features,
          },
        ]);
        const result = checkedDecode(bytes);
        assert.ok(result.ok, result.ok ? '' : result.error.message);
        const layer = result.value.layers[0];
        const reference = new VectorTile(new PbfReader(bytes)).layers.layer;
        assert.ok(layer && reference);
        layer.features.forEach((feature, i) => {
          const expected = reference.feature(i);
          const parts = featureParts(layer, feature);
          assert.deepEqual(
            parts,
            expected.loadGeometry().map((part) => part.map((p) => ({ x: p.x, y: p.y }))),
          );
          assert.equal(feature.type, expected.type);
          assert.equal(feature.id, features[i]?.id?.toString());
        });
      }),
      { numRuns: 300 },
    );
  });
});

describeWithRealFixtures('bounded decoder properties on a mutated real tile', (dir) => {
  const original = new Uint8Array(
    readFileSync(path.join(dir, 'tiles', 'mly1_public', '14', '3252_6258.mvt')),
  );

  type Mutation =
    | { kind: 'flip'; at: number; bit: number }
    | { kind: 'set'; at: number; value: number }
    | { kind: 'delete'; at: number; length: number }
    | { kind: 'insert'; at: number; bytes: Uint8Array };

  const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.nat(255) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat(64) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
  );

  function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
    let out = bytes.slice();
    for (const m of mutations) {
      const at = m.at % Math.max(1, out.length);
      if (m.kind === 'flip') out[at] = (out[at] ?? 0) ^ (1 << m.bit);
      else if (m.kind === 'set') out[at] = m.value;
      else if (m.kind === 'delete')
        out = new Uint8Array([...out.subarray(0, at), ...out.subarray(at + m.length)]);
      else out = new Uint8Array([...out.subarray(0, at), ...m.bytes, ...out.subarray(at)]);
    }
    return out;
  }

  it('returns a tile or a typed error for any mutation, never throwing', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (mutations) => {
        checkedDecode(mutate(original, mutations));
      }),
      { numRuns: 150 },
    );
  });
});
