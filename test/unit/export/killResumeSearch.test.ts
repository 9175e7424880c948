// `search` over an L-shaped area killed with kill -9 and run again, and a job stopped with Ctrl+C
// (SIGINT): exit code 130, the work done kept, and a re-run that finishes it.
import { strict as assert } from 'node:assert';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runAndStop, useKilledRuns } from './killResumeSupport';

describe('resume after kill -9 (the command line in a child process): search and Ctrl+C', function () {
  this.timeout(60_000);
  const { emulator, folder, env, inProcess, check, partCount } = useKilledRuns();
  let dir: string;
  before(() => {
    dir = folder();
  });

  it('stops cleanly on Ctrl+C (SIGINT) with exit code 130, and the re-run finishes', async () => {
    const emu = emulator();
    const ids = emu.dataset.images
      .slice(0, 300)
      .map((i) => i.id)
      .join(',');
    const out = path.join(dir, 'interrupted.csv');
    const args = ['metadata', '--ids', ids, '--fields', 'img_id,width', '--batch-size', '20'];
    const stopped = await runAndStop(
      emu.graphUrl,
      (urls) => [...urls, ...args, '--concurrency', '1', '-o', out],
      env(),
      () => partCount(out) >= 2,
      'SIGINT',
    );
    const stderr = stopped.output;
    let summary: string;
    try {
      assert.equal(stopped.code, 130, stderr);
      assert.match(stderr, /cancelled; the work done so far is kept/);
      assert.ok(!existsSync(out));
      summary = await inProcess([...args, '-o', out], stopped.urls);
    } finally {
      await stopped.close();
    }
    assert.match(summary, /300 images written/);
    assert.match(summary, /taken from an earlier run/);
  });

  it('search', async () => {
    const [lon, lat] = emulator().dataset.center;
    // An L-shaped area, searched as several parts: each part is a unit of the job.
    const shape = {
      type: 'Polygon',
      coordinates: [
        [
          [lon - 0.02, lat - 0.012],
          [lon + 0.02, lat - 0.012],
          [lon + 0.02, lat],
          [lon, lat],
          [lon, lat + 0.012],
          [lon - 0.02, lat + 0.012],
          [lon - 0.02, lat - 0.012],
        ],
      ],
    };
    const file = path.join(dir, 'l-shape.geojson');
    writeFileSync(file, JSON.stringify(shape));
    await check(
      'search',
      (out) => ['search', '--area', file, '--format', 'jsonl', '--concurrency', '1', '-o', out],
      (out) => partCount(out) >= 2,
    );
  });
});
