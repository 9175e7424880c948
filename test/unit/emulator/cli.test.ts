import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../../support/fixtures';

describe('emulator command line', () => {
  it('prints its URLs and credentials, serves, and stops on SIGTERM', async function () {
    this.timeout(60_000);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join('test', 'emulator', 'cli.ts'), '--port', '0', '--seed', '4'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const deadline = Date.now() + 30_000;
      while (
        !/oauth client secret: \S+/.test(out) &&
        Date.now() < deadline &&
        child.exitCode === null
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const graph = /graph:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const token = /client token:\s+(\S+)/.exec(out)?.[1];
      assert.ok(graph && token, out);
      assert.match(out, /tiles:\s+http:\/\/127\.0\.0\.1:\d+\/tiles/);
      assert.match(out, /oauth client id:\s+\d+/);
      const summary = (await (await fetch(`${graph}/__emulator/dataset`)).json()) as {
        seed: number;
      };
      assert.equal(summary.seed, 4);
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
});
