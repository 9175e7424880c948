// What the map webview asks the window to do beyond fetching: open an image that detected a map
// feature (in the street-level viewer, which highlights that detection), copy a feature's id, export a feature, and open the settings at the basemap setting. Each message was
// validated against its schema before it gets here.
import * as vscode from 'vscode';
import type { Logger } from '../shared/logger';
import { featureExportBbox } from '../shared/map/featureAnswer';
import type { WebviewToHost } from '../shared/messages';

/** The messages this module handles. */
export type MapAction = Extract<
  WebviewToHost,
  { type: 'openFeatureImage' | 'featureAction' | 'openSetting' }
>;

/** Whether a webview message is one of the actions handled here. */
export function isMapAction(message: WebviewToHost): message is MapAction {
  return (
    message.type === 'openFeatureImage' ||
    message.type === 'featureAction' ||
    message.type === 'openSetting'
  );
}

/** Carries out one action of the map webview. */
export async function runMapAction(message: MapAction, context: { log: Logger }): Promise<void> {
  switch (message.type) {
    case 'openFeatureImage':
      await vscode.commands.executeCommand(
        'mapillary.viewer.open',
        message.imageId,
        message.detectionId ? { detectionId: message.detectionId } : undefined,
      );
      return;
    case 'featureAction':
      if (message.action === 'copyId') {
        await vscode.env.clipboard.writeText(message.featureId);
        void vscode.window.setStatusBarMessage(`Copied map feature id ${message.featureId}`, 3000);
        return;
      }
      if (!message.position) {
        void vscode.window.showWarningMessage(
          'Mapillary: this map feature has no position, so it cannot be exported.',
        );
        return;
      }
      context.log.info(`exporting map feature ${message.featureId} (${message.value})`);
      await vscode.commands.executeCommand('mapillary.export.mapFeatures', {
        bbox: featureExportBbox(message.position),
        values: message.value ? [message.value] : undefined,
        // One feature from its panel: GeoJSON, without asking.
        format: 'geojson',
      });
      return;
    case 'openSetting':
      await vscode.commands.executeCommand('workbench.action.openSettings', message.setting);
      return;
  }
}
