// The files "Show on Map" reads are anyone's: they must stay in the workspace folder (links
// included), be regular files within the size limits, and start the way their format does; a
// GeoPackage is read out into GeoJSON through the reader it is given.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readOverlayFile } from '../../../src/core/overlay/overlayFile';
import { readGeoPackageFeatures } from '../../../src/core/overlay/geoPackageFeatures';
import { OverlayError } from '../../../src/shared/overlay/overlayFeatures';
import { writeGeoPackage } from '../../../src/core/gis/geoPackageWriter';
import { streamOf } from '../../support/gisSamples';

const POINT = JSON.stringify({ type: 'Point', coordinates: [13, 55.6] });

describe('reading a file for the map', () => {
  let dir: string;
  let root: string;
  const options = () => ({ root, readGeoPackage: readGeoPackageFeatures });
  const refused = async (file: string, pattern: RegExp, extra = {}) =>
    assert.rejects(readOverlayFile(file, { ...options(), ...extra }), (error: unknown) => {
      assert.ok(error instanceof OverlayError, String(error));
      assert.match(error.message, pattern);
      return true;
    });

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-overlay-file-'));
    root = path.join(dir, 'workspace');
    mkdirSync(root);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('hands GeoJSON and FlatGeobuf over as they are', async () => {
    writeFileSync(path.join(root, 'a.geojson'), `\n  ${POINT}`);
    const read = await readOverlayFile(path.join(root, 'a.geojson'), options());
    assert.equal(read.format, 'geojson');
    assert.equal(read.name, 'a.geojson');
    assert.equal(Buffer.from(read.bytes).toString(), `\n  ${POINT}`);
  });

  it('reads a GeoPackage out into GeoJSON', async () => {
    const file = path.join(root, 'assets.gpkg');
    await writeGeoPackage(file, [
      {
        name: 'assets',
        geometryType: 'Point',
        columns: [{ name: 'name', type: 'text' }],
        features: streamOf([
          { geometry: { type: 'Point', coordinates: [13, 55.6] }, values: { name: 'pole' } },
        ]),
      },
    ]);
    const read = await readOverlayFile(file, options());
    assert.equal(read.fileFormat, 'gpkg');
    assert.equal(read.format, 'geojson');
    assert.deepEqual(read.layers, [{ name: 'assets', features: 1 }]);
    assert.match(Buffer.from(read.bytes).toString(), /"name":"pole"/);
  });

  it('refuses a file outside the workspace, also through a link or ..', async () => {
    writeFileSync(path.join(dir, 'outside.geojson'), POINT);
    await refused(
      path.join(dir, 'outside.geojson'),
      /outside the workspace folder.*Copy it into the workspace/,
    );
    await refused(path.join(root, '..', 'outside.geojson'), /outside the workspace folder/);
    symlinkSync(path.join(dir, 'outside.geojson'), path.join(root, 'link.geojson'));
    await refused(path.join(root, 'link.geojson'), /link\.geojson is outside the workspace folder/);
  });

  it('refuses a file over its limit before reading it, and a folder', async () => {
    writeFileSync(path.join(root, 'big.geojson'), `${POINT}${' '.repeat(2000)}`);
    await refused(
      path.join(root, 'big.geojson'),
      /big\.geojson is 0 MB; the map draws files of at most 0 MB.*FlatGeobuf/,
      {
        maxBytes: { geojson: 1000 },
      },
    );
    mkdirSync(path.join(root, 'folder.geojson'));
    await refused(path.join(root, 'folder.geojson'), /folder\.geojson is not a regular file/);
    await refused(path.join(root, 'missing.geojson'), /missing\.geojson does not exist/);
  });

  it('refuses a file that does not start the way its format does', async () => {
    writeFileSync(path.join(root, 'list.geojson'), '[1, 2]');
    await refused(path.join(root, 'list.geojson'), /not GeoJSON: a GeoJSON file is a JSON object/);
    writeFileSync(path.join(root, 'fake.fgb'), POINT);
    await refused(path.join(root, 'fake.fgb'), /fake\.fgb is not FlatGeobuf/);
    writeFileSync(path.join(root, 'fake.gpkg'), POINT);
    await refused(
      path.join(root, 'fake.gpkg'),
      /fake\.gpkg is not a GeoPackage: it is not an SQLite database/,
    );
    writeFileSync(path.join(root, 'notes.txt'), POINT);
    await refused(
      path.join(root, 'notes.txt'),
      /not a file the map draws: show a \.geojson, \.gpkg or \.fgb file/,
    );
  });
});
