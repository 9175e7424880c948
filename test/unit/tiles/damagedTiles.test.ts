// The bounded decoder on real tiles damaged on purpose: cut short, bits flipped, and given no time.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PbfReader } from 'pbf';
import { describeWithRealFixtures } from '../../support/fixtures';
import { bounded, expectFailure } from './boundedDecode';

describeWithRealFixtures('bounded decoder on damaged real tiles', (dir) => {
  const bytes = new Uint8Array(
    readFileSync(path.join(dir, 'tiles', 'mly1_public', '14', '3252_6258.mvt')),
  );

  // Offsets at which a complete layer ends: cutting there leaves a valid, shorter tile.
  function layerEnds(): Set<number> {
    const reader = new PbfReader(bytes);
    const ends = new Set<number>([0]);
    while (reader.pos < reader.length) {
      reader.readVarint();
      const length = reader.readVarint();
      reader.pos += length;
      ends.add(reader.pos);
    }
    return ends;
  }

  it('reports truncation at 400 cut points, and succeeds only at layer boundaries', () => {
    const ends = layerEnds();
    let truncated = 0;
    for (let i = 0; i < 400; i++) {
      const cut = Math.floor((bytes.length * i) / 400) + (i % 7);
      const result = bounded(bytes.subarray(0, cut));
      if (result.ok) {
        assert.ok(ends.has(cut), `cut at ${cut} decoded`);
      } else {
        assert.equal(result.error.reason, 'truncated', `cut at ${cut}: ${result.error.message}`);
        truncated++;
      }
    }
    assert.ok(truncated >= 398, `${truncated}`);
  });

  it('survives 300 random bit flips, each with a typed result', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const copy = bytes.slice();
      const flips = 1 + Math.floor(random() * 8);
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(random() * copy.length);
        copy[at] = (copy[at] ?? 0) ^ (1 << Math.floor(random() * 8));
      }
      const result = bounded(copy);
      const key = result.ok ? 'ok' : result.error.reason;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    // Most single flips land in coordinates and still decode; some must break the structure.
    assert.ok((outcomes.get('ok') ?? 0) > 0, JSON.stringify([...outcomes]));
    assert.ok((outcomes.get('ok') ?? 0) < 300, JSON.stringify([...outcomes]));
  });

  it('times out on the real 954 KB tile when given no time', () => {
    const big = new Uint8Array(
      readFileSync(path.join(dir, 'tiles', 'mly1_public', '14', '3251_6257.mvt')),
    );
    expectFailure(big, 'timeout', undefined, { timeLimitMs: 0, checkTimeEvery: 1 });
  });
});
