// Everything the extension does beyond registering itself. It is bundled separately (dist/features.js)
// and loaded on first use, so activation evaluates a few kilobytes instead of the schema library and
// the rest of the core.
import type * as vscode from 'vscode';
import type { Logger } from '../shared/logger';
import { createAuthFlows } from './auth/authFlows';
import type { AuthFlows, AuthServices } from './auth/authServices';
import { MapController } from './mapController';
import { type MapPanelTimings } from './mapPanel';
import { ServiceHost } from './serviceHost';
import { createExplorerFeature, type ExplorerFeature } from './tree/explorerFeature';
import type { ExportCommandId } from './export/exportCommandIds';
import { runExportCommand } from './export/exportCommands';

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
  const services = new ServiceHost(context, log, auth.tokens);
  const map = new MapController(context, log, services);
  const explorer = createExplorerFeature(context, log, services, auth, map);
  return {
    services,
    explorer,
    openMap: () => map.show(),
    restoreMap: (panel, state) => map.restore(panel, state),
    mapTimings: () => map.timings(),
    runExport: (id, args) =>
      runExportCommand({ services, log, mapSelection: () => map.selection() }, id, args),
    authFlows: createAuthFlows(auth),
    dispose: () => {
      explorer.dispose();
      map.dispose();
      services.dispose();
    },
  };
}
