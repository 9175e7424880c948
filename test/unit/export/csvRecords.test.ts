import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { csvLine, neutraliseFormula, parseCsvLine } from '../../../src/core/export/csv';
import { CsvRecordReader } from '../../../src/core/export/csvRecords';

/** Reads `text` cut into the given pieces; the cells of every record. */
function read(text: string, cuts: number[], maxChars?: number): (string[] | 'overlong')[] {
  const reader = new CsvRecordReader(maxChars);
  const records = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    records.push(...reader.push(text.slice(from, cut)));
    from = Math.max(from, cut);
  }
  records.push(...reader.push(text.slice(from)), ...reader.end());
  return records.map((r) => (r.kind === 'cells' ? r.cells : 'overlong'));
}

describe('CSV records read in pieces', () => {
  it('gives back what csvLine wrote, line breaks and quotes in cells included, however cut', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', '1', ',', '"', '\n', '\r', ' ', '=', '-'),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(200)),
        fc.boolean(),
        (rows, cuts, crlf) => {
          const text = rows.map((row) => csvLine(row)).join(crlf ? '\r\n' : '\n');
          const expected = rows.map((row) => row.map(neutraliseFormula));
          assert.deepEqual(read(text, cuts), expected);
        },
      ),
    );
  });

  it('drops a line longer than the limit as it streams past, and reads on', () => {
    const long = 'x'.repeat(50);
    assert.deepEqual(read(`a\n${long}\nb`, [10, 20, 30], 20), [['a'], 'overlong', ['b']]);
    assert.deepEqual(read(`a\n${long}`, [], 20), [['a'], 'overlong']);
  });

  it('lets a quote that never closes cost its own line only', () => {
    assert.deepEqual(read('"1\n2\n3', [2, 4]), [['1'], ['2'], ['3']]);
    // Past the limit mid-way: the quote is given up on there, not at the end of the input.
    const twos = '2'.repeat(15);
    assert.deepEqual(read(`"1\n${twos}\n${twos}\n${twos}\n3\n`, [7], 40), [
      ['1'],
      [twos],
      [twos],
      [twos],
      ['3'],
    ]);
    assert.deepEqual(parseCsvLine('"1'), ['1']);
  });
});
