// The export jobs writing GeoPackage, FlatGeobuf and GeoParquet against the emulator, each file read
// back by an independent reader (GDAL's ogrinfo, hyparquet) and compared with the dataset.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { runDetectionsJob } from '../../../src/core/export/detectionsJob';
import { idListInput } from '../../../src/core/export/idInput';
import { NO_POSITION, writeImageRecords } from '../../../src/core/export/imageRecords';
import { everythingDone } from '../../../src/core/export/jobTypes';
import { runMapFeaturesJob } from '../../../src/core/export/mapFeaturesJob';
import { runMetadataJob } from '../../../src/core/export/metadataJob';
import { featureName } from '../../../src/shared/map/featureNames';
import { describeWithOgrinfo, ogrLayers, ogrValues, ogrinfo } from '../../support/gisReaders';
import { streamOf } from '../../support/gisSamples';
import { useEmulator } from '../core/harness';
import { busyOrganization, imageRecord, jobContext } from './exportHarness';

const COLUMNS = ['img_id', 'seq_id', 'captured_at', 'compass_angle', 'is_pano', 'creator.username'];

describeWithOgrinfo('GIS exports against the emulator, read by GDAL', () => {
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-gis-export-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The first 150 images of the busiest organization, in three sequences or more. */
  const ids = () =>
    busyOrganization(emulator())
      .sequences.flatMap((s) => s.imageIds)
      .slice(0, 150);

  it('writes metadata as a GeoPackage: images at both positions, and sequences as lines', async () => {
    const emu = emulator();
    const wanted = ids();
    const file = path.join(dir, 'metadata.gpkg');
    const result = await runMetadataJob(await jobContext(emu), {
      input: idListInput(wanted, 'image'),
      output: file,
      columns: COLUMNS,
      format: 'gpkg',
    });
    assert.ok(everythingDone(result));
    assert.equal(result.written, wanted.length);
    const layers = ogrLayers(ogrinfo(['-al', '-so', file]));
    const sequences = [...new Set(wanted.map((id) => imageRecord(emu, id).sequenceId))];
    assert.deepEqual([...layers.keys()], ['images', 'images_computed', 'sequences']);
    assert.deepEqual(layers.get('images'), {
      geometry: 'Point',
      count: wanted.length,
      epsg4326: true,
    });
    assert.equal(layers.get('images_computed')?.count, wanted.length);
    assert.deepEqual(layers.get('sequences'), {
      geometry: 'Line String',
      count: sequences.length,
      epsg4326: true,
    });
    // One sequence's line goes through its exported images in capture order.
    const first = sequences[0] as string;
    const line = ogrinfo(['-q', file, 'sequences', '-where', `seq_id = '${first}'`]);
    const points = [...(/LINESTRING \(([^)]*)\)/.exec(line)?.[1] ?? '').split(',')].map((p) =>
      p.trim().split(' ').map(Number),
    );
    const expected = wanted
      .map((id) => imageRecord(emu, id))
      .filter((i) => i.sequenceId === first)
      .sort((a, b) => a.capturedAt - b.capturedAt || (a.id < b.id ? -1 : 1));
    assert.equal(points.length, expected.length);
    assert.deepEqual(points[0], [expected[0]?.lon, expected[0]?.lat]);
    const images = ogrinfo(['-q', file, 'images', '-where', `img_id = '${wanted[7]}'`]);
    assert.deepEqual(ogrValues(images, 'seq_id'), [imageRecord(emu, wanted[7] ?? '').sequenceId]);
  });

  it('writes metadata as FlatGeobuf and GeoParquet with ids as text and both positions', async () => {
    const emu = emulator();
    const wanted = ids();
    const context = await jobContext(emu);
    const fgb = path.join(dir, 'metadata.fgb');
    assert.ok(
      (
        await runMetadataJob(context, {
          input: idListInput(wanted, 'image'),
          output: fgb,
          columns: COLUMNS,
          format: 'fgb',
        })
      ).complete,
    );
    const info = ogrinfo(['-al', '-so', fgb]);
    assert.deepEqual(ogrLayers(info).get('images'), {
      geometry: 'Point',
      count: wanted.length,
      epsg4326: true,
    });
    assert.match(info, /^img_id: String/m);
    assert.match(info, /^computed_lon: Real/m);

    const parquet = path.join(dir, 'metadata.parquet');
    await runMetadataJob(context, {
      input: idListInput(wanted, 'image'),
      output: parquet,
      columns: COLUMNS,
      format: 'parquet',
    });
    const buffer = await asyncBufferFromFile(parquet);
    const metadata = await parquetMetadataAsync(buffer);
    const geo = JSON.parse(
      metadata.key_value_metadata?.find((kv) => kv.key === 'geo')?.value ?? '{}',
    ) as { primary_column: string; columns: Record<string, { encoding: string }> };
    assert.equal(geo.primary_column, 'geometry');
    assert.equal(geo.columns.computed_geometry?.encoding, 'WKB');
    const rows = (await parquetReadObjects({ file: buffer })) as Record<string, unknown>[];
    assert.deepEqual(
      rows.map((r) => r.img_id),
      wanted,
    );
    assert.equal(rows[3]?.seq_id, imageRecord(emu, wanted[3] ?? '').sequenceId);
  });

  it('writes map features in every format with the same features, each value named in words', async () => {
    const emu = emulator();
    const org = busyOrganization(emu);
    const context = await jobContext(emu);
    const run = (format: 'geojson' | 'gpkg' | 'fgb' | 'parquet') =>
      runMapFeaturesJob(context, {
        bbox: org.bbox,
        output: path.join(dir, `features.${format}`),
        format,
      });
    const geojson = await run('geojson');
    const features = (
      JSON.parse(readFileSync(path.join(dir, 'features.geojson'), 'utf8')) as {
        features: { id: string; properties: Record<string, unknown> }[];
      }
    ).features;
    const count = features.length;
    assert.ok(count > 0);
    assert.equal(geojson.written, count);
    // Every format names each feature's value in words, as the legend does.
    const valueOf = (id: string) => emu.dataset.mapFeatures.find((f) => f.id === id)?.objectValue;
    const nameOf = (id: string) => featureName(valueOf(id) ?? '');
    for (const f of features) {
      const keys = Object.keys(f.properties);
      assert.equal(keys[keys.indexOf('object_value') + 1], 'object_name');
      assert.equal(f.properties.object_value, valueOf(f.id));
      assert.equal(f.properties.object_name, nameOf(f.id));
    }
    const sample = features.slice(0, 3).map((f) => f.id);
    for (const format of ['gpkg', 'fgb'] as const) {
      const file = path.join(dir, `features.${format}`);
      assert.equal((await run(format)).written, count);
      const info = ogrinfo(['-al', '-so', file]);
      assert.deepEqual(ogrLayers(info).get('map_features'), {
        geometry: 'Point',
        count,
        epsg4326: true,
      });
      assert.match(info, /^object_value: String.*\nobject_name: String/m);
      for (const id of sample) {
        const row = ogrinfo(['-q', file, 'map_features', '-where', `id = '${id}'`]);
        assert.deepEqual(ogrValues(row, 'object_name'), [nameOf(id)], `${format} ${id}`);
      }
    }
    await run('parquet');
    const parquet = await asyncBufferFromFile(path.join(dir, 'features.parquet'));
    assert.equal((await parquetMetadataAsync(parquet)).num_rows, BigInt(count));
    const rows = (await parquetReadObjects({ file: parquet })) as Record<string, unknown>[];
    assert.deepEqual(
      rows.map((r) => r.object_name),
      features.map((f) => nameOf(f.id)),
    );
  });

  it('writes detections as a GeoPackage: every image on the map, each detection naming its image', async () => {
    const emu = emulator();
    const withDetections = emu.dataset.images.filter((i) => i.detectionIds.length > 0).slice(0, 20);
    const without = emu.dataset.images.filter((i) => i.detectionIds.length === 0).slice(0, 5);
    const images = [...withDetections, ...without];
    const file = path.join(dir, 'detections.gpkg');
    const result = await runDetectionsJob(await jobContext(emu), {
      input: idListInput(
        images.map((i) => i.id),
        'image',
      ),
      output: file,
      format: 'gpkg',
    });
    assert.ok(everythingDone(result), JSON.stringify(result.skipped));
    const detections = withDetections.reduce((n, i) => n + i.detectionIds.length, 0);
    assert.equal(result.written, detections);
    const layers = ogrLayers(ogrinfo(['-al', '-so', file]));
    assert.equal(layers.get('images')?.count, images.length);
    assert.deepEqual(layers.get('detections'), {
      geometry: 'None',
      count: detections,
      epsg4326: false,
    });
    const one = withDetections[0]?.detectionIds[0] ?? '';
    const row = ogrinfo(['-q', file, 'detections', '-where', `detection_id = '${one}'`]);
    assert.deepEqual(ogrValues(row, 'image_id'), [withDetections[0]?.id]);
  });
});

describe('COCO for training', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-coco-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every image asked for, negatives included, and names the classes asked for', async () => {
    const emu = emulator();
    const byValue = new Map<string, string[]>();
    for (const detection of emu.dataset.detections) {
      byValue.set(detection.value, [...(byValue.get(detection.value) ?? []), detection.imageId]);
    }
    const [value] = [...byValue.keys()].sort();
    assert.ok(value);
    const positives = [...new Set(byValue.get(value))].slice(0, 6);
    const negatives = emu.dataset.images.filter((i) => i.detectionIds.length === 0).slice(0, 4);
    const ids = [negatives[0]?.id ?? '', ...positives, ...negatives.slice(1).map((i) => i.id)];
    const file = path.join(dir, 'd.coco.json');
    const absent = 'zzz--not-in-the-dataset';
    const result = await runDetectionsJob(await jobContext(emu), {
      input: idListInput(ids, 'image'),
      output: file,
      format: 'coco',
      classes: [value, absent],
    });
    assert.ok(everythingDone(result));
    const coco = JSON.parse(readFileSync(file, 'utf8')) as {
      info: { requested_classes: string[] };
      images: { id: number; mapillary_id: string }[];
      annotations: { image_id: number; category_id: number; mapillary_id: string }[];
      categories: { id: number; name: string }[];
    };
    assert.deepEqual(coco.info.requested_classes, [value, absent]);
    assert.deepEqual(
      coco.images.map((i) => i.mapillary_id),
      ids,
      'every image, in input order, with or without detections',
    );
    assert.deepEqual(
      coco.categories.map((c) => c.name),
      [value, absent],
    );
    const expected = positives.flatMap((id) =>
      imageRecord(emu, id).detectionIds.filter((d) => {
        const detection = emu.dataset.byId.get(d);
        return detection?.kind === 'detection' && detection.value.value === value;
      }),
    );
    assert.deepEqual(coco.annotations.map((a) => a.mapillary_id).sort(), expected.sort());
    assert.ok(coco.annotations.every((a) => a.category_id === 1));
    const negativeNumbers = new Set(
      coco.images.filter((i) => negatives.some((n) => n.id === i.mapillary_id)).map((i) => i.id),
    );
    assert.equal(negativeNumbers.size, negatives.length);
    assert.ok(coco.annotations.every((a) => !negativeNumbers.has(a.image_id)));

    const all = await runDetectionsJob(await jobContext(emu), {
      input: idListInput(ids, 'image'),
      output: path.join(dir, 'all.coco.json'),
      format: 'coco',
    });
    assert.ok(all.complete);
    const allClasses = JSON.parse(readFileSync(path.join(dir, 'all.coco.json'), 'utf8')) as {
      info: { requested_classes: string[] };
    };
    assert.deepEqual(allClasses.info.requested_classes, ['*']);
  });
});

describe('image records a format cannot hold', () => {
  it('lists the images FlatGeobuf leaves out for want of a position', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mly-fgb-skip-'));
    try {
      const records = [
        { id: '1001', geometry: { type: 'Point', coordinates: [13, 55.6] } },
        { id: '1002' },
        { id: '1003', geometry: { type: 'Point', coordinates: [13.1, 55.6] } },
      ];
      const skipped: { id: string; reason: string }[] = [];
      const written = await writeImageRecords({
        file: path.join(dir, 'x.fgb'),
        format: 'fgb',
        columns: ['img_id'],
        records: () => streamOf(records),
        skipped,
        lastChange: new Date(0),
      });
      assert.equal(written, 2);
      assert.deepEqual(skipped, [{ id: '1002', reason: NO_POSITION }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
