// "Mapillary: Check Connection" in the real extension host, against the emulator: one Graph call,
// one batched read and one tile call, reported with the token kind and the tile path; the old form of
// the tiles URL setting is corrected; and with only a user token at hand no tile request is made and
// the report says what is missing.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ConnectionReport } from '../../../src/core/api/connectionCheck';
import { type Emulator, startEmulator } from '../../emulator/emulator';

const EXTENSION_ID = 'mapillary-explorer.mapillary-explorer';

describe('Mapillary: Check Connection', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  const config = () => vscode.workspace.getConfiguration('mapillary');
  const check = () => vscode.commands.executeCommand<ConnectionReport>('mapillary.checkConnection');

  before(async () => {
    emulator = await startEmulator({ size: 'small' });
    process.env.MAPILLARY_ACCESS_TOKEN = emulator.clientToken;
    await config().update('api.graphUrl', emulator.graphUrl, vscode.ConfigurationTarget.Global);
    // The old form, without /maps/vtp: corrected, with a warning.
    await config().update('api.tilesUrl', emulator.graphUrl, vscode.ConfigurationTarget.Global);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
  });

  after(async () => {
    for (const key of ['api.graphUrl', 'api.tilesUrl']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    delete process.env.MAPILLARY_ACCESS_TOKEN;
    await emulator?.close();
  });

  it('is registered', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    assert.ok(all.has('mapillary.checkConnection'));
    assert.ok(all.has('mapillary.setClientToken'));
  });

  it('makes the three calls with a client token and reports each', async () => {
    emulator.resetLog();
    const report = await check();
    assert.ok(report, 'a report');
    assert.equal(report.ok, true, JSON.stringify(report.steps));
    assert.equal(report.tokenKind, 'client');
    assert.equal(report.tilesUrl, emulator.tilesUrl, 'the old form was corrected');
    assert.equal(report.tilePath, `${emulator.tilesUrl}/mly1_public/2/{z}/{x}/{y}`);
    assert.deepEqual(
      report.steps.map((s) => [s.name, s.ok]),
      [
        ['graph', true],
        ['batch', true],
        ['tiles', true],
      ],
    );
    assert.equal(typeof report.headroomPct, 'number');
    assert.ok(!JSON.stringify(report).includes(emulator.clientToken));
    const tiles = emulator.requests().filter((r) => r.endpoint.startsWith('tiles:'));
    assert.equal(tiles.length, 1);
    assert.deepEqual(tiles[0]?.auth, { header: false, via: 'query', kind: 'client' });
    assert.equal(emulator.count('tiles:old-path'), 0);
  });

  it('with only a user token, makes no tile request and says what is missing', async () => {
    const user = emulator.issueUserToken();
    process.env.MAPILLARY_ACCESS_TOKEN = user;
    emulator.resetLog();
    try {
      const report = await check();
      assert.ok(report);
      assert.equal(report.tokenKind, 'user');
      const tiles = report.steps.find((s) => s.name === 'tiles');
      assert.equal(tiles?.skipped, true);
      assert.match(tiles?.detail ?? '', /Set Client Token/);
      assert.equal(emulator.count('tiles:'), 0);
      assert.ok(!JSON.stringify(report).includes(user));
    } finally {
      process.env.MAPILLARY_ACCESS_TOKEN = emulator.clientToken;
    }
  });
});
