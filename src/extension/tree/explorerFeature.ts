// The Explorer as features.js offers it: created the first time the view or a command needs it,
// with the window's map, and disposed with the rest of the features.
import type * as vscode from 'vscode';
import { type Logger } from '../../shared/logger';
import { type AuthServices } from '../auth/authServices';
import { type ServiceHost } from '../serviceHost';
import { Explorer } from './explorer';
import { type ExplorerHandlers, type ExplorerTreeHost } from './explorerRegistration';
import { type MapLink } from './mapLink';

/** The Explorer's entry points for features.js. */
export interface ExplorerFeature {
  /** The Explorer for the registered view (created on the first call). */
  handlers(host: ExplorerTreeHost): ExplorerHandlers;
  /** The Explorer, once created (for tests and benchmarks). */
  current(): Explorer | undefined;
  dispose(): void;
}

/** Creates the Explorer feature over the window's map. */
export function createExplorerFeature(
  context: vscode.ExtensionContext,
  log: Logger,
  services: ServiceHost,
  auth: AuthServices | undefined,
  map: MapLink,
): ExplorerFeature {
  let explorer: Explorer | undefined;
  return {
    handlers: (host) => (explorer ??= new Explorer({ context, log, services, auth, map }, host)),
    current: () => explorer,
    dispose: () => explorer?.dispose(),
  };
}
