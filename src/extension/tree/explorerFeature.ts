// The Explorer as features.js offers it: created the first time the view or a command needs it,
// told about each map panel that opens, and disposed with the rest of the features.
import * as vscode from 'vscode';
import { type Logger } from '../../shared/logger';
import { type AuthServices } from '../auth/authServices';
import { type MapPanel } from '../mapPanel';
import { type ServiceHost } from '../serviceHost';
import { Explorer } from './explorer';
import { type ExplorerHandlers, type ExplorerTreeHost } from './explorerRegistration';
import { MapPanelLink } from './mapLink';

/** The Explorer's entry points for features.js. */
export interface ExplorerFeature {
  /** The Explorer for the registered view (created on the first call). */
  handlers(host: ExplorerTreeHost): ExplorerHandlers;
  /** Call after a map panel is shown or restored, so map selections reach the tree. */
  panelOpened(panel: MapPanel): void;
  /** The Explorer, once created (for tests and benchmarks). */
  current(): Explorer | undefined;
  dispose(): void;
}

/** Creates the Explorer feature; `openMap` opens (or shows) the map panel. */
export function createExplorerFeature(
  context: vscode.ExtensionContext,
  log: Logger,
  services: ServiceHost,
  auth: AuthServices | undefined,
  openMap: () => void,
): ExplorerFeature {
  const panels = new vscode.EventEmitter<MapPanel>();
  let explorer: Explorer | undefined;
  let link: MapPanelLink | undefined;
  return {
    handlers: (host) => {
      if (!explorer) {
        link = new MapPanelLink(context, openMap, panels.event);
        explorer = new Explorer({ context, log, services, auth, map: link }, host);
      }
      return explorer;
    },
    panelOpened: (panel) => panels.fire(panel),
    current: () => explorer,
    dispose: () => {
      explorer?.dispose();
      link?.dispose();
      panels.dispose();
    },
  };
}
