// The map panel in the real host: the command opens one webview panel, a second call reveals it,
// and the webview completes the ready handshake.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { MapillaryExplorerApi } from '../../../src/extension/extension';

const EXTENSION_ID = 'mapillary-explorer.mapillary-explorer';

function mapTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter(
      (t) =>
        t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mapillary.map'),
    );
}

async function waitFor<T>(
  what: string,
  probe: () => T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Mapillary: Open Map', () => {
  let api: MapillaryExplorerApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<MapillaryExplorerApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens one map panel whose webview says ready', async () => {
    await vscode.commands.executeCommand('mapillary.openMap');
    // The tab model reaches the extension host asynchronously.
    await waitFor('the map tab', () => (mapTabs().length > 0 ? true : undefined));
    assert.equal(mapTabs().length, 1);
    assert.equal(mapTabs()[0]?.label, 'Mapillary Map');
    const timings = await waitFor('the ready handshake', () =>
      api.mapTimings()?.readyAt ? api.mapTimings() : undefined,
    );
    assert.ok((timings.readyAt ?? 0) >= timings.openedAt);
  });

  it('reveals the existing panel instead of opening a second one', async () => {
    await vscode.commands.executeCommand('mapillary.openMap');
    await vscode.commands.executeCommand('mapillary.openMap');
    // Let any (wrongly) created second tab reach the tab model before counting.
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(mapTabs().length, 1);
  });

  it('reports a drawn map', async () => {
    const timings = await waitFor('the first drawn map', () =>
      api.mapTimings()?.drawnAt ? api.mapTimings() : undefined,
    );
    assert.ok((timings.drawnAt ?? 0) >= (timings.readyAt ?? Infinity));
  });
});
