// The viewer's half in features.js: the window's ViewerController over the extension's client and
// the map, and its commands. "Open in Viewer" takes an image id (a hover's Open, Open Image), a tree
// item (an image, or a sequence's first image), or nothing (then it asks, as Open Image does).
import type * as vscode from 'vscode';
import { type Logger } from '../../shared/logger';
import { hintArgument, imageIdArgument } from '../../shared/viewer/viewerArguments';
import { type ServiceHost } from '../serviceHost';
import { ViewerController, type ViewerMapLink } from './viewerController';
import { clientSources } from '../../core/viewer/viewerService';

/** The viewer's entry points for features.js. */
export interface ViewerFeature {
  controller: ViewerController;
  /** "Open in Viewer" with the command's arguments. */
  open(args: readonly unknown[]): Promise<void>;
  /** "Reveal Viewer Image in Tree". */
  revealInTree(): Promise<void>;
  restore(panel: vscode.WebviewPanel, state: unknown): void;
  dispose(): void;
}

/** Creates the viewer feature; `commands` runs other commands (VS Code's, or a test's). */
export function createViewerFeature(
  context: vscode.ExtensionContext,
  log: Logger,
  services: ServiceHost,
  map: ViewerMapLink,
  commands: { execute(command: string, ...args: unknown[]): Thenable<unknown> },
  ui: { info(text: string): void },
): ViewerFeature {
  const controller = new ViewerController(
    context,
    log,
    () => ({
      ...clientSources(() => services.get()),
      onRead: (what, ids) => log.debug(`viewer: Graph read ${what}, ${ids} ids`),
    }),
    map,
  );
  return {
    controller,
    open: async (args) => {
      const id = imageIdArgument(args[0]);
      if (id) {
        // A map feature's image comes with the detection to highlight: `{ detectionId }`.
        const detectionId = (args[1] as { detectionId?: unknown } | undefined)?.detectionId;
        controller.open(id, {
          ...(typeof detectionId === 'string' ? { highlightDetectionId: detectionId } : {}),
          ...hintArgument(args),
        });
        return;
      }
      // Nothing usable given: ask as Open Image does; it opens the viewer with the answer.
      await commands.execute('mapillary.explorer.openImage');
    },
    revealInTree: async () => {
      const current = controller.current();
      if (!current) {
        ui.info('Mapillary: open an image in the viewer first.');
        return;
      }
      await commands.execute('mapillary.explorer.revealInTree', current.id);
    },
    restore: (panel, state) => controller.restore(panel, state),
    dispose: () => controller.dispose(),
  };
}
