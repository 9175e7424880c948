// mapillary_exportImages beyond the text formats, on the core against the emulator: metadata as a
// GeoPackage (read back by GDAL), detections as GeoJSON and COCO (the dataset's detections of the
// images), and downloads (the pictures and their manifest), each through the job or writer the
// commands use; and the file or folder each is written to.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { exportImagesTool, exportTarget } from '../../../src/core/lmTools/exportImagesTool';
import { describeWithOgrinfo, ogrLayers, ogrValues, ogrinfo } from '../../support/gisReaders';
import { makeClient, useEmulator } from '../core/harness';

describe('language-model tools: exportImages contents (emulator)', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  const api = () => new MapillaryApi(makeClient(emulator()).client);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mly-tool-kinds-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('names the file or folder of each content and format', () => {
    const ids = ['1'];
    assert.deepEqual(exportTarget({ imageIds: ids }), {
      content: 'metadata',
      format: 'csv',
      name: 'metadata.csv',
      kind: 'file',
    });
    assert.equal(exportTarget({ imageIds: ids, format: 'gpkg', fileName: 'a' }).name, 'a.gpkg');
    assert.equal(exportTarget({ imageIds: ids, content: 'detections' }).name, 'detections.geojson');
    assert.equal(
      exportTarget({ imageIds: ids, content: 'detections', format: 'coco' }).name,
      'detections.coco.json',
    );
    assert.deepEqual(exportTarget({ imageIds: ids, content: 'downloads', fileName: 'pics' }), {
      content: 'downloads',
      name: 'pics',
      kind: 'directory',
    });
  });

  describeWithOgrinfo('as a GeoPackage', () => {
    it('writes the images as a point layer GDAL reads, with the chosen columns', async () => {
      const emu = emulator();
      const images = emu.dataset.images.slice(0, 4);
      const output = path.join(dir, 'metadata.gpkg');
      const { result, outputWritten } = await exportImagesTool(
        { api: api() },
        { imageIds: [...images.map((i) => i.id), '999999999999999'], format: 'gpkg' },
        output,
      );
      assert.ok(outputWritten);
      assert.equal(result.written, 4);
      assert.equal(result.skipped, 1);
      assert.equal(result.complete, true);
      const layers = ogrLayers(ogrinfo(['-al', '-so', output]));
      assert.equal(layers.get('images')?.count, 4);
      assert.equal(layers.get('images')?.geometry, 'Point');
      assert.ok(layers.get('images')?.epsg4326);
      const values = ogrinfo(['-al', output, 'images']);
      assert.deepEqual(new Set(ogrValues(values, 'img_id')), new Set(images.map((i) => i.id)));
      assert.deepEqual(ogrValues(values, 'is_pano').length, 4);
      assert.ok(!/thumb/.test(values), 'no thumbnail URL unless asked for');
    });
  });

  it('leaves nothing under the final name when cancelled, and finishes when called again', async () => {
    const emu = emulator();
    const ids = emu.dataset.images.slice(0, 600).map((i) => i.id);
    const output = path.join(dir, 'cancelled.gpkg');
    const controller = new AbortController();
    // Cancelled once the reads have begun (when the batch holding the 501st id is asked for).
    const secondStep = ids[500] ?? '';
    let reads = 0;
    const harness = makeClient(emu, {
      fetch: (input, init) => {
        reads += 1;
        if (String(input instanceof Request ? input.url : input).includes(secondStep)) {
          controller.abort();
        }
        return fetch(input, init);
      },
    });
    await assert.rejects(
      exportImagesTool(
        { api: new MapillaryApi(harness.client), signal: controller.signal },
        { imageIds: ids, format: 'gpkg' },
        output,
      ),
    );
    assert.ok(reads > 1 && controller.signal.aborted, 'cancelled after the first reads');
    assert.equal(existsSync(output), false, 'nothing under the final name');
    // The work done is kept beside it, and the same call again finishes the export.
    const again = await exportImagesTool({ api: api() }, { imageIds: ids, format: 'gpkg' }, output);
    assert.ok(again.outputWritten);
    assert.equal(again.result.written, 600);
    assert.deepEqual(await readdir(dir), ['cancelled.gpkg'], 'the kept work is cleared');
  });

  it('writes the detections of the images, as GeoJSON and as COCO', async () => {
    const emu = emulator();
    const images = emu.dataset.images.filter((i) => i.detectionIds.length > 0).slice(0, 3);
    assert.equal(images.length, 3);
    const total = images.reduce((n, i) => n + i.detectionIds.length, 0);
    const ids = images.map((i) => i.id);
    const geojson = path.join(dir, 'detections.geojson');
    const first = await exportImagesTool(
      { api: api() },
      { imageIds: ids, content: 'detections' },
      geojson,
    );
    assert.ok(first.outputWritten);
    assert.equal(first.result.content, 'detections');
    assert.equal(first.result.format, 'geojson');
    const parsed = JSON.parse(await readFile(geojson, 'utf8')) as {
      features: { properties: Record<string, unknown> }[];
    };
    assert.equal(parsed.features.length, total);
    const coco = path.join(dir, 'detections.coco.json');
    const second = await exportImagesTool(
      { api: api() },
      { imageIds: ids, content: 'detections', format: 'coco' },
      coco,
    );
    assert.ok(second.outputWritten);
    const annotations = JSON.parse(await readFile(coco, 'utf8')) as {
      images: unknown[];
      annotations: unknown[];
    };
    assert.equal(annotations.images.length, 3);
    assert.equal(second.result.written, annotations.annotations.length);
  });

  it('downloads the pictures into a folder with a manifest, by sequence', async () => {
    const emu = emulator();
    const images = emu.dataset.images.slice(0, 2);
    const folder = path.join(dir, 'images');
    const { result, outputWritten } = await exportImagesTool(
      { api: api() },
      { imageIds: images.map((i) => i.id), content: 'downloads', size: '256' },
      folder,
    );
    assert.ok(outputWritten, JSON.stringify(result));
    assert.equal(result.written, 2);
    assert.equal(result.size, '256');
    const manifest = (await readFile(path.join(folder, 'manifest.csv'), 'utf8'))
      .trimEnd()
      .split('\n');
    assert.equal(manifest[0], 'seq_id,img_id,size,file,bytes,sha256');
    assert.deepEqual(
      manifest.slice(1).map((line) => line.split(',')[1]),
      images.map((i) => i.id),
    );
    for (const image of images) {
      assert.ok(existsSync(path.join(folder, image.sequenceId, `${image.id}_256.jpg`)));
    }
    assert.deepEqual((await readdir(folder)).includes('manifest.csv'), true);
  });

  it('refuses a search that finds more pictures than one call downloads, writing nothing', async () => {
    const emu = emulator();
    const [lon, lat] = emu.dataset.center;
    const folder = path.join(dir, 'many');
    const { result, outputWritten } = await exportImagesTool(
      { api: api() },
      {
        search: { area: { bbox: [lon - 0.05, lat - 0.05, lon + 0.05, lat + 0.05] } },
        content: 'downloads',
      },
      folder,
    );
    const inArea = emu.dataset.images.filter(
      (i) => Math.abs(i.lon - lon) <= 0.05 && Math.abs(i.lat - lat) <= 0.05,
    ).length;
    assert.ok(inArea > 1000, `the area holds ${inArea} images`);
    assert.equal(outputWritten, false);
    assert.match(String(result.error), /more than 1000 images .* at most 1000 pictures/);
    assert.equal(existsSync(folder), false);
  });
});
