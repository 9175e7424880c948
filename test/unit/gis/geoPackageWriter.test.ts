// The GeoPackage writer, checked by GDAL: ogrinfo must open the file without a warning and report
// our layers, counts, geometry types and EPSG:4326; SQLite's integrity check, the R-tree (a spatial
// filter must find exactly the points inside it) and GDAL's GeoPackage validator must pass.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  detectionsLayer,
  imagesLayer,
  mapFeaturesLayer,
  sequencesLayer,
} from '../../../src/core/gis/gisRecords';
import { writeGeoPackage } from '../../../src/core/gis/geoPackageWriter';
import { type GisLayer } from '../../../src/shared/gis/gisTypes';
import {
  SYSTEM_PYTHON,
  VALIDATE_GPKG,
  describeWithOgrinfo,
  hasGpkgValidator,
  ogrLayers,
  ogrValues,
  ogrinfo,
} from '../../support/gisReaders';
import { SAMPLE_COLUMNS, sampleImages, streamOf } from '../../support/gisSamples';

const IMAGES = 2_000;
// A traffic sign's outline as the API sends it (as in the detection decoder's tests).
const SQUARE = 'GjgKBm1weS1vchIYEgIAABgDIhAJkCawDRq4BgAAhAO3BgAPGgR0eXBlIgkKB3BvbHlnb24ogCB4AQ==';

function layers(): GisLayer[] {
  const images = [...sampleImages(IMAGES)];
  const bySequence = new Map<string, Record<string, unknown>[]>();
  for (const image of images) {
    const list = bySequence.get(image.sequence as string) ?? [];
    list.push(image);
    bySequence.set(image.sequence as string, list);
  }
  return [
    imagesLayer(SAMPLE_COLUMNS, streamOf(images)),
    sequencesLayer(streamOf([...bySequence].map(([id, list]) => ({ id, images: list.reverse() })))),
    mapFeaturesLayer(
      streamOf([
        {
          id: '5000000000000001',
          object_value: 'regulatory--stop--g1',
          object_type: 'traffic_sign',
          first_seen_at: 1600000000000,
          geometry: { type: 'Point', coordinates: [13.01, 55.6] },
        },
        {
          id: '5000000000000002',
          object_value: 'object--bench',
          geometry: { type: 'Point', coordinates: [13.02, 55.61] },
        },
      ]),
    ),
    detectionsLayer(
      streamOf([
        {
          id: String(images[0]!.id),
          width: 4032,
          height: 3024,
          detections: [
            {
              id: '700',
              value: 'regulatory--stop--g1',
              geometry: SQUARE,
              mapFeatureId: '5000000000000001',
            },
            { id: '701', value: 'object--bench', geometry: '!!not base64' },
          ],
        },
      ]),
    ),
  ];
}

describeWithOgrinfo('GeoPackage writer, read by GDAL', () => {
  let dir: string;
  let file: string;
  const skipped: string[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-gpkg-'));
    file = path.join(dir, 'export.gpkg');
    const all = layers();
    all[3] = detectionsLayer(
      streamOf([
        {
          id: 'img-1',
          width: 4032,
          height: 3024,
          detections: [
            {
              id: '700',
              value: 'regulatory--stop--g1',
              geometry: SQUARE,
              mapFeatureId: '5000000000000001',
            },
            { id: '701', value: 'object--bench', geometry: '!!not base64' },
          ],
        },
      ]),
      (id) => skipped.push(id),
    );
    await writeGeoPackage(file, all, { lastChange: new Date('2026-01-01T00:00:00Z') });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has the layers, counts, geometry types and SRS GDAL reports', () => {
    const found = ogrLayers(ogrinfo(['-al', '-so', file]));
    assert.deepEqual(
      [...found.keys()],
      ['images', 'images_computed', 'sequences', 'map_features', 'detections'],
    );
    assert.deepEqual(found.get('images'), { geometry: 'Point', count: IMAGES, epsg4326: true });
    assert.deepEqual(found.get('images_computed'), {
      geometry: 'Point',
      count: IMAGES,
      epsg4326: true,
    });
    assert.deepEqual(found.get('sequences'), {
      geometry: 'Line String',
      count: IMAGES / 50,
      epsg4326: true,
    });
    assert.deepEqual(found.get('map_features'), { geometry: 'Point', count: 2, epsg4326: true });
    assert.equal(found.get('detections')?.count, 1);
    assert.equal(found.get('detections')?.geometry, 'None');
    assert.deepEqual(skipped, ['701']);
  });

  it('registers the detections as an attributes table and each feature table with its R-tree', () => {
    const contents = ogrinfo([
      file,
      '-sql',
      'SELECT table_name, data_type FROM gpkg_contents ORDER BY table_name',
    ]);
    assert.deepEqual(ogrValues(contents, 'data_type'), [
      'attributes',
      'features',
      'features',
      'features',
      'features',
    ]);
    for (const table of ['images', 'images_computed', 'sequences', 'map_features']) {
      const has = ogrinfo([file, '-sql', `SELECT HasSpatialIndex('${table}', 'geom')`]);
      assert.deepEqual(ogrValues(has, 'HasSpatialIndex'), ['1'], table);
    }
    const pragma = ogrinfo([file, '-sql', 'PRAGMA integrity_check']);
    assert.deepEqual(ogrValues(pragma, 'integrity_check'), ['ok']);
    const version = ogrinfo([file, '-sql', 'PRAGMA application_id']);
    assert.deepEqual(ogrValues(version, 'application_id'), [String(0x47504b47)]);
  });

  it('keeps ids as text, values typed, and the computed positions apart', () => {
    const first = [...sampleImages(1)][0]!;
    const out = ogrinfo([file, 'images', '-where', `img_id = '${String(first.id)}'`]);
    assert.deepEqual(ogrValues(out, 'img_id'), [String(first.id)]);
    assert.deepEqual(ogrValues(out, 'captured_at'), [String(first.captured_at)]);
    assert.deepEqual(ogrValues(out, 'creator.username'), ['user_0']);
    assert.deepEqual(ogrValues(out, 'camera_parameters'), ['[0.8,-0.02,0.001]']);
    // The first image has no computed position (see sampleImages): a row without geometry.
    const computed = ogrinfo([file, 'images_computed', '-where', `img_id = '${String(first.id)}'`]);
    assert.match(computed, /POINT EMPTY|^\s*$|fid/m);
    assert.doesNotMatch(computed, /POINT \(/);
    const features = ogrinfo([file, 'map_features']);
    assert.deepEqual(ogrValues(features, 'object_value'), [
      'regulatory--stop--g1',
      'object--bench',
    ]);
    assert.deepEqual(ogrValues(features, 'object_name'), ['Stop (regulatory sign)', 'Bench']);
    const detections = ogrinfo([file, 'detections']);
    assert.deepEqual(ogrValues(detections, 'map_feature_id'), ['5000000000000001']);
    assert.match(ogrValues(detections, 'polygons')[0] ?? '', /^\[\[\[\[0\.?\d*,0\.?\d*\]/);
  });

  it('answers a spatial filter through the R-tree with exactly the points inside it', () => {
    const box = [12.95, 55.57, 13.05, 55.63] as const;
    const inside = [...sampleImages(IMAGES)].filter((image) => {
      const [x, y] = (image.geometry as { coordinates: [number, number] }).coordinates;
      return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
    }).length;
    assert.ok(inside > 0 && inside < IMAGES, 'the box holds some images, not all');
    const out = ogrinfo(['-so', file, 'images', '-spat', ...box.map(String)]);
    assert.equal(Number(/Feature Count: (\d+)/.exec(out)?.[1]), inside);
  });

  it("passes GDAL's GeoPackage validator", function () {
    if (!hasGpkgValidator()) {
      console.warn(`SKIPPED: ${VALIDATE_GPKG} is missing (python3-gdal)`);
      this.skip();
    }
    const result = spawnSync(SYSTEM_PYTHON, [VALIDATE_GPKG, file], { encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    assert.equal(`${result.stdout}${result.stderr}`.trim(), '');
  });
});

describe('GeoPackage writer', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'mly-gpkg-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the same bytes for the same data and time', async () => {
    const when = { lastChange: new Date('2026-01-01T00:00:00Z') };
    await writeGeoPackage(path.join(dir, 'a.gpkg'), layers(), when);
    await writeGeoPackage(path.join(dir, 'b.gpkg'), layers(), when);
    assert.ok(
      readFileSync(path.join(dir, 'a.gpkg')).equals(readFileSync(path.join(dir, 'b.gpkg'))),
    );
  });

  it('leaves nothing behind when cancelled, and keeps an older file', async () => {
    const file = path.join(dir, 'out.gpkg');
    writeFileSync(file, 'previous');
    const controller = new AbortController();
    async function* images() {
      let n = 0;
      for (const image of sampleImages(5_000)) {
        if (++n === 2_500) controller.abort(new Error('cancelled by the test'));
        yield await Promise.resolve(image);
      }
    }
    await assert.rejects(
      writeGeoPackage(file, [imagesLayer(['img_id'], images())], { signal: controller.signal }),
      /cancelled by the test/,
    );
    assert.equal(readFileSync(file, 'utf8'), 'previous');
    assert.deepEqual(readdirSync(dir), ['out.gpkg']);
  });

  it('refuses clashing column names and unusable layer names before writing', async () => {
    const file = path.join(dir, 'out.gpkg');
    const layer = (name: string, columns: string[]): GisLayer => ({
      name,
      geometryType: 'Point',
      columns: columns.map((c) => ({ name: c, type: 'text' })),
      features: streamOf([]),
    });
    await assert.rejects(writeGeoPackage(file, [layer('images', ['a', 'A'])]), /clashes/);
    await assert.rejects(writeGeoPackage(file, [layer('images', ['geom'])]), /clashes/);
    await assert.rejects(writeGeoPackage(file, [layer('images"; DROP', ['a'])]), /not usable/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('reports a folder it cannot write with the file-system error code', async () => {
    const blocker = path.join(dir, 'file');
    writeFileSync(blocker, '');
    await assert.rejects(
      writeGeoPackage(path.join(blocker, 'out.gpkg'), layers()),
      (error: NodeJS.ErrnoException) => error.code === 'ENOTDIR' || error.code === 'EEXIST',
    );
  });
});
