// The detections and map-features jobs against the emulator: detections as GeoJSON and COCO, an
// area's map features as GeoJSON, CSV and JSON lines, and a huge area refused.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { decodeDetectionGeometry } from '../../../src/shared/detections/detectionGeometry';
import { parseCsvLine, restoreFormula } from '../../../src/core/export/csv';
import { runDetectionsJob } from '../../../src/core/export/detectionsJob';
import { idListInput } from '../../../src/core/export/idInput';
import { JobError } from '../../../src/core/export/jobErrors';
import { everythingDone } from '../../../src/core/export/jobTypes';
import { runMapFeaturesJob } from '../../../src/core/export/mapFeaturesJob';
import { featureName } from '../../../src/shared/map/featureNames';
import { rejection } from '../core/harness';
import { busyOrganization, imageRecord, jobContext, useJobFolder } from './exportHarness';

describe('export jobs against the emulator: detections and map features', () => {
  const { emulator, out } = useJobFolder();

  it('exports detections as GeoJSON and COCO that agree with the geometry', async () => {
    const emu = emulator();
    const withDetections = emu.dataset.images.filter((i) => i.detectionIds.length > 0).slice(0, 30);
    const ids = withDetections.map((i) => i.id);
    const input = idListInput(ids, 'image');
    const context = await jobContext(emu);
    emu.addFault({ kind: 'serverError', match: '/detections', count: 3 });
    const geo = await runDetectionsJob(context, {
      input,
      output: out('d.geojson'),
      format: 'geojson',
    });
    assert.ok(everythingDone(geo), JSON.stringify(geo.skipped));
    const expectedCount = withDetections.reduce((n, i) => n + i.detectionIds.length, 0);
    const collection = JSON.parse(readFileSync(out('d.geojson'), 'utf8')) as {
      features: {
        id: string;
        geometry: { type: string; coordinates: number[][][][] };
        properties: Record<string, unknown>;
      }[];
    };
    assert.equal(collection.features.length, expectedCount);
    for (const feature of collection.features) {
      const detection = emu.dataset.byId.get(feature.id);
      assert.equal(detection?.kind, 'detection');
      if (detection?.kind !== 'detection') continue;
      const image = imageRecord(emu, detection.value.imageId);
      assert.equal(feature.properties.image_id, image.id);
      assert.equal(feature.properties.value, detection.value.value);
      assert.equal(feature.properties.image_width, image.width);
      assert.equal(feature.geometry.type, 'MultiPolygon');
      for (const [x, y] of feature.geometry.coordinates.flat(2) as unknown as [number, number][]) {
        assert.ok(x >= -0.1 && x <= 1.1 && y >= -0.1 && y <= 1.1);
      }
    }
    const coco = await runDetectionsJob(context, {
      input,
      output: out('d.coco.json'),
      format: 'coco',
    });
    assert.ok(coco.complete);
    const parsed = JSON.parse(readFileSync(out('d.coco.json'), 'utf8')) as {
      images: {
        id: number;
        mapillary_id: string;
        width: number;
        height: number;
        file_name: string;
      }[];
      annotations: {
        image_id: number;
        category_id: number;
        segmentation: number[][];
        bbox: number[];
        mapillary_id: string;
      }[];
      categories: { id: number; name: string }[];
    };
    assert.equal(parsed.annotations.length, expectedCount);
    assert.deepEqual(
      parsed.images.map((i) => i.mapillary_id),
      ids,
    );
    const names = parsed.categories.map((c) => c.name);
    assert.deepEqual(names, [...names].sort());
    // One annotation checked against its own decoding in pixels.
    const first = parsed.annotations[0];
    assert.ok(first);
    const image = parsed.images.find((i) => i.id === first.image_id);
    assert.ok(image);
    assert.match(image.file_name, new RegExp(`/${image.mapillary_id}_original\\.jpg$`));
    const entity = await context.api.getDetections(image.mapillary_id, ['id', 'geometry', 'value']);
    const detection = entity.find((d) => d.id === first.mapillary_id);
    const decoded = decodeDetectionGeometry(detection?.geometry ?? '', {
      width: image.width,
      height: image.height,
    });
    assert.ok(decoded.ok);
    const outer = decoded.value.features[0]?.pixelPolygons?.[0]?.[0] ?? [];
    assert.deepEqual(
      first.segmentation[0]?.slice(0, 2),
      outer[0]?.map((n) => Number(n.toFixed(2))),
    );
    assert.equal(parsed.categories.find((c) => c.id === first.category_id)?.name, detection?.value);
  });

  it('exports an area’s map features sorted by id, and refuses a huge area', async () => {
    const emu = emulator();
    const org = busyOrganization(emu);
    const context = await jobContext(emu);
    const result = await runMapFeaturesJob(context, { bbox: org.bbox, output: out('f.geojson') });
    assert.ok(result.complete);
    const features = (
      JSON.parse(readFileSync(out('f.geojson'), 'utf8')) as {
        features: { id: string; properties: { object_value: string } }[];
      }
    ).features;
    const [w, s, e, n] = org.bbox;
    const expected = emu.dataset.mapFeatures.filter(
      (f) => f.lon >= w && f.lon <= e && f.lat >= s && f.lat <= n,
    );
    assert.deepEqual(
      features.map((f) => f.id),
      expected.map((f) => f.id).sort(),
    );
    for (const f of features) {
      assert.equal(f.properties.object_value, expected.find((x) => x.id === f.id)?.objectValue);
    }
    const error = await rejection(
      runMapFeaturesJob(context, { bbox: [0, 0, 10, 10], output: out('g.geojson') }),
    );
    assert.ok(error instanceof JobError && /too large/.test(error.message));
  });

  it('exports map features as CSV and JSON lines, each value also in words, formulas neutralised', async () => {
    const emu = emulator();
    const org = busyOrganization(emu);
    const context = await jobContext(emu);
    const [w, s, e, n] = org.bbox;
    const inside = emu.dataset.mapFeatures
      .filter((f) => f.lon >= w && f.lon <= e && f.lat >= s && f.lat <= n)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const victim = inside[0];
    assert.ok(victim && inside.length > 1);
    // A value a spreadsheet would run as a formula, in the value and (in words) in the name.
    const saved = victim.objectValue;
    victim.objectValue = '=2+5';
    try {
      assert.ok(
        (await runMapFeaturesJob(context, { bbox: org.bbox, output: out('f.csv'), format: 'csv' }))
          .complete,
      );
      const [header, ...lines] = readFileSync(out('f.csv'), 'utf8').trimEnd().split('\n');
      assert.equal(
        header,
        'id,object_value,object_name,object_type,aligned_direction,first_seen_at,last_seen_at,lon,lat',
      );
      assert.equal(lines.length, inside.length);
      assert.deepEqual(parseCsvLine(lines[0] ?? '').slice(0, 3), [victim.id, "'=2+5", "'=2+5"]);
      lines.forEach((line, i) => {
        const f = inside[i]!;
        const cells = parseCsvLine(line);
        assert.equal(cells.length, 9, line);
        assert.equal(cells[0], f.id);
        assert.equal(restoreFormula(cells[1] ?? ''), f.objectValue);
        assert.equal(restoreFormula(cells[2] ?? ''), featureName(f.objectValue));
        assert.ok(Math.abs(Number(cells[5]) - f.firstSeenAt) < 1000, line);
        assert.deepEqual([Number(cells[7]), Number(cells[8])], [f.lon, f.lat]);
      });
      assert.ok(inside.some((f) => featureName(f.objectValue) !== f.objectValue));

      await runMapFeaturesJob(context, { bbox: org.bbox, output: out('f.jsonl'), format: 'jsonl' });
      const rows = readFileSync(out('f.jsonl'), 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.deepEqual(
        rows.map((r) => [r.id, r.object_value, r.object_name]),
        inside.map((f) => [f.id, f.objectValue, featureName(f.objectValue)]),
      );
      for (const row of rows) {
        const keys = Object.keys(row);
        assert.equal(keys[keys.indexOf('object_value') + 1], 'object_name');
      }
    } finally {
      victim.objectValue = saved;
    }
  });
});
