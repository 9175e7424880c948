// Everything the extension does beyond registering itself. It is bundled separately (dist/features.js)
// and loaded on first use, so activation evaluates a few kilobytes instead of the schema library and
// the rest of the core.
import * as vscode from 'vscode';
import type { Logger } from '../shared/logger';
import { createAuthFlows } from './auth/authFlows';
import type { AuthFlows, AuthServices } from './auth/authServices';
import { extensionTileTokens } from './auth/tileTokens';
import { runCheckConnection } from './checkConnection';
import type { ConnectionReport } from '../core/api/connectionCheck';
import { MapController } from './mapController';
import { type MapPanelTimings } from './mapPageState';
import { ServiceHost, environmentTokens } from './serviceHost';
import { createExplorerFeature, type ExplorerFeature } from './tree/explorerFeature';
import type { ExportCommandId } from './export/exportCommandIds';
import { runExportCommand } from './export/exportCommands';
import { createIdFeature, type IdFeature } from './ids/idFeature';
import { createToolFeature } from './lmTools/toolFeature';
import type { OverlayHandlers } from './overlay/overlayCommands';
import { createOverlayFeature } from './overlay/overlayFeature';
import type { ToolHandlers } from './lmTools/toolRegistration';
import { createViewerFeature, type ViewerFeature } from './viewer/viewerFeature';

/** The lazily loaded half of the extension. */
export interface Features {
  openMap(): void;
  restoreMap(panel: vscode.WebviewPanel, state: unknown): void;
  mapTimings(): MapPanelTimings | undefined;
  /** Sign-in flows (browser, pasted token, account check). */
  authFlows: AuthFlows;
  /** The Mapillary API clients (Graph, tiles), built from the settings with the session's token. */
  services: ServiceHost;
  /** The Explorer tree's handlers (organizations, sequences, images, searches). */
  explorer: ExplorerFeature;
  /** Runs an export command ("Export Metadata…" and the like) with the command's arguments. */
  runExport(id: ExportCommandId, args: unknown[]): Promise<void>;
  /** "Mapillary: Check Connection": the three calls and their report (no token in it). */
  checkConnection(): Promise<ConnectionReport | undefined>;
  /** The id hovers' lookups and actions. */
  ids: IdFeature;
  /** The language-model tools' handlers. */
  tools: ToolHandlers;
  /** The street-level viewer and its commands. */
  viewer: ViewerFeature;
  /** The commands on files shown over the map (Show on Map, List Points, Use as Area). */
  overlays: OverlayHandlers;
  dispose(): void;
}

/**
 * `auth` is the sign-in state created at activation; requests get their token from
 * `auth.tokens.getToken` and report code 190 to `auth.tokens.onInvalidToken`.
 */
export function createFeatures(
  context: vscode.ExtensionContext,
  log: Logger,
  auth: AuthServices,
): Features {
  const services = new ServiceHost(context, log, {
    tokenSource: auth.tokens,
    tileTokens: extensionTileTokens({
      store: auth.store,
      secrets: context.secrets,
      environment: environmentTokens,
    }),
  });
  const map = new MapController(context, log, services);
  const explorer = createExplorerFeature(context, log, services, auth, map);
  const ids = createIdFeature(services, log);
  const viewer = createViewerFeature(
    context,
    log,
    services,
    map,
    { execute: (command, ...args) => vscode.commands.executeCommand(command, ...args) },
    { info: (text) => void vscode.window.showInformationMessage(text) },
  );
  return {
    services,
    explorer,
    openMap: () => map.show(),
    restoreMap: (panel, state) => map.restore(panel, state),
    mapTimings: () => map.timings(),
    runExport: (id, args) =>
      runExportCommand(
        {
          services,
          log,
          mapSelection: () => map.selection(),
          searchIds: (node) => explorer.current()?.model.searchIds(node) ?? [],
        },
        id,
        args,
      ),
    authFlows: createAuthFlows(auth),
    checkConnection: () => runCheckConnection(services, log),
    ids,
    tools: createToolFeature(services, log),
    viewer,
    overlays: createOverlayFeature(map, log),
    dispose: () => {
      viewer.dispose();
      ids.dispose();
      explorer.dispose();
      map.dispose();
      services.dispose();
    },
  };
}
