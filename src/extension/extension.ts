// Entry point of the extension. Activation only registers commands, views and the panel serializer;
// the code behind them (dist/features.js) is loaded the first time one of them is used.
import { createRequire } from 'node:module';
import * as vscode from 'vscode';
import { registerMapillaryAuth } from './auth/mapillaryAuth';
import { readTileBudget } from './auth/tileBudgetReading';
import type { Features, createFeatures } from './features';
import { redact } from '../shared/redact';
import { EXPORT_COMMANDS } from './export/exportCommandIds';
import { ChannelLogger } from './log';
import { registerExplorer } from './tree/explorerRegistration';
import { registerIdProviders } from './ids/idProviders';
import { type RegisteredTools, registerLanguageModelTools } from './lmTools/toolRegistration';
import { registerOverlayCommands } from './overlay/overlayCommands';

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
  /** The registered language-model tools, by name (their `prepareInvocation` is tested in-host). */
  readonly languageModelTools: RegisteredTools;
}

export function activate(context: vscode.ExtensionContext): MapillaryExplorerApi {
  const started = performance.now();
  const log = new ChannelLogger();
  let loaded: Features | undefined;
  let loading: Promise<Features> | undefined;
  // Sign-in registers its provider, URI handler and commands now; its flows come with features.js.
  const auth = registerMapillaryAuth(context, {
    log,
    flows: async () => (await features()).authFlows,
    tileBudget: () => readTileBudget(context),
  });
  const features = (): Promise<Features> => {
    loading ??= Promise.resolve().then(() => {
      const t = performance.now();
      // A runtime require that esbuild leaves alone: features.js is a bundle of its own.
      const m = createRequire(__filename)('./features.js') as {
        createFeatures: typeof createFeatures;
      };
      loaded = m.createFeatures(context, log, auth);
      log.info(`features loaded in ${(performance.now() - t).toFixed(1)} ms`);
      return loaded;
    });
    return loading;
  };

  // The Explorer's view and commands are registered now; the tree behind them comes with features.js.
  registerExplorer(context, async (host) => (await features()).explorer.handlers(host));
  // Id hovers, id links and the language-model tools; their lookups come with features.js.
  registerIdProviders(context, async () => (await features()).ids);
  const languageModelTools = registerLanguageModelTools(
    context,
    async () => (await features()).tools,
  );
  registerOverlayCommands(context, log, async () => (await features()).overlays);
  context.subscriptions.push(
    ...EXPORT_COMMANDS.map((id) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await (await features()).runExport(id, args);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          log.warn(`${id} failed: ${redact(message)}`);
          void vscode.window.showErrorMessage(redact(message));
        }
      }),
    ),
  );
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('mapillary.openMap', async () => (await features()).openMap()),
    vscode.commands.registerCommand('mapillary.showLog', () => log.show()),
    vscode.commands.registerCommand('mapillary.checkConnection', async () =>
      (await features()).checkConnection(),
    ),
    vscode.window.registerWebviewPanelSerializer('mapillary.map', {
      deserializeWebviewPanel: async (panel, state: unknown) =>
        (await features()).restoreMap(panel, state),
    }),
    { dispose: () => loaded?.dispose() },
  );
  const activationMs = performance.now() - started;
  log.info(
    `activated in ${activationMs.toFixed(2)} ms; bundle evaluated in ${(moduleLoadedAt - bundleStart).toFixed(2)} ms`,
  );
  return {
    activationMs,
    bundleEvalMs: moduleLoadedAt - bundleStart,
    mapTimings: () => loaded?.mapTimings(),
    languageModelTools,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
