// Where mapillary_exportImages writes: the export folder (`mapillary.export.folder`) inside the first
// workspace folder, and the file named by the tool's input. A tool cannot ask where to write, so
// without a workspace folder it refuses; and a folder setting that leads outside the workspace
// (`..`, an absolute path) is refused too: a workspace's settings are not trusted to pick where a
// model's export lands.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configuredExportFolder } from '../export/exportFolder';

/** The file to write, or why there is none. */
export type ExportDestination =
  | {
      ok: true;
      /** Absolute path of the output file. */
      file: string;
      /** The same path relative to the workspace folder, with forward slashes. */
      relative: string;
      /** The workspace folder's name. */
      workspace: string;
    }
  | { ok: false; message: string };

/** The destination of an export named `fileName` (with its extension). */
export function exportDestination(fileName: string): ExportDestination {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    return {
      ok: false,
      message:
        'no workspace folder is open to export into: ask the user to open a folder (File > Open Folder), then call the tool again.',
    };
  }
  const root = path.resolve(folder.uri.fsPath);
  // An absolute folder is refused too: the tool writes only inside the workspace.
  const { folder: dir, inside } = configuredExportFolder(root);
  const file = path.join(dir, fileName);
  if (!inside) {
    return {
      ok: false,
      message:
        'the setting mapillary.export.folder leads outside the workspace folder: ask the user to set it to a folder inside the workspace, then call the tool again.',
    };
  }
  return {
    ok: true,
    file,
    relative: path.relative(root, file).split(path.sep).join('/'),
    workspace: folder.name,
  };
}
