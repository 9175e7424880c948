// Registers the viewer's commands and its panel serializer at activation, forwarding to the viewer
// in features.js, which is loaded the first time one of them is used. It imports nothing heavy:
// it is part of the small bundle evaluated at activation.
import * as vscode from 'vscode';
import { redact } from '../../shared/redact';
import { type Logger } from '../../shared/logger';
import { type ViewerFeature } from './viewerFeature';

/** The viewer's webview panel type; also named in package.json's activation events. */
export const VIEWER_VIEW_TYPE = 'mapillary.viewer';

/** The viewer's command ids, as package.json declares them. */
export const VIEWER_COMMANDS = {
  open: 'mapillary.viewer.open',
  revealInTree: 'mapillary.viewer.revealInTree',
} as const;

/** Registers the commands and the serializer; `load` gives the viewer on first use. */
export function registerViewer(
  context: vscode.ExtensionContext,
  log: Logger,
  load: () => Promise<ViewerFeature>,
): void {
  const guarded =
    (run: (viewer: ViewerFeature, args: unknown[]) => Promise<void>) =>
    async (...args: unknown[]): Promise<void> => {
      try {
        await run(await load(), args);
      } catch (error) {
        const text = redact(error instanceof Error ? error.message : String(error));
        log.warn(`viewer command failed: ${text}`);
        void vscode.window.showErrorMessage(`Mapillary: ${text}`);
      }
    };
  context.subscriptions.push(
    vscode.commands.registerCommand(
      VIEWER_COMMANDS.open,
      guarded((viewer, args) => viewer.open(args)),
    ),
    vscode.commands.registerCommand(
      VIEWER_COMMANDS.revealInTree,
      guarded((viewer) => viewer.revealInTree()),
    ),
    vscode.window.registerWebviewPanelSerializer(VIEWER_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) =>
        (await load()).restore(panel, state),
    }),
  );
}
