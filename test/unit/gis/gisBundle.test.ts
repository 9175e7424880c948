// The packaged writers: dist/gis.js with sqlite3.wasm beside it must work on their own, copied to a
// folder with no node_modules around (as in the VSIX), in a process of their own. Needs a build
// (`npm run build`); without one the suite says so and is skipped.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../support/fixtures';
import { hasOgrinfo, ogrLayers, ogrinfo } from '../../support/gisReaders';

const dist = path.join(repoRoot, 'dist');
const SCRIPT = `
const writers = require('./gis.js');
async function* points() {
  for (let i = 0; i < 300; i++)
    yield { geometry: { type: 'Point', coordinates: [13 + i / 1000, 55.6] }, values: { id: String(i) } };
}
const layer = () => ({ name: 'images', geometryType: 'Point', columns: [{ name: 'id', type: 'text' }], features: points() });
(async () => {
  const a = await writers.writeGeoPackage(__dirname + '/out.gpkg', [layer()]);
  const b = await writers.writeFlatGeobuf(__dirname + '/out.fgb', layer());
  const c = await writers.writeGeoParquet(__dirname + '/out.parquet', layer());
  console.log(JSON.stringify([a[0].features, b.features, c.features]));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('packaged GIS writers (dist/gis.js)', () => {
  let dir: string;
  before(function () {
    if (!existsSync(path.join(dist, 'gis.js')) || !existsSync(path.join(dist, 'sqlite3.wasm'))) {
      console.warn('SKIPPED "packaged GIS writers": dist/gis.js is not built (npm run build)');
      this.skip();
    }
    dir = mkdtempSync(path.join(tmpdir(), 'mly-gis-bundle-'));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('write all three formats from the bundle and its .wasm alone', function () {
    copyFileSync(path.join(dist, 'gis.js'), path.join(dir, 'gis.js'));
    copyFileSync(path.join(dist, 'sqlite3.wasm'), path.join(dir, 'sqlite3.wasm'));
    writeFileSync(path.join(dir, 'run.cjs'), SCRIPT);
    const result = spawnSync(process.execPath, [path.join(dir, 'run.cjs')], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), '[300,300,300]');
    if (!hasOgrinfo()) {
      console.warn('SKIPPED the GDAL check of the packaged writers: ogrinfo is not installed');
      this.skip();
    }
    assert.equal(
      ogrLayers(ogrinfo(['-al', '-so', path.join(dir, 'out.gpkg')])).get('images')?.count,
      300,
    );
  });
});
