// Decoder benchmark: the bounded decoder against plain @mapbox/vector-tile on the real 954 KB z14
// tile (same process, same run, alternating order, medians after warm-up), and the worst time and
// memory of the bounded decoder over a seeded corpus of damaged and hostile inputs.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import fc from 'fast-check';
import { PbfReader, PbfWriter } from 'pbf';
import { decodeTile, inspectTile } from '../src/shared/tiles/boundedDecoder';
import { realFixturesDir } from '../test/support/fixtures';

type Figures = Record<string, number | string>;

const WARMUP_RUNS = 5;
const MEASURED_RUNS = 21;
const CORPUS_SIZE = 2000;
const SEED = 20210601;
const MIB = 1024 * 1024;

const collectGarbage = (globalThis as { gc?: () => void }).gc;

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function timed(fn: () => unknown): number {
  collectGarbage?.();
  const started = performance.now();
  fn();
  return performance.now() - started;
}

// What the map would otherwise do: every feature's geometry through loadGeometry().
function plainDecode(bytes: Uint8Array): number {
  const tile = new VectorTile(new PbfReader(bytes));
  let parts = 0;
  for (const name of Object.keys(tile.layers)) {
    const layer = tile.layers[name];
    if (!layer) continue;
    for (let i = 0; i < layer.length; i++) parts += layer.feature(i).loadGeometry().length;
  }
  return parts;
}

function boundedDecode(bytes: Uint8Array): number {
  const result = decodeTile(bytes);
  if (!result.ok) throw new Error(`the real tile failed to decode: ${result.error.message}`);
  return result.value.vertexCount;
}

// A tile of one layer whose features carry raw, often absurd, geometry command streams.
function hostileTile(streams: number[][]): Uint8Array {
  const pbf = new PbfWriter();
  pbf.writeMessage(
    3,
    (_: null, layer: PbfWriter) => {
      layer.writeTag(1, 2);
      layer.writeString('l');
      for (const geometry of streams) {
        layer.writeMessage(
          2,
          (__: null, feature: PbfWriter) => {
            feature.writeTag(3, 0);
            feature.writeVarint(2);
            feature.writePackedVarint(4, geometry);
          },
          null,
        );
      }
    },
    null,
  );
  return pbf.finish().slice();
}

function corpus(seedTile: Uint8Array): Uint8Array[] {
  const mutated = fc
    .array(fc.record({ at: fc.nat(seedTile.length - 1), value: fc.nat(255), cut: fc.boolean() }), {
      minLength: 1,
      maxLength: 8,
    })
    .map((mutations) => {
      let out = seedTile.slice();
      for (const { at, value, cut } of mutations) {
        if (cut) out = out.subarray(0, Math.min(out.length, at));
        else if (at < out.length) out[at] = value;
      }
      return out;
    });
  const soup = fc.uint8Array({ maxLength: 64 * 1024 });
  const commandArb = fc.oneof(
    fc.nat(2 ** 29 - 1).map((count) => count * 8 + 1),
    fc.nat(2 ** 29 - 1).map((count) => count * 8 + 2),
    fc.nat(2 ** 29 - 1).map((count) => count * 8 + 7),
    fc.nat(2 ** 32 - 1),
  );
  const hostile = fc
    .array(fc.array(commandArb, { minLength: 1, maxLength: 64 }), { minLength: 1, maxLength: 50 })
    // Each stream opens with a real MoveTo, so LineTo and ClosePath counts add vertices.
    .map((streams) => hostileTile(streams.map((stream) => [9, 0, 0, ...stream])));
  const draw = (arb: fc.Arbitrary<Uint8Array>, n: number, offset: number) =>
    fc.sample(arb, { numRuns: n, seed: SEED + offset });
  return [
    ...draw(mutated, CORPUS_SIZE / 2, 0),
    ...draw(soup, (CORPUS_SIZE * 3) / 10, 1),
    ...draw(hostile, CORPUS_SIZE / 5, 2),
  ];
}

/** Runs the benchmark and returns its figures (milliseconds, percent, MiB, counts). */
export async function run(): Promise<Figures> {
  const dir = realFixturesDir();
  if (!dir) return { skipped: '../shared/fixtures/real/ is absent (set MAPILLARY_REAL_FIXTURES)' };
  const tiles = path.join(dir, 'tiles', 'mly1_public', '14');
  const real = new Uint8Array(readFileSync(path.join(tiles, '3251_6257.mvt')));
  const small = new Uint8Array(readFileSync(path.join(tiles, '3252_6258.mvt')));

  for (let i = 0; i < WARMUP_RUNS; i++) {
    plainDecode(real);
    boundedDecode(real);
    inspectTile(real);
  }
  const plain: number[] = [];
  const ours: number[] = [];
  const inspect: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    // Alternate which goes first so neither always runs on the other's garbage.
    if (i % 2 === 0) {
      plain.push(timed(() => plainDecode(real)));
      ours.push(timed(() => boundedDecode(real)));
    } else {
      ours.push(timed(() => boundedDecode(real)));
      plain.push(timed(() => plainDecode(real)));
    }
    inspect.push(timed(() => inspectTile(real)));
    await Promise.resolve();
  }
  const realTilePlainMs = median(plain);
  const realTileOursMs = median(ours);

  const inputs = corpus(small);
  const outcomes = new Map<string, number>();
  const times: number[] = [];
  let peakHeap = 0;
  collectGarbage?.();
  for (const input of inputs) {
    const before = process.memoryUsage();
    const started = performance.now();
    const result = decodeTile(input);
    const elapsed = performance.now() - started;
    const after = process.memoryUsage();
    // Heap plus typed-array backing stores, while the result is still alive.
    const grown = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
    peakHeap = Math.max(peakHeap, grown);
    times.push(elapsed);
    const key = result.ok ? 'ok' : result.error.reason;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }

  return {
    realTileBytes: real.length,
    realTilePlainMs,
    realTileOursMs,
    realTileInspectMs: median(inspect),
    boundsOverheadPct: (realTileOursMs / realTilePlainMs - 1) * 100,
    realTileRuns: MEASURED_RUNS,
    corpusInputs: inputs.length,
    corpusWorstMs: Math.max(...times),
    corpusMedianMs: median(times),
    corpusPeakHeapMiB: peakHeap / MIB,
    corpusOutcomes: [...outcomes]
      .sort((a, b) => b[1] - a[1])
      .map(([reason, count]) => `${reason}:${count}`)
      .join(' '),
    gcBetweenRuns: collectGarbage ? 'yes' : 'no (run node with --expose-gc for steadier figures)',
  };
}
