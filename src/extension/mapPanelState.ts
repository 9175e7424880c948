// What the map panel reads from outside itself: its webview's options, the basemap setting (with
// a warning when it is unusable), and the view and settings the last map saved in the workspace.
import * as vscode from 'vscode';
import { resolveBasemap } from '../shared/basemap';
import type { Logger } from '../shared/logger';
import {
  DEFAULT_MAP_SETTINGS,
  mapSettingsSchema,
  type MapSettings,
} from '../shared/map/mapSettings';
import { mapViewSchema, type Basemap, type MapView } from '../shared/messages';

/** Where the last view and settings of the map are kept in the workspace state. */
export const VIEW_STATE_KEY = 'mapillary.map.view';
export const SETTINGS_STATE_KEY = 'mapillary.map.settings';

/** The options of the map's and the viewer's webviews: scripts on, only the built webview assets readable. */
export function panelWebviewOptions(
  context: vscode.ExtensionContext,
): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableForms: false,
    // Only the built webview assets, never the workspace or the rest of the extension.
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
    retainContextWhenHidden: false,
  };
}

/** The view the last map panel showed in this workspace, if it was saved and is valid. */
export function savedMapView(context: vscode.ExtensionContext): MapView | undefined {
  const saved = mapViewSchema.safeParse(context.workspaceState.get(VIEW_STATE_KEY));
  return saved.success ? saved.data : undefined;
}

/** The settings the last map saved in this workspace, else the defaults. */
export function savedMapSettings(context: vscode.ExtensionContext): MapSettings {
  const saved = mapSettingsSchema.safeParse(context.workspaceState.get(SETTINGS_STATE_KEY));
  return saved.success ? saved.data : DEFAULT_MAP_SETTINGS;
}

/** The basemap of the settings, and its CSP source; none (with a warning) when it is unusable. */
export function readBasemapSetting(log: Logger): {
  basemap: Basemap;
  cspSource: string | undefined;
} {
  const config = vscode.workspace.getConfiguration('mapillary.basemap');
  const result = resolveBasemap(config.get('url', ''), config.get('attribution', ''));
  switch (result.kind) {
    case 'none':
      return { basemap: null, cspSource: undefined };
    case 'invalid':
      log.warn(`mapillary.basemap.url is ignored: ${result.reason}`);
      void vscode.window.showWarningMessage(
        `Mapillary: the basemap URL setting is ignored because ${result.reason}.`,
      );
      return { basemap: null, cspSource: undefined };
    case 'ok':
      return {
        basemap: { url: result.source.url, attribution: result.source.attribution },
        cspSource: result.source.cspSource,
      };
  }
}
