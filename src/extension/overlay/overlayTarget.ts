// Which file a file command acts on: the one right-clicked in the Explorer (VS Code passes its
// URI), else the file of the active editor tab (a GeoPackage or FlatGeobuf file opens in the binary
// editor, which has no text editor, so the tab is asked). The file must be on disk, in a workspace
// folder, which is the folder its reads are confined to.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { OverlayError } from '../../shared/overlay/overlayFeatures';
import { overlayFormatOf } from '../../shared/overlay/overlayLimits';

/** A file a command acts on, and the workspace folder it must stay in. */
export interface OverlayTarget {
  file: string;
  root: string;
  name: string;
}

function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) {
    return input.uri;
  }
  return vscode.window.activeTextEditor?.document.uri;
}

/** The file of a command's arguments or the active tab; throws an {@link OverlayError}. */
export function overlayTarget(args: unknown[], what: string): OverlayTarget {
  const given = args[0] instanceof vscode.Uri ? args[0] : undefined;
  const uri = given ?? activeTabUri();
  if (!uri) {
    throw new OverlayError(
      `Open a .geojson, .gpkg or .fgb file first, or right-click one in the Explorer, to ${what}.`,
    );
  }
  const name = path.basename(uri.path);
  if (uri.scheme !== 'file') {
    throw new OverlayError(`${name} is not a file on disk: save it in the workspace first.`);
  }
  if (!overlayFormatOf(name)) {
    throw new OverlayError(`${name} is not a .geojson, .gpkg or .fgb file.`);
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || folder.uri.scheme !== 'file') {
    throw new OverlayError(
      `${name} is not in a workspace folder: open the folder that holds it, then try again.`,
    );
  }
  return { file: uri.fsPath, root: folder.uri.fsPath, name };
}
