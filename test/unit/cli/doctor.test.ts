import { strict as assert } from 'node:assert';
import { runCli } from '../../../src/cli/cli';
import { type ConnectionReport } from '../../../src/core/api/connectionCheck';
import { type Emulator } from '../../emulator/emulator';
import { useEmulator } from '../core/harness';
import { Capture } from '../../support/cliRun';

async function doctor(
  emu: Emulator,
  args: string[],
  env: NodeJS.ProcessEnv,
  tilesUrl = emu.tilesUrl,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(
    ['doctor', '--api-url', emu.graphUrl, '--tiles-url', tilesUrl, '--retries', '0', ...args],
    { stdout, stderr, env },
  );
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A z14 tile of the emulated city, whose image points give the batched read several ids. */
function cityTile(emu: Emulator): string {
  const [lon, lat] = emu.dataset.center;
  const n = 2 ** 14;
  const s = Math.sin((lat * Math.PI) / 180);
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n);
  return `14/${x}/${y}`;
}

function tokensIn(emu: Emulator, user: string, text: string): string[] {
  return [emu.clientToken, user, emu.clientToken.split('|')[2] ?? '-', user.split('|')[2] ?? '-']
    .filter((t) => t.length > 8 && text.includes(t))
    .map((t) => t.slice(0, 6));
}

describe('doctor (emulator)', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ size: 'small', seed: 7 });

  it('makes one Graph call, one batched read and one tile call with a client token', async () => {
    const emu = emulator();
    const result = await doctor(emu, ['--tile', cityTile(emu)], {
      MAPILLARY_ACCESS_TOKEN: emu.clientToken,
    });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /everything worked/);
    assert.match(
      result.stdout,
      /\[ OK \] Graph call +GET http:\/\/127\.0\.0\.1:\d+\/me\?fields=id,username/,
    );
    assert.match(result.stdout, /\[ OK \] Batched read +GET .*\/images\?image_ids=3 ids/);
    assert.match(result.stdout, /\[ OK \] Tile call +GET .*\/maps\/vtp\/mly1_public\/2\/14\//);
    assert.match(
      result.stdout,
      /Tile path +http:\/\/127\.0\.0\.1:\d+\/maps\/vtp\/mly1_public\/2\/\{z\}\/\{x\}\/\{y\}/,
    );
    assert.match(result.stdout, /Token +MLY\|\[redacted\] \(a client token/);
    assert.match(result.stdout, /Rate limit +\d+% headroom \(x-app-usage: call_count \d+%/);
    assert.deepEqual(tokensIn(emu, '-', result.stdout + result.stderr), []);
    // Exactly the three calls: /me (which also tells the token's kind), the batch, the tile.
    assert.deepEqual(
      emu.requests().map((r) => r.endpoint),
      ['graph:me', 'tiles:mly1_public', 'graph:images_batch'],
    );
    const tile = emu.requests().find((r) => r.endpoint === 'tiles:mly1_public');
    assert.deepEqual(tile?.auth, { header: false, via: 'query', kind: 'client' });
  });

  it('reports a user token: Graph works, tiles need the client token, and names the fix', async () => {
    const emu = emulator();
    const user = emu.issueUserToken();
    const ids = emu.dataset.images.slice(0, 2).map((i) => i.id);
    const result = await doctor(emu, ['--ids', ids.join(','), '--json'], {
      MAPILLARY_ACCESS_TOKEN: user,
    });
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as ConnectionReport;
    assert.equal(report.tokenKind, 'user');
    const byName = Object.fromEntries(report.steps.map((s) => [s.name, s]));
    assert.equal(byName.graph?.ok, true);
    assert.equal(byName.batch?.ok, true);
    assert.equal(byName.tiles?.skipped, true);
    assert.match(byName.tiles?.detail ?? '', /MAPILLARY_ACCESS_TOKEN holds a user token/);
    assert.match(byName.tiles?.detail ?? '', /set MAPILLARY_CLIENT_TOKEN/);
    assert.equal(emu.count('tiles:'), 0, 'no tile request with a user token');
    assert.deepEqual(tokensIn(emu, user, result.stdout + result.stderr), []);
  });

  it('uses the client token for tiles beside a user token for Graph calls', async () => {
    const emu = emulator();
    const user = emu.issueUserToken();
    const result = await doctor(emu, ['--tile', cityTile(emu)], {
      MAPILLARY_ACCESS_TOKEN: user,
      MAPILLARY_CLIENT_TOKEN: emu.clientToken,
    });
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /Tiles: the client token from MAPILLARY_CLIENT_TOKEN/);
    for (const r of emu.requests()) {
      if (r.endpoint.startsWith('tiles:')) {
        assert.deepEqual(r.auth, { header: false, via: 'query', kind: 'client' });
      } else {
        assert.equal(r.auth?.via, 'header', r.endpoint);
      }
    }
    assert.deepEqual(tokensIn(emu, user, result.stdout + result.stderr), []);
  });

  it('fails the tile call on the old URL form and says which URL shape and token were used', async () => {
    const emu = emulator();
    const base = emu.tilesUrl.replace(/\/maps\/vtp$/, '');
    const result = await doctor(emu, ['--json'], { MAPILLARY_CLIENT_TOKEN: emu.clientToken }, base);
    // The setting is corrected (with a warning), so the check itself still works.
    assert.match(result.stderr, /was corrected/);
    assert.equal(result.code, 0, result.stdout);
    const report = JSON.parse(result.stdout) as ConnectionReport;
    assert.equal(report.tilesUrl, emu.tilesUrl);
  });
});

describe('doctor against a service without /images?image_ids= (emulator)', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ size: 'small', seed: 7, imageIdsForm: false });

  it('reports the /?ids= fallback', async () => {
    const emu = emulator();
    const result = await doctor(emu, ['--tile', cityTile(emu)], {
      MAPILLARY_ACCESS_TOKEN: emu.clientToken,
    });
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /Batch form +\/\?ids= \(fallback\)/);
    assert.match(result.stdout, /refused \/images\?image_ids=/);
  });
});
