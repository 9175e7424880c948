import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { imageSchema } from '../../../src/shared/api/entities';
import {
  parseJsonKeepingIds,
  quoteBigNumbers,
  scanBigNumbers,
} from '../../../src/shared/api/safeJson';

describe('JSON parsing that keeps big ids', () => {
  it('keeps integer ids beyond 2^53 exact', () => {
    const text = '{"id": 98765432109876543, "n": -12345678901234567, "captured_at": 1563721072184}';
    const parsed = parseJsonKeepingIds(text) as Record<string, unknown>;
    assert.equal(parsed.id, '98765432109876543');
    assert.equal(parsed.n, '-12345678901234567');
    assert.equal(parsed.captured_at, 1563721072184);
    assert.equal(imageSchema.parse(parsed).id, '98765432109876543');
  });

  it('keeps a float literal the service sent for an id-like field exactly as sent', () => {
    const text = '{"merge_cc":4.546427159383e+18,"b":5.2826592657222E+17,"c":-9.1e+15}';
    const parsed = parseJsonKeepingIds(text) as Record<string, unknown>;
    assert.equal(parsed.merge_cc, '4.546427159383e+18');
    assert.equal(parsed.b, '5.2826592657222E+17');
    assert.equal(parsed.c, '-9.1e+15');
    assert.equal(imageSchema.parse(parsed).merge_cc, '4.546427159383e+18');
    // What a plain parse would print instead: digits the service never sent.
    assert.equal(
      BigInt((JSON.parse(text) as { merge_cc: number }).merge_cc).toString(),
      '4546427159383000064',
    );
  });

  it('leaves measurements, small exponents and strings alone', () => {
    const text =
      '{"a":1234567890123456.5,"p":[-6.6499673206348e-05,1.2e+3,8.9e+15],"s":"x 12345678901234567 \\" 9.9e+20","t":[1,2]}';
    assert.equal(quoteBigNumbers(text), text);
    const parsed = parseJsonKeepingIds(text) as { p: number[] };
    assert.deepEqual(parsed.p, [-6.6499673206348e-5, 1200, 8.9e15]);
    assert.deepEqual(parseJsonKeepingIds('[]'), []);
  });

  it('keeps any id-sized exponent literal as its exact text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.stringMatching(/^\d{0,13}$/),
        fc.integer({ min: 16, max: 300 }),
        fc.constantFrom('e+', 'E+', 'e'),
        (lead, fraction, exponent, marker) => {
          const literal = `${lead}${fraction ? `.${fraction}` : ''}${marker}${exponent}`;
          const parsed = parseJsonKeepingIds(`{"merge_cc":${literal},"x":1.5}`);
          assert.deepEqual(parsed, { merge_cc: literal, x: 1.5 });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('parses like JSON.parse wherever no big integer or id-sized exponent occurs', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        if (/\d{16}/.test(text) || /e\+(1[6-9]|[2-9]\d|\d{3})/i.test(text)) return true;
        assert.deepEqual(parseJsonKeepingIds(text), JSON.parse(text));
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('takes its shortcut only for text the full scan leaves as it is', () => {
    // Values with big integers and exponent literals of every size, nested and spaced in every way.
    const literal = fc.oneof(
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
      fc.stringMatching(/^-?[1-9]\d{13,17}$/),
      fc
        .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -30, max: 30 }))
        .map(([m, e]) => `${m}.5e${e}`),
    );
    const value = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        literal,
        fc.string().map((s) => JSON.stringify(s)),
        fc.array(tie('node'), { maxLength: 4 }).map((a) => `[ ${a.join(' ,\n')}]`),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }).map(
          (o) =>
            `{${Object.entries(o)
              .map(([k, v]) => `${JSON.stringify(k)} :\t${v}`)
              .join(',')}}`,
        ),
      ),
    })).node;
    fc.assert(
      fc.property(value, (text) => {
        assert.equal(quoteBigNumbers(text), scanBigNumbers(text));
      }),
      { numRuns: 1000 },
    );
  });
});
