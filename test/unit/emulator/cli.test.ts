import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { DEMO_DATASET } from '../../emulator/demo';
import { repoRoot } from '../../support/fixtures';

describe('emulator command line', () => {
  it('prints its URLs, credentials and sample ids, serves, and stops on SIGTERM', async function () {
    this.timeout(90_000);
    // No --size or --seed: the default dataset, the one `npm start` uses too.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join('test', 'emulator', 'cli.ts'), '--port', '0'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const deadline = Date.now() + 30_000;
      while (
        !/longest sequence: +\S+/.test(out) &&
        Date.now() < deadline &&
        child.exitCode === null
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const graph = /graph:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const token = /client token:\s+(\S+)/.exec(out)?.[1];
      assert.ok(graph && token, out);
      assert.match(out, /tiles:\s+http:\/\/127\.0\.0\.1:\d+\/maps\/vtp\n/);
      assert.match(out, /oauth client id:\s+\d+/);
      const summary = (await (await fetch(`${graph}/__emulator/dataset`)).json()) as {
        seed: number;
        size: string;
        samples: { organizations: { id: string }[]; imageIds: string[] };
      };
      assert.equal(summary.seed, DEMO_DATASET.seed);
      assert.equal(summary.size, DEMO_DATASET.size);
      const printedOrgs = /organizations:\s+(.+)/.exec(out)?.[1] ?? '';
      assert.ok(printedOrgs.includes(summary.samples.organizations[0]?.id ?? '-'), printedOrgs);
      const printedImages = /image ids:\s+(.+)/.exec(out)?.[1] ?? '';
      assert.ok(printedImages.includes(summary.samples.imageIds[0] ?? '-'), printedImages);
      const me = await fetch(`${graph}/images?creator_username=anders&limit=1&fields=id`, {
        headers: { Authorization: `OAuth ${token}` },
      });
      assert.equal(me.status, 200);
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      );
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('is started by `npm start` with the same default dataset and the same printout', () => {
    const start = readFileSync(path.join(repoRoot, 'scripts', 'start.ts'), 'utf8');
    assert.match(start, /default: DEMO_DATASET\.size/);
    assert.match(start, /seed: DEMO_DATASET\.seed/);
    assert.match(start, /describeEmulator\(emulator\)/);
  });
});
