// The download job against the emulator: complete, verifiable pictures through expired URLs,
// truncations and resets, leftovers repaired, a re-run that downloads nothing, and later passes.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isCompleteImage, runDownloadJob } from '../../../src/core/export/downloadJob';
import { idListInput } from '../../../src/core/export/idInput';
import { everythingDone } from '../../../src/core/export/jobTypes';
import { busyOrganization, csvRows, jobContext, useJobFolder } from './exportHarness';

describe('export jobs against the emulator: downloads', () => {
  const { emulator, out } = useJobFolder();

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
});
