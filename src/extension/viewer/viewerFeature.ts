// The viewer's half in features.js: the window's ViewerController over the extension's client and
// the map, and its commands. "Open in Viewer" takes an image id (a hover's Open, Open Image), a tree
// item (an image, or a sequence's first image), or nothing (then it asks, as Open Image does).
import type * as vscode from 'vscode';
import { type Logger } from '../../shared/logger';
import { isId } from '../../shared/ids';
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

/** The image id a command argument names: an id, an image item, or a sequence item's first image. */
export function imageIdArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return isId('image', arg.trim()) ? arg.trim() : undefined;
  const node = arg as
    { kind?: unknown; image?: { id?: unknown }; sequence?: { firstImageId?: unknown } } | undefined;
  const id =
    node?.kind === 'image'
      ? node.image?.id
      : node?.kind === 'sequence'
        ? node.sequence?.firstImageId
        : undefined;
  return typeof id === 'string' && isId('image', id) ? id : undefined;
}

/**
 * The sequence of the image to open, when the command's arguments say it: a tree item of an image
 * or a sequence, or `{ sequenceId }` after the id. The viewer's first read then carries the images
 * that follow.
 */
export function sequenceArgument(args: readonly unknown[]): string | undefined {
  const node = args[0] as
    { kind?: unknown; image?: { sequence?: unknown }; sequence?: { id?: unknown } } | undefined;
  const given = (args[1] as { sequenceId?: unknown } | undefined)?.sequenceId;
  const id =
    typeof node === 'object' && node?.kind === 'image'
      ? node.image?.sequence
      : typeof node === 'object' && node?.kind === 'sequence'
        ? node.sequence?.id
        : given;
  return typeof id === 'string' && isId('sequence', id) ? id : undefined;
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
        const sequenceId = sequenceArgument(args);
        controller.open(id, {
          ...(typeof detectionId === 'string' ? { highlightDetectionId: detectionId } : {}),
          ...(sequenceId ? { sequenceId } : {}),
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
