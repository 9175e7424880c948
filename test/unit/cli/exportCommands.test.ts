import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { parseCsvLine } from '../../../src/core/export/csv';
import { featureName } from '../../../src/shared/map/featureNames';
import { useEmulator } from '../core/harness';
import { busyOrganization } from '../export/exportHarness';
import { type CliRunOptions, runCliAgainst } from '../../support/cliRun';

const COMMANDS = ['sequences', 'images', 'metadata', 'detections', 'map-features', 'download'];

describe('export commands', () => {
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-cli-export-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const out = (name: string) => path.join(dir, name);

  const run = (args: string[], options: CliRunOptions = {}) =>
    runCliAgainst(emulator(), args, options);

  it('prints --help for every command and lists them all', async () => {
    const top = await run(['--help']);
    for (const command of COMMANDS) {
      assert.match(top.stdout, new RegExp(`^  ${command} `, 'm'));
      const help = await run([command, '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`^Usage: mapillary-explorer ${command} `));
      assert.match(help.stdout, /-h, --help/);
    }
  });

  it('chains the four steps, exits 0, and never writes the token anywhere', async () => {
    const emu = emulator();
    const org = busyOrganization(emu);
    const steps = [
      ['sequences', '--org', org.id, '--bbox', org.bbox.join(','), '-o', out('seq.csv')],
      ['images', out('seq.csv'), '-o', out('img.csv')],
      ['metadata', out('img.csv'), '-o', out('meta.csv')],
      ['download', out('img.csv'), '--size', '256', '-d', out('pics')],
    ];
    for (const step of steps) {
      const result = await run(step);
      assert.equal(result.code, 0, result.stderr + result.stdout);
      assert.match(result.stdout, /written to /);
      assert.ok(!(result.stdout + result.stderr).includes(emu.clientToken));
    }
    const images = org.sequences.reduce((n, s) => n + s.imageIds.length, 0);
    assert.equal(readFileSync(out('meta.csv'), 'utf8').trimEnd().split('\n').length, images + 1);
    const secret = emu.clientToken.split('|').pop() ?? emu.clientToken;
    const walk = (folder: string): string[] =>
      readdirSync(folder).flatMap((name) => {
        const full = path.join(folder, name);
        return statSync(full).isDirectory() ? walk(full) : [full];
      });
    for (const file of walk(dir)) {
      assert.ok(!readFileSync(file).includes(secret), `${file} holds no token`);
    }
  });

  it('exports organization.name and merge_cc as the service sent them', async () => {
    const emu = emulator();
    const image = emu.dataset.images.find(
      (i) => i.organizationId !== undefined && i.mergeCc !== undefined,
    );
    assert.ok(image);
    const org = emu.dataset.organizations.find((o) => o.id === image.organizationId);
    assert.ok(org);
    const result = await run([
      'metadata',
      '--ids',
      image.id,
      '--fields',
      'img_id,organization.name,merge_cc',
      '-o',
      out('org.csv'),
    ]);
    assert.equal(result.code, 0, result.stderr);
    const [header, row] = readFileSync(out('org.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(header, 'img_id,organization.name,merge_cc');
    const cells = (row ?? '').split(',');
    assert.equal(cells[0], image.id);
    assert.equal(cells[1], org.name);
    // The float literal as written on the wire (14 significant digits), not a rounded integer.
    assert.match(cells[2] ?? '', /^\d\.\d{1,13}e\+1[78]$/);
    assert.equal(Number(cells[2]), Number((image.mergeCc ?? 0).toPrecision(14)));
  });

  it('writes map features with each value also in words, in text formats and GeoParquet', async () => {
    const emu = emulator();
    const bbox = busyOrganization(emu).bbox.join(',');
    const names = new Map(emu.dataset.mapFeatures.map((f) => [f.id, featureName(f.objectValue)]));
    const csv = await run(['map-features', '--bbox', bbox, '--format', 'csv', '-o', out('mf.csv')]);
    assert.equal(csv.code, 0, csv.stderr);
    const [header, first] = readFileSync(out('mf.csv'), 'utf8').split('\n');
    assert.match(header ?? '', /^id,object_value,object_name,object_type,/);
    const cells = parseCsvLine(first ?? '');
    assert.equal(cells[2], names.get(cells[0] ?? ''));
    for (const format of ['jsonl', 'geojson']) {
      const file = out(`mf.${format}`);
      const result = await run(['map-features', '--bbox', bbox, '--format', format, '-o', file]);
      assert.equal(result.code, 0, result.stderr);
      const text = readFileSync(file, 'utf8');
      const rows =
        format === 'jsonl'
          ? text
              .trimEnd()
              .split('\n')
              .map((l) => JSON.parse(l) as Record<string, unknown>)
          : (
              JSON.parse(text) as { features: { properties: Record<string, unknown> }[] }
            ).features.map((f) => f.properties);
      assert.ok(rows.length > 0);
      for (const row of rows) assert.equal(row.object_name, names.get(String(row.id)), format);
    }
    const parquet = await run([
      'map-features',
      '--bbox',
      bbox,
      '--format',
      'parquet',
      '-o',
      out('mf.parquet'),
    ]);
    assert.equal(parquet.code, 0, parquet.stderr);
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(out('mf.parquet')) });
    assert.ok(rows.length > 0);
    for (const row of rows) assert.equal(row.object_name, names.get(String(row.id)));
  });

  it('reports progress as plain lines off a terminal and as a bar on one', async () => {
    const ids = emulator()
      .dataset.images.slice(0, 300)
      .map((i) => i.id)
      .join(',');
    const plain = await run(['metadata', '--ids', ids, '--batch-size', '10', '-o', out('p.csv')]);
    assert.equal(plain.code, 0);
    const lines = plain.stderr.trimEnd().split('\n');
    assert.ok(lines.length >= 5 && lines.length <= 12, plain.stderr);
    assert.match(lines.at(-1) ?? '', /^metadata: 300\/300 images$/);
    const tty = await run(['metadata', '--ids', ids, '-o', out('t.csv')], { tty: true });
    assert.match(tty.stderr, /\rmetadata \[#+\] 100% 300\/300 images/);
  });

  it('exits 1 and says what was skipped for malformed, duplicate and unknown ids', async () => {
    const [a, b] = emulator().dataset.images.map((i) => i.id);
    writeFileSync(out('ids.txt'), `img_id\n${a}\n${b}\n${a}\nnot-an-id\n999999999999999\n`);
    const result = await run(['metadata', out('ids.txt'), '-o', out('s.csv')]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /2 images written/);
    assert.match(result.stdout, /3 skipped: 1 duplicate, 1 malformed id, 1 not found/);
    assert.match(readFileSync(out('s.csv.skipped.csv'), 'utf8'), /^id,reason\n/);
  });

  it('refuses a wrong header, a bad or too large bbox, unknown fields and a missing token', async () => {
    writeFileSync(out('seqs.csv'), 'org_id,seq_id\n1,abc\n');
    const header = await run(['metadata', out('seqs.csv')]);
    assert.equal(header.code, 1);
    assert.match(header.stderr, /header "org_id,seq_id" but no image id column/);
    const bbox = await run(['map-features', '--bbox', '1,2,3']);
    assert.equal(bbox.code, 2);
    const large = await run(['map-features', '--bbox', '0,0,5,5', '-o', out('x.geojson')]);
    assert.equal(large.code, 2);
    assert.match(large.stderr, /too large/);
    // A job of one unit (the area) has nothing to split: --shard is not one of its options.
    const shard = await run(['map-features', '--bbox', '0,0,0.1,0.1', '--shard', '1/2']);
    assert.equal(shard.code, 2);
    assert.match(shard.stderr, /shard/);
    const fields = await run(['metadata', '--ids', '1', '--fields', 'img_id,colour']);
    assert.equal(fields.code, 2);
    assert.match(fields.stderr, /Unknown metadata field colour/);
    const token = await run(['images', '--ids', 'abc'], { token: false });
    assert.equal(token.code, 2);
    assert.match(token.stderr, /MAPILLARY_ACCESS_TOKEN/);
  });

  it('exits 1 without output when the service keeps failing, and 0 on the re-run', async () => {
    const emu = emulator();
    const ids = emu.dataset.images
      .slice(0, 100)
      .map((i) => i.id)
      .join(',');
    emu.addFault({ kind: 'serverError', count: 100 });
    const failed = await run(['metadata', '--ids', ids, '--fields', 'img_id', '-o', out('f.csv')]);
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /not finished: 100 item\(s\) failed/);
    assert.throws(() => readFileSync(out('f.csv')));
    emu.clearFaults();
    const again = await run(['metadata', '--ids', ids, '--fields', 'img_id', '-o', out('f.csv')]);
    assert.equal(again.code, 0, again.stdout);
    assert.equal(readFileSync(out('f.csv'), 'utf8').split('\n').length, 102);
  });
});
