// The `mapillary.area` setting: the area the Explorer lists organizations' sequences in, searches
// and exports. Either a bounding box `minLon,minLat,maxLon,maxLat`, or the path of a GeoJSON file in
// the workspace (relative to its first folder) holding a Polygon or MultiPolygon. The file is read
// with the area reader's checks (size, UTF-8, valid rings, no antimeridian crossing) and must lie
// inside the workspace: a workspace's setting cannot make the extension read a file elsewhere.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readAreaFile } from '../../core/geo/areaFile';
import { type Bbox } from '../../shared/api/bbox';
import { formatArea, isAreaFileText, parseArea } from '../../shared/explorer/areaText';
import { type Area, AreaError, areaFromBbox } from '../../shared/geo/area';

/** The setting's id. */
export const AREA_SETTING = 'mapillary.area';

/** The area in the setting, or why it cannot be used. */
export type AreaSettingRead = { ok: true; area: Area } | { ok: false; message: string };

/** The workspace's first folder, where area files live. */
function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** Reads an area file of the workspace (a path relative to its first folder, or absolute). */
export async function readWorkspaceAreaFile(file: string): Promise<Area> {
  const root = workspaceRoot();
  if (!root)
    throw new AreaError('An area file needs an open folder: open the folder that holds it.');
  const absolute = path.resolve(root, file);
  const area = await readAreaFile(absolute, { root });
  return { ...area, label: path.relative(root, absolute).split(path.sep).join('/') };
}

/** The area in the setting: undefined when empty, else the area or why it is refused. */
export async function readAreaSetting(): Promise<AreaSettingRead | undefined> {
  const text = vscode.workspace.getConfiguration('mapillary').get<string>('area', '').trim();
  if (text === '') return undefined;
  if (isAreaFileText(text)) {
    try {
      return { ok: true, area: await readWorkspaceAreaFile(text) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }
  // Any size: a large area's listing says what it may cost and asks first.
  const parsed = parseArea(text, Infinity);
  return parsed.ok
    ? { ok: true, area: { ...areaFromBbox(parsed.bbox), label: formatArea(parsed.bbox) } }
    : parsed;
}

/**
 * Saves a bbox as the area in the user's settings, and drops a workspace's area file, which would
 * otherwise win over it.
 */
export async function writeAreaSetting(bbox: Bbox): Promise<void> {
  const config = vscode.workspace.getConfiguration('mapillary');
  await config.update('area', formatArea(bbox), vscode.ConfigurationTarget.Global);
  if (config.inspect<string>('area')?.workspaceValue !== undefined) {
    await config.update('area', undefined, vscode.ConfigurationTarget.Workspace);
  }
}

/**
 * Makes a GeoJSON file of the workspace the area: reads and checks it first (a refusal says what to
 * fix), then saves its path, relative to the workspace, in the workspace's settings.
 */
export async function useAreaFile(file: vscode.Uri | string): Promise<Area> {
  const fsPath = typeof file === 'string' ? file : file.fsPath;
  const area = await readWorkspaceAreaFile(fsPath);
  await vscode.workspace
    .getConfiguration('mapillary')
    .update('area', area.label, vscode.ConfigurationTarget.Workspace);
  return area;
}
