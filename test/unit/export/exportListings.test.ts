// The listing jobs against the emulator: an organization's sequences in an area or a whole region,
// and the images of sequences in capture order through server errors, resets and rate limits.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { idListInput } from '../../../src/core/export/idInput';
import { runImagesJob } from '../../../src/core/export/imagesJob';
import { STATE_SUFFIX } from '../../../src/core/export/jobStore';
import { everythingDone } from '../../../src/core/export/jobTypes';
import { runSequencesJob } from '../../../src/core/export/sequencesJob';
import { estimateDescent } from '../../../src/shared/explorer/descentPlan';
import { areaFromBbox } from '../../../src/shared/geo/area';
import { busyOrganization, csvRows, jobContext, useJobFolder } from './exportHarness';

describe('export jobs against the emulator: listings', () => {
  const { emulator, out } = useJobFolder();

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
});
