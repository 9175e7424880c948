import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decodeDetectionGeometry } from '../../../src/shared/detections/detectionGeometry';
import { parseCsvLine, restoreFormula } from '../../../src/core/export/csv';
import { runDetectionsJob } from '../../../src/core/export/detectionsJob';
import { isCompleteImage, runDownloadJob } from '../../../src/core/export/downloadJob';
import { idListInput, parseIdInput } from '../../../src/core/export/idInput';
import { runImagesJob } from '../../../src/core/export/imagesJob';
import { JobError } from '../../../src/core/export/jobErrors';
import { STATE_SUFFIX } from '../../../src/core/export/jobStore';
import { everythingDone } from '../../../src/core/export/jobTypes';
import { runMapFeaturesJob } from '../../../src/core/export/mapFeaturesJob';
import { DEFAULT_METADATA_COLUMNS } from '../../../src/core/export/metadataColumns';
import { runMetadataJob } from '../../../src/core/export/metadataJob';
import { runSequencesJob } from '../../../src/core/export/sequencesJob';
import { estimateDescent } from '../../../src/shared/explorer/descentPlan';
import { areaFromBbox } from '../../../src/shared/geo/area';
import { featureName } from '../../../src/shared/map/featureNames';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { rejection, useEmulator } from '../core/harness';
import { busyOrganization, csvRows, imageRecord, jobContext } from './exportHarness';
import { waitFor } from '../../support/waitFor';

describe('export jobs against the emulator', () => {
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-export-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const out = (name: string) => path.join(dir, name);

  it('lists an organization’s sequences in an area, and in a region of any size alike', async () => {
    const emu = emulator();
    const org = busyOrganization(emu);
    const context = await jobContext(emu);
    const result = await runSequencesJob(context, {
      owner: { organizationId: org.id },
      area: areaFromBbox(org.bbox),
      output: out('sequences.csv'),
    });
    assert.ok(everythingDone(result));
    const text = readFileSync(out('sequences.csv'), 'utf8');
    const rows = csvRows(text);
    assert.deepEqual(rows[0], ['org_id', 'seq_id', 'captured_at', 'image_count', 'is_pano']);
    const listed = rows.slice(1);
    assert.deepEqual(listed.map((r) => r[1]).sort(), org.sequences.map((s) => s.id).sort());
    for (const row of listed) {
      assert.equal(row[0], org.id);
      const sequence = org.sequences.find((s) => s.id === row[1]);
      assert.ok(sequence && Number(row[3]) > 0 && Number(row[3]) <= sequence.imageIds.length);
      assert.equal(row[4], String(sequence.isPano));
      assert.match(row[2] ?? '', /^\d{4}-\d\d-\d\dT/);
    }
    assert.ok(!existsSync(out(`sequences.csv${STATE_SUFFIX}`)), 'the state is discarded');
    // A region of 2 by 1 degrees (about 18,000 z14 tiles) holds the same sequences, found by
    // reading a few tiles at low zoom and z14 only where the organization's imagery is.
    emu.resetLog();
    const region = areaFromBbox([12, 55, 14, 56]);
    const wide = await runSequencesJob(context, {
      owner: { organizationId: org.id },
      area: region,
      output: out('region.csv'),
    });
    assert.ok(everythingDone(wide));
    assert.equal(readFileSync(out('region.csv'), 'utf8'), text);
    const tilesRead = emu.count('tiles:');
    assert.ok(tilesRead > 0 && tilesRead < estimateDescent(region).z14Tiles / 50, `${tilesRead}`);
  });

  it('lists sequences’ images in capture order under 5xx, resets and rate limits', async () => {
    const emu = emulator();
    const org = busyOrganization(emu);
    emu.addFault({ kind: 'serverError', match: '/image_ids', count: 3 });
    emu.addFault({ kind: 'reset', match: '/image_ids', count: 2 });
    emu.addFault({ kind: 'rateLimit', match: '/image_ids', count: 2, retryAfterSeconds: 0 });
    const input = idListInput(
      [...org.sequences.map((s) => s.id), 'not a key!', 'zzzzzzzzzzzzzzzzzzzzzz'],
      'sequence',
    );
    const result = await runImagesJob(await jobContext(emu), { input, output: out('images.csv') });
    assert.ok(result.complete, JSON.stringify(result.failed));
    const rows = csvRows(readFileSync(out('images.csv'), 'utf8'));
    assert.deepEqual(rows[0], ['seq_id', 'img_id']);
    const expected = org.sequences.flatMap((s) => s.imageIds.map((id) => [s.id, id]));
    assert.deepEqual(rows.slice(1), expected);
    assert.deepEqual(result.skipped.map((s) => s.reason).sort(), [
      'malformed id',
      'not found or empty',
    ]);
    assert.ok(!everythingDone(result), 'skipped input means not everything was done');
    assert.match(readFileSync(out('images.csv.skipped.csv'), 'utf8'), /zzzz.*,not found or empty/);
  });

  it('writes metadata as CSV, GeoJSON and JSON lines matching the dataset, ids as strings', async () => {
    const emu = emulator();
    const org = busyOrganization(emu);
    const ids = org.sequences.flatMap((s) => s.imageIds).slice(0, 180);
    const text = [
      'seq_id,img_id',
      ...ids.map((id) => `${imageRecord(emu, id).sequenceId},${id}`),
      ',12ab',
      `x,${ids[0]}`,
    ].join('\n');
    const input = parseIdInput(text, 'image');
    assert.deepEqual(
      input.skipped.map((s) => s.reason),
      ['malformed id', 'duplicate'],
    );
    const context = await jobContext(emu);
    emu.addFault({ kind: 'truncate', count: 2 });
    emu.addFault({ kind: 'serverError', count: 2 });
    const csv = await runMetadataJob(context, {
      input,
      output: out('m.csv'),
      columns: DEFAULT_METADATA_COLUMNS,
      format: 'csv',
    });
    assert.ok(csv.complete);
    const rows = csvRows(readFileSync(out('m.csv'), 'utf8'));
    assert.deepEqual(rows[0], [...DEFAULT_METADATA_COLUMNS]);
    assert.equal(rows.length - 1, ids.length);
    rows.slice(1).forEach((row, i) => {
      const image = imageRecord(emu, ids[i] ?? '');
      assert.equal(row[0], image.sequenceId);
      assert.equal(row[1], image.id);
      assert.equal(Number(row[2]), image.capturedAt);
      assert.equal(Number(row[3]), image.compassAngle);
      assert.match(row[4] ?? '', new RegExp(`/thumbs/${image.id}/256\\.jpg\\?oe=`));
      assert.equal(Number(row[5]), image.width);
    });

    const geo = await runMetadataJob(context, {
      input,
      output: out('m.geojson'),
      columns: ['img_id', 'captured_at', 'creator.username', 'is_pano'],
      format: 'geojson',
    });
    assert.ok(geo.complete);
    const collection = JSON.parse(readFileSync(out('m.geojson'), 'utf8')) as {
      type: string;
      features: {
        id: unknown;
        geometry: { coordinates: number[] };
        properties: Record<string, unknown>;
      }[];
    };
    assert.equal(collection.type, 'FeatureCollection');
    assert.equal(collection.features.length, ids.length);
    collection.features.forEach((feature, i) => {
      const image = imageRecord(emu, ids[i] ?? '');
      assert.equal(feature.id, image.id);
      assert.equal(typeof feature.properties.img_id, 'string');
      assert.equal(feature.properties.is_pano, image.isPano);
      assert.deepEqual(feature.geometry.coordinates.slice(0, 2), [image.lon, image.lat]);
      const creator = emu.dataset.byId.get(image.creatorId);
      assert.equal(
        feature.properties['creator.username'],
        creator?.kind === 'user' ? creator.value.username : undefined,
      );
    });

    const lines = await runMetadataJob(context, {
      input,
      output: out('m.jsonl'),
      columns: ['img_id', 'seq_id', 'lon', 'lat', 'height'],
      format: 'jsonl',
    });
    assert.ok(lines.complete);
    const records = readFileSync(out('m.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(records.length, ids.length);
    records.forEach((record, i) => {
      const image = imageRecord(emu, ids[i] ?? '');
      assert.deepEqual(record, {
        img_id: image.id,
        seq_id: image.sequenceId,
        lon: image.lon,
        lat: image.lat,
        height: image.height,
      });
    });
    assert.ok(emu.count('graph:') >= Math.ceil(ids.length / 50) * 3);
  });

  it('reports unknown images as not found and never sends malformed ids', async () => {
    const emu = emulator();
    const known = emu.dataset.images.slice(0, 3).map((i) => i.id);
    const input = idListInput([...known, '999999999999999', 'DROP TABLE'], 'image');
    const result = await runMetadataJob(await jobContext(emu), {
      input,
      output: out('m.csv'),
      columns: ['img_id'],
      format: 'csv',
    });
    assert.ok(result.complete);
    assert.deepEqual(
      result.skipped.map((s) => `${s.id}:${s.reason}`).sort(),
      ['999999999999999:not found', 'DROP TABLE:malformed id'].sort(),
    );
    assert.equal(readFileSync(out('m.csv'), 'utf8'), `img_id\n${known.join('\n')}\n`);
    assert.ok(!emu.requests().some((r) => r.path.includes('DROP')));
  });

  it('refuses an input CSV whose header has no id column', () => {
    assert.throws(
      () => parseIdInput('org_id,seq_id\n1,abc\n', 'image', 'seqs.csv'),
      (error: unknown) =>
        error instanceof JobError &&
        /seqs\.csv has the header "org_id,seq_id" but no image id column/.test(error.message),
    );
    assert.throws(() => parseIdInput('1,2\n3,4\n', 'image'), /no header/);
  });

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

  it('downloads pictures that are complete and verifiable, through expired URLs and resets', async () => {
    const emu = emulator();
    const sequence = busyOrganization(emu).sequences[0];
    assert.ok(sequence);
    const ids = sequence.imageIds.slice(0, 24);
    emu.addFault({ kind: 'expiredThumb', match: '/thumbs', count: 4 });
    emu.addFault({ kind: 'truncate', match: '/thumbs', count: 3 });
    emu.addFault({ kind: 'reset', match: '/thumbs', count: 2 });
    const context = await jobContext(emu);
    const target = out('pics');
    // A leftover of a killed run, and a truncated file under a final name, are both repaired.
    const folder = path.join(target, sequence.id);
    rmSync(folder, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `${ids[0]}_256.jpg.123.abc.tmp`), 'partial');
    writeFileSync(path.join(folder, `${ids[1]}_256.jpg`), Buffer.from([0xff, 0xd8, 0xff]));
    const result = await runDownloadJob(context, {
      input: idListInput(ids, 'image'),
      dir: target,
      size: 256,
    });
    assert.ok(everythingDone(result), JSON.stringify(result.failed));
    const names = readdirSync(folder).sort();
    assert.deepEqual(names, ids.map((id) => `${id}_256.jpg`).sort());
    for (const id of ids) {
      const bytes = readFileSync(path.join(folder, `${id}_256.jpg`));
      assert.ok(isCompleteImage(bytes));
      assert.ok(
        bytes.includes(Buffer.from(`mapillary-image-id:${id}`)),
        `the file of ${id} holds its own picture`,
      );
    }
    const manifest = csvRows(readFileSync(path.join(target, 'manifest.csv'), 'utf8'));
    assert.deepEqual(
      manifest.slice(1).map((r) => r[1]),
      ids,
    );
    assert.ok(emu.count('thumb') >= ids.length);
    // A second run downloads nothing and writes the same manifest.
    emu.resetLog();
    const before = readFileSync(path.join(target, 'manifest.csv'));
    const again = await runDownloadJob(context, {
      input: idListInput(ids, 'image'),
      dir: target,
      size: 256,
    });
    assert.equal(again.reused, ids.length);
    assert.equal(emu.count('thumb'), 0);
    assert.deepEqual(readFileSync(path.join(target, 'manifest.csv')), before);
  });

  it('tries a picture again in a later pass when its fresh URL is refused too', async () => {
    const emu = emulator();
    const ids = emu.dataset.images.slice(0, 3).map((i) => i.id);
    // The first picture's URL is refused, and so is the fresh one asked for after the 403.
    emu.addFault({ kind: 'expiredThumb', match: '/thumbs', count: 2 });
    const result = await runDownloadJob(await jobContext(emu, { concurrency: 1 }), {
      input: idListInput(ids, 'image'),
      dir: out('again'),
      size: 1024,
    });
    assert.ok(everythingDone(result), JSON.stringify(result.failed));
    assert.equal(emu.count('thumb'), ids.length + 2);
    assert.equal(result.written, 3);
  });

  it('cancels a job, keeps what was done, and a re-run finishes with the same bytes', async () => {
    // The cancelled run has an emulator of its own, so that nothing it leaves behind counts for the
    // next test; the re-run uses the same one (a job resumes only against the service it started
    // with), once the requests the cancelled run gave up on have been answered and logged.
    const emu = await startEmulator({ size: 'small', seed: 7 });
    try {
      await cancelAndResume(emu);
    } finally {
      await emu.close();
    }
  });

  async function cancelAndResume(emu: Emulator): Promise<void> {
    const ids = emu.dataset.images.slice(0, 400).map((i) => i.id);
    const input = idListInput(ids, 'image');
    const columns = ['img_id', 'seq_id', 'captured_at'];
    const reference = await runMetadataJob(await jobContext(emu), {
      input,
      output: out('ref.csv'),
      columns,
      format: 'csv',
    });
    assert.ok(reference.complete);
    emu.setLatency(40);
    const controller = new AbortController();
    const context = await jobContext(emu, {
      signal: controller.signal,
      concurrency: 2,
      onProgress: (p) => {
        if (p.done >= 100) controller.abort();
      },
    });
    const error = await rejection(
      runMetadataJob(context, { input, output: out('m.csv'), columns, format: 'csv' }),
    );
    assert.ok(error instanceof JobError && error.kind === 'cancelled');
    assert.ok(!existsSync(out('m.csv')), 'no output under the final name');
    const parts = readdirSync(out(`m.csv${STATE_SUFFIX}`)).filter((n) => n.startsWith('batch-'));
    assert.ok(parts.length >= 2 && parts.length < 8, `${parts.length} batches kept`);
    await waitFor('the abandoned requests to be answered', () => emu.inFlight() === 0);
    emu.setLatency(0);
    emu.resetLog();
    const resumed = await runMetadataJob(await jobContext(emu), {
      input,
      output: out('m.csv'),
      columns,
      format: 'csv',
    });
    assert.equal(resumed.reused, parts.length);
    assert.equal(emu.count('graph:'), 8 - parts.length);
    assert.deepEqual(readFileSync(out('m.csv')), readFileSync(out('ref.csv')));
  }

  it('stops when the token is refused, without writing output', async () => {
    const emu = emulator();
    emu.addFault({ kind: 'invalidToken' });
    const error = await rejection(
      runImagesJob(await jobContext(emu), {
        input: idListInput([emu.dataset.sequences[0]?.id ?? ''], 'sequence'),
        output: out('i.csv'),
      }),
    );
    assert.ok(error instanceof JobError && error.kind === 'service');
    assert.ok(!existsSync(out('i.csv')));
  });
});
