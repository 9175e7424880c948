// Entry point of the extension. Activation only registers things: every piece of real work starts
// from a command, a view or a restored panel, so activation stays in the low milliseconds.
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { ChannelLogger } from './log';
import { MapPanel } from './mapPanel';

// Set by the bundle's first line (see esbuild.mjs); falls back to now when run unbundled.
const bundleStart =
  (globalThis as { __mapillaryBundleStart?: number }).__mapillaryBundleStart ?? performance.now();
const moduleLoadedAt = performance.now();

/** What the extension returns from `activate`, for other extensions and for the tests. */
export interface MapillaryExplorerApi {
  /** Milliseconds spent in `activate` (registrations only). */
  readonly activationMs: number;
  /** Milliseconds spent evaluating the bundle before `activate` was called. */
  readonly bundleEvalMs: number;
  /** The open map panel's timings, if a panel is open. */
  mapTimings(): { openedAt: number; readyAt?: number; drawnAt?: number } | undefined;
}

export function activate(context: vscode.ExtensionContext): MapillaryExplorerApi {
  const started = performance.now();
  const log = new ChannelLogger();
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('mapillary.openMap', () => {
      MapPanel.show(context, log);
    }),
    vscode.commands.registerCommand('mapillary.showLog', () => log.show()),
    MapPanel.registerSerializer(context, log),
    { dispose: () => MapPanel.current?.dispose() },
  );
  const activationMs = performance.now() - started;
  log.info(
    `activated in ${activationMs.toFixed(2)} ms; bundle evaluated in ${(moduleLoadedAt - bundleStart).toFixed(2)} ms`,
  );
  return {
    activationMs,
    bundleEvalMs: moduleLoadedAt - bundleStart,
    mapTimings: () => MapPanel.current?.timings,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
