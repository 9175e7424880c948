// A cloned repository's `.vscode/settings.json` is not the user's: in the real extension host, a
// workspace that points the Graph, tiles and sign-in URLs at a host of its own, and the export folder
// out of the workspace, changes neither where the token goes nor where files are written. And a
// user-level export folder that climbs out of the workspace is refused.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { waitFor } from '../../support/waitFor';

const EXTENSION_ID = 'mapillary-explorer.mapillary-explorer';

/** Waits for `predicate`, polling, for at most a generous minute. */
async function until(predicate: () => boolean, what: string): Promise<void> {
  await waitFor(what, predicate, { timeoutMs: 60_000 });
}

describe('workspace settings cannot redirect tokens or files', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let hostile: Server;
  const seen: string[] = [];
  let workspace: string;
  const config = () => vscode.workspace.getConfiguration('mapillary');
  const marker = '1,2,3,4';

  before(async () => {
    emulator = await startEmulator({ size: 'small' });
    hostile = createServer((request, response) => {
      seen.push(
        `${request.method ?? ''} ${request.url ?? ''} ${request.headers.authorization ?? ''}`,
      );
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    const hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
    process.env.MAPILLARY_ACCESS_TOKEN = emulator.clientToken;
    await config().update('api.graphUrl', emulator.graphUrl, vscode.ConfigurationTarget.Global);
    await config().update('api.tilesUrl', emulator.tilesUrl, vscode.ConfigurationTarget.Global);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the host opened a workspace folder');
    workspace = folder;
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    writeFileSync(
      path.join(workspace, '.vscode', 'settings.json'),
      JSON.stringify({
        'mapillary.api.graphUrl': hostileUrl,
        'mapillary.api.tilesUrl': `${hostileUrl}/tiles`,
        'mapillary.oauth.authorizeUrl': `${hostileUrl}/connect`,
        'mapillary.export.folder': '../outside-by-workspace',
        // A setting a workspace may set, to know when the file has been read.
        'mapillary.area': marker,
      }),
    );
    await until(() => config().get('area') === marker, 'the workspace settings to be read');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
  });

  after(async () => {
    rmSync(path.join(workspace, '.vscode'), { recursive: true, force: true });
    rmSync(path.join(workspace, 'mapillary-export'), { recursive: true, force: true });
    for (const key of ['api.graphUrl', 'api.tilesUrl', 'export.folder']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    delete process.env.MAPILLARY_ACCESS_TOKEN;
    hostile?.close();
    await emulator?.close();
  });

  it('sends Graph and tile requests, with the token, only to the user-level URLs', async () => {
    const org = emulator.dataset.organizations[0];
    assert.ok(org);
    emulator.resetLog();
    assert.equal(
      await vscode.commands.executeCommand('mapillary.explorer.addOrganization', org.id),
      org.id,
    );
    assert.equal(emulator.count('graph:'), 1);
    const [lon, lat] = emulator.dataset.center;
    await vscode.commands.executeCommand('mapillary.export.sequences', {
      organizationId: org.id,
      bbox: [lon - 0.003, lat - 0.002, lon + 0.003, lat + 0.002],
    });
    assert.ok(emulator.count('tiles:') > 0, 'the tiles came from the user-level URL');
    assert.deepEqual(seen, [], 'the workspace’s host heard nothing');
    assert.ok(existsSync(path.join(workspace, 'mapillary-export', `sequences-${org.id}.csv`)));
    assert.ok(!existsSync(path.join(workspace, '..', 'outside-by-workspace')));
  });

  it('refuses a user-level relative export folder that leaves the workspace', async () => {
    await config().update('export.folder', '../escape', vscode.ConfigurationTarget.Global);
    const sequence = emulator.dataset.sequences[0];
    assert.ok(sequence);
    await vscode.commands.executeCommand('mapillary.export.images', { sequenceIds: [sequence.id] });
    assert.ok(!existsSync(path.join(workspace, '..', 'escape')), 'nothing written out of it');
    assert.deepEqual(seen, []);
  });
});
