// How an export job stops: cancelled, it keeps what was done and a re-run finishes with the same
// bytes; with its token refused, it writes no output.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { idListInput } from '../../../src/core/export/idInput';
import { runImagesJob } from '../../../src/core/export/imagesJob';
import { JobError } from '../../../src/core/export/jobErrors';
import { STATE_SUFFIX } from '../../../src/core/export/jobStore';
import { runMetadataJob } from '../../../src/core/export/metadataJob';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { rejection } from '../core/harness';
import { waitFor } from '../../support/waitFor';
import { jobContext, useJobFolder } from './exportHarness';

describe('export jobs against the emulator: cancel and refusal', () => {
  const { emulator, out } = useJobFolder();

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
