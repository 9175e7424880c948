// Where the editor's exports go: `mapillary.export.folder` under the first workspace folder, else a
// folder the user picks. The setting is read from the user's own settings only (a cloned
// repository's settings must not choose where files are written), and a relative folder must stay
// inside the workspace.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isWithin } from '../../core/fs/safePaths';
import { userSetting } from '../userSetting';

const DEFAULT_FOLDER = 'mapillary-export';

/** The export folder, and the folder trusted as it is (no symbolic link may lie below it). */
export interface ExportFolder {
  uri: vscode.Uri;
  /** The workspace folder, or the folder the user picked; undefined for an absolute setting. */
  root: string | undefined;
}

/** The configured export folder resolved against a workspace folder `root`. */
export interface ConfiguredFolder {
  /** The setting as written (the default when empty). */
  name: string;
  /** The absolute folder. */
  folder: string;
  /** Whether the setting is an absolute path (a user's own choice of a place outside). */
  absolute: boolean;
  /** Whether the folder lies inside `root`. */
  inside: boolean;
}

/** `mapillary.export.folder`, from the user's own settings only, resolved against `root`. */
export function configuredExportFolder(root: string): ConfiguredFolder {
  const name = userSetting('mapillary.export', 'folder', DEFAULT_FOLDER).trim() || DEFAULT_FOLDER;
  const folder = path.resolve(root, name);
  return { name, folder, absolute: path.isAbsolute(name), inside: isWithin(root, folder) };
}

/** The export folder, or undefined when there is none (the user cancelled, or the setting is refused). */
export async function exportFolder(): Promise<ExportFolder | undefined> {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (workspace && workspace.scheme === 'file') {
    const root = workspace.fsPath;
    const configured = configuredExportFolder(root);
    if (configured.absolute) return { uri: vscode.Uri.file(configured.folder), root: undefined };
    if (!configured.inside) {
      void vscode.window.showErrorMessage(
        `Mapillary: the export folder "${configured.name}" (mapillary.export.folder) leads out of the workspace: name a folder inside it, or give an absolute path.`,
      );
      return undefined;
    }
    return { uri: vscode.Uri.file(configured.folder), root };
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Export Here',
  });
  const uri = picked?.[0];
  return uri ? { uri, root: uri.fsPath } : undefined;
}
