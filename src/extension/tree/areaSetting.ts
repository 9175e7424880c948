// The `mapillary.area` setting: the bounding box the Explorer lists organizations' sequences in.
import * as vscode from 'vscode';
import { type Bbox } from '../../shared/api/bbox';
import { type AreaParse, formatArea, parseArea } from '../../shared/explorer/areaText';

/** The setting's id. */
export const AREA_SETTING = 'mapillary.area';

/** The area in the setting: `undefined` when empty, else the parse (which may be a problem). */
export function readAreaSetting(): AreaParse | undefined {
  const text = vscode.workspace.getConfiguration('mapillary').get<string>('area', '').trim();
  return text === '' ? undefined : parseArea(text);
}

/** Saves the area in the user's settings. */
export async function writeAreaSetting(bbox: Bbox): Promise<void> {
  await vscode.workspace
    .getConfiguration('mapillary')
    .update('area', formatArea(bbox), vscode.ConfigurationTarget.Global);
}
