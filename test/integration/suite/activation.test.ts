// Runs inside the real VS Code extension host: the extension as a user gets it, from its VSIX.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { MapillaryExplorerApi } from '../../../src/extension/extension';

const EXTENSION_ID = 'mapillary-explorer.mapillary-explorer';

describe('activation', () => {
  it('is installed but not activated at startup (no * activation)', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'the extension is installed');
    const events =
      (extension.packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    assert.ok(!events.includes('*'), 'no * activation event');
  });

  it('activates quickly and registers its commands', async () => {
    const extension = vscode.extensions.getExtension<MapillaryExplorerApi>(EXTENSION_ID);
    assert.ok(extension);
    const api = await extension.activate();
    assert.ok(extension.isActive);
    assert.ok(api.activationMs < 200, `activate took ${api.activationMs} ms`);
    console.log(
      `    activation: activate() ${api.activationMs.toFixed(2)} ms, bundle evaluation ${api.bundleEvalMs.toFixed(2)} ms`,
    );
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['mapillary.openMap', 'mapillary.showLog']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it('contributes the activity-bar view and the settings', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const contributes = (extension?.packageJSON as { contributes: Record<string, unknown> })
      .contributes;
    const views = contributes.views as Record<string, { id: string }[]>;
    assert.equal(views.mapillary?.[0]?.id, 'mapillary.explorer');
    const basemap = vscode.workspace.getConfiguration('mapillary.basemap').inspect<string>('url');
    assert.equal(basemap?.defaultValue, 'https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    // The harness switches the basemap off for these suites, through the user settings.
    assert.equal(basemap?.globalValue, '');
  });
});
