// The FlatGeobuf writer, checked by GDAL: the layer, count, geometry type and SRS, the values, and
// the packed Hilbert R-tree (a spatial filter answered through it must find exactly the points
// inside, for several boxes).
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeFlatGeobuf } from '../../../src/core/gis/flatGeobufWriter';
import { imagesLayer, sequencesLayer } from '../../../src/core/gis/gisRecords';
import { random, SAMPLE_COLUMNS, sampleImages, streamOf } from '../../support/gisSamples';
import { describeWithOgrinfo, ogrLayers, ogrValues, ogrinfo } from '../../support/gisReaders';

const IMAGES = 3_000;

describeWithOgrinfo('FlatGeobuf writer, read by GDAL', () => {
  let dir: string;
  let file: string;
  const images = [...sampleImages(IMAGES)];
  // Two images without a position: FlatGeobuf cannot index them, so they are left out.
  delete images[10]!.geometry;
  images[11]!.geometry = { type: 'Point', coordinates: [200, 95] };

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-fgb-'));
    file = path.join(dir, 'images.fgb');
    const summary = await writeFlatGeobuf(file, imagesLayer(SAMPLE_COLUMNS, streamOf(images)));
    assert.equal(summary.features, IMAGES - 2);
    assert.equal(summary.leftOut, 2);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has the layer, count, geometry type and SRS GDAL reports', () => {
    const found = ogrLayers(ogrinfo(['-al', '-so', file]));
    assert.deepEqual(
      [...found],
      [['images', { geometry: 'Point', count: IMAGES - 2, epsg4326: true }]],
    );
  });

  it('keeps ids as text and adds the computed position as two columns', () => {
    const image = images[1]!;
    const out = ogrinfo([file, 'images', '-where', `img_id = '${String(image.id)}'`]);
    assert.deepEqual(ogrValues(out, 'img_id'), [String(image.id)]);
    assert.deepEqual(ogrValues(out, 'is_pano'), ['0']);
    const [lon, lat] = (image.computed_geometry as { coordinates: [number, number] }).coordinates;
    assert.ok(Math.abs(Number(ogrValues(out, 'computed_lon')[0]) - lon) < 1e-9);
    assert.ok(Math.abs(Number(ogrValues(out, 'computed_lat')[0]) - lat) < 1e-9);
    const first = ogrinfo([file, 'images', '-where', `img_id = '${String(images[0]!.id)}'`]);
    // An unset field: ogrinfo does not list it.
    assert.deepEqual(ogrValues(first, 'img_id'), [String(images[0]!.id)]);
    assert.deepEqual(ogrValues(first, 'computed_lon'), []);
  });

  it('answers spatial filters through its index with exactly the points inside', () => {
    const next = random(7);
    for (let round = 0; round < 5; round++) {
      const x = 12.9 + next() * 0.15;
      const y = 55.55 + next() * 0.08;
      const box = [x, y, x + 0.03 + next() * 0.05, y + 0.01 + next() * 0.03];
      const inside = images.filter((image) => {
        const c = (image.geometry as { coordinates?: [number, number] } | undefined)?.coordinates;
        return (
          c &&
          Math.abs(c[0]) <= 180 &&
          c[0] >= box[0]! &&
          c[0] <= box[2]! &&
          c[1] >= box[1]! &&
          c[1] <= box[3]!
        );
      }).length;
      const out = ogrinfo(['-so', file, 'images', '-spat', ...box.map(String)]);
      assert.equal(Number(/Feature Count: (\d+)/.exec(out)?.[1]), inside, `box ${box.join(',')}`);
    }
  });

  it('writes lines, and an empty layer GDAL still opens', async () => {
    const lines = path.join(dir, 'sequences.fgb');
    await writeFlatGeobuf(
      lines,
      sequencesLayer(
        streamOf([
          { id: 's1', images: images.slice(0, 50) },
          { id: 's2', images: images.slice(50, 100) },
        ]),
      ),
    );
    assert.deepEqual(ogrLayers(ogrinfo(['-al', '-so', lines])).get('sequences'), {
      geometry: 'Line String',
      count: 2,
      epsg4326: true,
    });
    const empty = path.join(dir, 'empty.fgb');
    await writeFlatGeobuf(empty, imagesLayer(['img_id'], streamOf([])));
    assert.equal(ogrLayers(ogrinfo(['-al', '-so', empty])).get('images')?.count, 0);
  });
});

describe('FlatGeobuf writer', () => {
  it('leaves nothing behind when cancelled', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mly-fgb-'));
    try {
      const controller = new AbortController();
      controller.abort(new Error('stopped'));
      await assert.rejects(
        writeFlatGeobuf(
          path.join(dir, 'x.fgb'),
          imagesLayer(['img_id'], streamOf(sampleImages(10))),
          {
            signal: controller.signal,
          },
        ),
        /stopped/,
      );
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
