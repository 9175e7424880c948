// The small caches' bound: the newest entries are kept, and a key set again counts as new.
import { strict as assert } from 'node:assert';
import { setNewest, trimOldest } from '../../src/shared/boundedMap';

describe('bounded maps', () => {
  it('keeps the newest entries, a key set again counting as new', () => {
    const map = new Map<string, number>();
    for (const [key, value] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      setNewest(map, key, value, 3);
    setNewest(map, 'a', 10, 3);
    setNewest(map, 'd', 4, 3);
    assert.deepEqual(
      [...map],
      [
        ['c', 3],
        ['a', 10],
        ['d', 4],
      ],
    );
  });

  it('trims a map filled by hand down to its bound, oldest first', () => {
    const map = new Map([
      [1, 'x'],
      [2, 'y'],
      [3, 'z'],
    ]);
    trimOldest(map, 1);
    assert.deepEqual([...map], [[3, 'z']]);
    trimOldest(map, 0);
    assert.equal(map.size, 0);
  });
});
