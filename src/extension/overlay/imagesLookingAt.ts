// "Images looking at here" for a place picked on a file shown over the map (a point of a point
// file, or a place in a polygon): the command that finds the images whose camera faces the place
// takes `{ lon, lat }`; it is called by id, so this module does not depend on where it lives.
import * as vscode from 'vscode';
import type { Logger } from '../../shared/logger';
import { redact } from '../../shared/redact';

/** The command that lists the images looking at a place. */
export const IMAGES_LOOKING_AT_HERE = 'mapillary.imagesLookingAtHere';

/** Runs "Images looking at here" for a place; says so when the command is not there. */
export async function imagesLookingAtHere(log: Logger, lon: number, lat: number): Promise<void> {
  const place = `${lon.toFixed(6)},${lat.toFixed(6)}`;
  log.info(`images looking at ${place} asked for`);
  const known = await vscode.commands.getCommands(true);
  if (!known.includes(IMAGES_LOOKING_AT_HERE)) {
    log.warn(`${IMAGES_LOOKING_AT_HERE} is not available`);
    void vscode.window.showWarningMessage(
      `Mapillary: "Images Looking at Here" is not available in this version of the extension (place ${place}).`,
    );
    return;
  }
  try {
    await vscode.commands.executeCommand(IMAGES_LOOKING_AT_HERE, { lon, lat });
  } catch (error) {
    const message = redact(error instanceof Error ? error.message : String(error));
    log.warn(`images looking at ${place} failed: ${message}`);
    void vscode.window.showErrorMessage(`Mapillary: ${message}`);
  }
}
