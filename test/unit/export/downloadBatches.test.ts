// The download job asks for picture URLs 50 images at a time, right before their downloads, and
// for a fresh URL of its own only when one is refused.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runDownloadJob } from '../../../src/core/export/downloadJob';
import { idListInput, parseIdInput } from '../../../src/core/export/idInput';
import { everythingDone } from '../../../src/core/export/jobTypes';
import { useEmulator } from '../core/harness';
import { jobContext } from './exportHarness';

describe('download: picture URLs in batches', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-dl-batch-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('asks for 50 URLs in one call, and a fresh one only for a refused picture', async () => {
    const emu = emulator();
    const ids = emu.dataset.images.slice(0, 120).map((i) => i.id);
    emu.addFault({ kind: 'expiredThumb', match: '/thumbs', count: 1 });
    const result = await runDownloadJob(await jobContext(emu), {
      input: idListInput(ids, 'image'),
      dir: path.join(dir, 'pictures'),
      size: 256,
    });
    assert.ok(everythingDone(result), JSON.stringify(result.failed));
    assert.equal(result.written, ids.length);
    // Three batched reads (50, 50 and 20 ids) and one single read for the refused URL.
    assert.equal(emu.count('graph:images_batch'), 3);
    const single = emu.requests().filter((r) => r.endpoint === 'graph:image');
    assert.equal(single.length, 1, 'one fresh URL, for the refused picture');
    assert.equal(emu.count('thumb'), ids.length + 1);
  });

  it('asks nothing for pictures already there under the sequence the input names', async () => {
    const emu = emulator();
    const images = emu.dataset.images.slice(0, 60);
    const text = ['seq_id,img_id', ...images.map((i) => `${i.sequenceId},${i.id}`)].join('\n');
    const target = path.join(dir, 'pictures');
    const first = await runDownloadJob(await jobContext(emu), {
      input: parseIdInput(text, 'image'),
      dir: target,
      size: 256,
    });
    assert.ok(everythingDone(first));
    emu.resetLog();
    const again = await runDownloadJob(await jobContext(emu), {
      input: parseIdInput(text, 'image'),
      dir: target,
      size: 256,
    });
    assert.equal(again.reused, images.length);
    assert.equal(emu.requests().length, 0);
  });
});
