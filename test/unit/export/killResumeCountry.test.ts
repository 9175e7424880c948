// `sequences` over a country-sized area killed with kill -9 once its listing is stored: the re-run
// goes on from the stored listing, reads fewer tiles and writes the same bytes.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/cli';
import { CountryDataset } from '../../emulator/countryDataset';
import { Capture } from '../../support/cliRun';
import { useEmulator } from '../core/harness';
import { runAndStop } from './killResumeSupport';

describe('resume after kill -9: sequences over a country (emulator --size country)', function () {
  this.timeout(120_000);
  const emulator = useEmulator({ size: 'country', seed: 5 });
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-kill-country-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('goes on from the stored listing and writes the same bytes, without reading it all again', async () => {
    const emu = emulator();
    const org = new CountryDataset({ seed: 5 }).organizations[4];
    assert.ok(org);
    const args = (out: string) => [
      'sequences',
      '--org',
      org.id,
      '--bbox',
      '32.2,34.5,34.7,35.8',
      '--yes',
      '--concurrency',
      '1',
      '-o',
      out,
    ];
    const env = { MAPILLARY_ACCESS_TOKEN: emu.clientToken };
    const inProcess = async (argv: string[]): Promise<string> => {
      const io = { stdout: new Capture(), stderr: new Capture(), env };
      const code = await runCli(argv, io);
      assert.equal(code, 0, io.stderr.text + io.stdout.text);
      return io.stdout.text;
    };
    const reference = path.join(dir, 'ref.csv');
    const killed = path.join(dir, 'killed.csv');
    emu.resetLog();
    await inProcess(['--api-url', emu.graphUrl, '--tiles-url', emu.tilesUrl, ...args(reference)]);
    const whole = emu.count('tiles:');
    // The listing's state is stored every ten tiles: the kill comes once it has been stored.
    const stopped = await runAndStop(
      emu.graphUrl,
      (urls) => [...urls, ...args(killed)],
      env,
      () => existsSync(`${killed}.partial/descent.json`),
      'SIGKILL',
    );
    try {
      assert.equal(stopped.signal, 'SIGKILL', stopped.output);
      assert.ok(!existsSync(killed), 'no output under the final name after the kill');
      emu.resetLog();
      const summary = await inProcess([...stopped.urls, ...args(killed)]);
      assert.match(summary, /taken from an earlier run/);
      const again = emu.count('tiles:');
      assert.ok(again > 0 && again <= whole - 10, `${again} of ${whole} tiles read again`);
    } finally {
      await stopped.close();
    }
    assert.deepEqual(readFileSync(killed), readFileSync(reference));
    assert.ok(!existsSync(`${killed}.partial`), 'the state is gone after the re-run');
  });
});
