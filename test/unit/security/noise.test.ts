// Item: no MaxListenersExceededWarning when many requests of one job back off at once, in a 429
// storm or with the service unreachable. Every wait used to add its own 'abort' listener to the
// job's signal, and the eleventh tripped Node's leak warning.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMapillaryClient } from '../../../src/core/api/mapillaryClient';
import { idListInput } from '../../../src/core/export/idInput';
import { runMetadataJob } from '../../../src/core/export/metadataJob';
import { RetryBudget } from '../../../src/shared/api/retryBudget';
import { useEmulator } from '../core/harness';

/** A port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('security: no listener-leak warnings under retry storms', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  let warnings: Error[];
  const onWarning = (warning: Error) => warnings.push(warning);
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-noise-'));
    warnings = [];
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A metadata job of `count` images in batches of 10, 16 in flight; true when it completed. */
  async function metadataJob(graphUrl: string, count: number, backoffMs: number): Promise<boolean> {
    const emu = emulator();
    const client = await createMapillaryClient({
      graphUrl,
      tilesUrl: emu.tilesUrl,
      getToken: () => Promise.resolve(emu.clientToken),
      backoff: { baseMs: backoffMs, maxMs: backoffMs * 4 },
      usageThrottle: { startPct: 80, maxDelayMs: 5 },
      retryBudget: new RetryBudget({ capacity: 5000, refillPerSecond: 1000, perSuccess: 1 }),
    });
    const ids = emu.dataset.images.slice(0, count).map((image) => image.id);
    const controller = new AbortController();
    const result = await runMetadataJob(
      { api: client.api, signal: controller.signal, roundPauseMs: 5, concurrency: 16 },
      {
        input: idListInput(ids, 'image'),
        output: path.join(dir, 'metadata.csv'),
        columns: ['img_id'],
        format: 'csv',
        batchSize: 10,
      },
    );
    // Warnings reach 'warning' listeners on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
    return result.complete;
  }

  const leaks = () =>
    warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message);

  it('stays quiet while 16 batches at a time are answered 429 and retried', async () => {
    const emu = emulator();
    // The first 30 answers are 429 with Retry-After: the 16 batches in flight all wait at once.
    emu.addFault({ kind: 'rateLimit', retryAfterSeconds: 1, count: 30 });
    assert.equal(
      await metadataJob(emu.graphUrl, 400, 2),
      true,
      'the job finishes despite the storm',
    );
    assert.equal(emu.count(''), 40 + 30, 'every 429 was retried');
    assert.deepEqual(leaks(), []);
  });

  it('stays quiet while every request finds the service unreachable', async () => {
    const port = await closedPort();
    // Refused connections fail within milliseconds; the backoffs (up to 100 ms, then more) overlap.
    assert.equal(await metadataJob(`http://127.0.0.1:${port}`, 160, 100), false, 'nothing read');
    assert.deepEqual(leaks(), []);
  });
});
