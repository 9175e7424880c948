import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { imageSchema } from '../../../src/shared/api/entities';
import { parseJsonKeepingIds, quoteBigIntegers } from '../../../src/shared/api/safeJson';

describe('JSON parsing that keeps big ids', () => {
  it('keeps integer ids beyond 2^53 exact', () => {
    const text = '{"id": 98765432109876543, "n": -12345678901234567, "captured_at": 1563721072184}';
    const parsed = parseJsonKeepingIds(text) as Record<string, unknown>;
    assert.equal(parsed.id, '98765432109876543');
    assert.equal(parsed.n, '-12345678901234567');
    assert.equal(parsed.captured_at, 1563721072184);
    assert.equal(imageSchema.parse(parsed).id, '98765432109876543');
  });

  it('leaves decimals, exponents and strings alone', () => {
    const text =
      '{"merge_cc":4.546427159383e+18,"a":1234567890123456.5,"s":"x 12345678901234567 \\" 99999999999999999","t":[1,2]}';
    assert.equal(quoteBigIntegers(text), text);
    assert.deepEqual(parseJsonKeepingIds('[]'), []);
  });

  it('parses like JSON.parse wherever no big integer occurs', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        if (/\d{16}/.test(text)) return true;
        assert.deepEqual(parseJsonKeepingIds(text), JSON.parse(text));
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
