// The metadata job against the emulator: CSV, GeoJSON and JSON lines that match the dataset, unknown
// and malformed ids reported, and input files without an id column refused.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { idListInput, parseIdInput } from '../../../src/core/export/idInput';
import { JobError } from '../../../src/core/export/jobErrors';
import { DEFAULT_METADATA_COLUMNS } from '../../../src/core/export/metadataColumns';
import { runMetadataJob } from '../../../src/core/export/metadataJob';
import { busyOrganization, csvRows, imageRecord, jobContext, useJobFolder } from './exportHarness';

describe('export jobs against the emulator: metadata', () => {
  const { emulator, out } = useJobFolder();

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
});
