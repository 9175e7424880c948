// The map panel in the real host: the command opens one webview panel, a second call reveals it,
// and the webview completes the ready handshake.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { MapillaryExplorerApi } from '../../../src/extension/extension';
import { waitFor } from '../../support/waitFor';

const EXTENSION_ID = 'mapillary-explorer.mapillary-explorer';

function mapTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter(
      (t) =>
        t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mapillary.map'),
    );
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
    await waitFor('the map tab', () => mapTabs().length > 0);
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
    // A tab opened after the two calls reaches the tab model after any (wrong) second map tab:
    // once it is there, the count of map tabs is final. It opens beside the map, which stays shown.
    // An empty untitled document: nothing to save when the suite closes the editors.
    const marker = await vscode.workspace.openTextDocument({ language: 'plaintext' });
    await vscode.window.showTextDocument(marker, {
      preview: false,
      preserveFocus: true,
      viewColumn: vscode.ViewColumn.Beside,
    });
    const markerUri = marker.uri.toString();
    await waitFor('the tab opened after the map', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .some(
          (t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === markerUri,
        ),
    );
    assert.equal(mapTabs().length, 1);
  });

  it('reports a drawn map', async () => {
    const timings = await waitFor('the first drawn map', () =>
      api.mapTimings()?.drawnAt ? api.mapTimings() : undefined,
    );
    assert.ok((timings.drawnAt ?? 0) >= (timings.readyAt ?? Infinity));
  });
});
