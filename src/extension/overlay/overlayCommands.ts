// The commands on files shown over the map, registered at activation: each forwards to the
// overlay feature in features.js, loaded on first use, and shows its error (which says what to do)
// instead of throwing. package.json names the same ids, titles and menus.
import * as vscode from 'vscode';
import type { Logger } from '../../shared/logger';
import { redact } from '../../shared/redact';

/** "Show on Map" in the Explorer's file menu; "Show File on Map" in the palette. */
export const SHOW_ON_MAP = 'mapillary.overlay.showOnMap';
export const SHOW_FILE_ON_MAP = 'mapillary.overlay.showFileOnMap';
/** "Use File as Area": a polygon file becomes the area of the Explorer, searches and exports. */
export const USE_AS_AREA = 'mapillary.overlay.useAsArea';
/** "List Points of File": a point file's points, each with "Images looking at here". */
export const LIST_POINTS = 'mapillary.overlay.listPoints';

/** What the loaded feature does for each command. */
export interface OverlayHandlers {
  showOnMap(args: unknown[]): Promise<void>;
  useAsArea(args: unknown[]): Promise<void>;
  listPoints(args: unknown[]): Promise<void>;
}

/** Registers the commands; `load` gives the handlers on first use. */
export function registerOverlayCommands(
  context: vscode.ExtensionContext,
  log: Logger,
  load: () => Promise<OverlayHandlers>,
): void {
  const run =
    (id: string, call: (h: OverlayHandlers, args: unknown[]) => Promise<void>) =>
    async (...args: unknown[]): Promise<void> => {
      try {
        await call(await load(), args);
      } catch (error) {
        const message = redact(error instanceof Error ? error.message : String(error));
        log.warn(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Mapillary: ${message}`);
      }
    };
  context.subscriptions.push(
    vscode.commands.registerCommand(
      SHOW_ON_MAP,
      run(SHOW_ON_MAP, (h, a) => h.showOnMap(a)),
    ),
    vscode.commands.registerCommand(
      SHOW_FILE_ON_MAP,
      run(SHOW_FILE_ON_MAP, (h, a) => h.showOnMap(a)),
    ),
    vscode.commands.registerCommand(
      USE_AS_AREA,
      run(USE_AS_AREA, (h, a) => h.useAsArea(a)),
    ),
    vscode.commands.registerCommand(
      LIST_POINTS,
      run(LIST_POINTS, (h, a) => h.listPoints(a)),
    ),
  );
}
