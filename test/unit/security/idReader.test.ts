// Item: reading our own CSVs back, and hostile input files. A metadata export whose cells hold line
// breaks gives exactly its own ids when used as the next step's input; a 200 MB line costs bounded
// memory (the command line runs it with a 96 MB heap) and one line in the skipped list; skipped ids
// are written truncated.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseCsvLine } from '../../../src/core/export/csv';
import { parseIdInput, readIdInputFile } from '../../../src/core/export/idInput';
import { runMetadataJob } from '../../../src/core/export/metadataJob';
import { useEmulator } from '../core/harness';
import { imageRecord, jobContext } from '../export/exportHarness';

const ROOT = path.resolve(__dirname, '../../..');

describe('security: the id reader', function () {
  this.timeout(120_000);
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-ids-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives exactly an export’s own ids back, whatever line breaks its cells hold', async () => {
    const emu = emulator();
    const images = emu.dataset.images.slice(0, 6);
    const record = imageRecord(emu, images[0]?.id ?? '');
    const saved = record.model;
    // A model whose second line looks like a row naming another image.
    record.model = 'x\n1,424242,y\r\n"quoted",2';
    try {
      const output = path.join(dir, 'metadata.csv');
      await runMetadataJob(await jobContext(emu), {
        input: parseIdInput(images.map((i) => i.id).join('\n'), 'image'),
        output,
        columns: ['seq_id', 'img_id', 'model'],
        format: 'csv',
      });
      const text = readFileSync(output, 'utf8');
      assert.ok(text.includes('424242'), 'the export holds the line break');
      const again = await readIdInputFile(output, 'image');
      assert.deepEqual(
        again.ids,
        images.map((i) => i.id),
      );
      assert.deepEqual(again.skipped, []);
      assert.equal(again.sequenceOf.get(record.id), record.sequenceId);
    } finally {
      record.model = saved;
    }
  });

  it('lets a stray quote cost its own line only', () => {
    const input = parseIdInput('img_id\n"111\n222\n333\n', 'image', 'x');
    assert.deepEqual(input.ids, ['111', '222', '333']);
    const unclosed = parseIdInput(`id\n"1\n${'2'.repeat(30)}\n3\n`, 'image');
    assert.deepEqual(unclosed.ids, ['1', '3']);
  });

  it('writes skipped ids truncated', () => {
    const input = parseIdInput(`img_id\n${'x'.repeat(5000)}\n12\n`, 'image');
    assert.deepEqual(input.ids, ['12']);
    assert.equal(input.skipped.length, 1);
    assert.ok((input.skipped[0]?.id.length ?? 0) <= 100, 'the skipped id is cut short');
  });

  it('reads a file with a 200 MB line in bounded memory, reporting that line alone', async () => {
    const emu = emulator();
    const [a, b] = emu.dataset.images.map((i) => i.id);
    assert.ok(a && b);
    const input = path.join(dir, 'huge.csv');
    const fd = openSync(input, 'w');
    writeSync(fd, `img_id\n${a}\n`);
    const block = Buffer.alloc(1024 * 1024, '9');
    for (let i = 0; i < 200; i++) writeSync(fd, block);
    writeSync(fd, `\n${b}\n`);
    closeSync(fd);
    const output = path.join(dir, 'out.csv');
    const child = spawn(
      process.execPath,
      [
        '--max-old-space-size=96',
        '--import',
        'tsx',
        path.join(ROOT, 'src/cli/main.ts'),
        '--api-url',
        emu.graphUrl,
        'metadata',
        input,
        '--fields',
        'img_id',
        '-o',
        output,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, MAPILLARY_ACCESS_TOKEN: emu.clientToken },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 1, `exit 1: something was skipped\n${text.slice(0, 2000)}`);
    assert.match(text, /2 images written/);
    const rows = readFileSync(output, 'utf8').trimEnd().split('\n');
    assert.deepEqual(rows, ['img_id', a, b]);
    const skipped = readFileSync(`${output}.skipped.csv`, 'utf8').trimEnd().split('\n');
    assert.deepEqual(skipped.slice(1).map(parseCsvLine), [
      ['line 3', 'line longer than 1048576 characters'],
    ]);
  });
});
