// Everything the extension does beyond registering itself. It is bundled separately (dist/features.js)
// and loaded on first use, so activation evaluates a few kilobytes instead of the schema library and
// the rest of the core.
import type * as vscode from 'vscode';
import type { Logger } from '../shared/logger';
import { MapPanel, type MapPanelTimings } from './mapPanel';

/** The lazily loaded half of the extension. */
export interface Features {
  openMap(): void;
  restoreMap(panel: vscode.WebviewPanel, state: unknown): void;
  mapTimings(): MapPanelTimings | undefined;
  dispose(): void;
}

export function createFeatures(context: vscode.ExtensionContext, log: Logger): Features {
  return {
    openMap: () => {
      MapPanel.show(context, log);
    },
    restoreMap: (panel, state) => MapPanel.restore(panel, state, context, log),
    mapTimings: () => MapPanel.current?.timings,
    dispose: () => MapPanel.current?.dispose(),
  };
}
