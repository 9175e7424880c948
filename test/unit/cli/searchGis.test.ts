// `search` written as GeoParquet: the images the CSV of the same search lists, in the same order,
// read back by an independent reader (hyparquet) with their positions and the `geo` metadata.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { useEmulator } from '../core/harness';
import { busyOrganization } from '../export/exportHarness';
import { runCliAgainst } from '../../support/cliRun';

describe('search as GeoParquet (command line)', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-search-gis-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[]) {
    const { code, stdout, stderr } = await runCliAgainst(emulator(), args);
    return { code, output: stderr + stdout };
  }

  it('writes the images of the CSV search, in its order, with positions and geo metadata', async () => {
    const org = busyOrganization(emulator());
    const search = ['search', '--bbox', org.bbox.join(','), '--org', org.id];
    const csvFile = path.join(dir, 'org.csv');
    const parquetFile = path.join(dir, 'org.parquet');
    const asCsv = await run([...search, '-o', csvFile]);
    assert.equal(asCsv.code, 0, asCsv.output);
    const asParquet = await run([...search, '--format', 'parquet', '-o', parquetFile]);
    assert.equal(asParquet.code, 0, asParquet.output);

    const csvIds = readFileSync(csvFile, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    assert.ok(csvIds.length > 10, `only ${csvIds.length} images found`);
    const file = await asyncBufferFromFile(parquetFile);
    const metadata = await parquetMetadataAsync(file);
    const geo = JSON.parse(
      metadata.key_value_metadata?.find((entry) => entry.key === 'geo')?.value ?? '{}',
    ) as { primary_column?: string; columns?: Record<string, { encoding?: string }> };
    assert.equal(geo.columns?.[geo.primary_column ?? '']?.encoding, 'WKB');
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    assert.deepEqual(
      rows.map((row) => row.img_id),
      csvIds,
    );
    const images = new Map(emulator().dataset.images.map((image) => [image.id, image]));
    for (const row of rows) {
      const image = images.get(String(row.img_id));
      assert.equal(image?.organizationId, org.id);
      assert.equal(row.seq_id, image?.sequenceId);
    }
  });
});
