// What most in-host suites set up the same way: the emulator started, the user-level settings and
// the token pointed at it, and the extension activated; and, after the suite, all of it undone.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator/emulator';

/** The extension under test. */
export const EXTENSION_ID = 'mapillary-explorer.mapillary-explorer';

/** The extension's settings, read afresh. */
export const mapillaryConfig = (): vscode.WorkspaceConfiguration =>
  vscode.workspace.getConfiguration('mapillary');

/** A host pointed at a running emulator. */
export interface EmulatedHost<Api> {
  emulator: Emulator;
  /** What the extension's activation returned. */
  api: Api;
  /** The workspace folder the host opened. */
  workspace: string;
}

/**
 * Starts the emulator, points the user-level Graph and tiles URLs and the token at it, and
 * activates the extension. The services read the token when they send a request, and the
 * settings rebuild them.
 */
export async function startEmulatedHost<Api = unknown>(
  options: EmulatorOptions = {},
): Promise<EmulatedHost<Api>> {
  const emulator = await startEmulator({ size: 'small', ...options });
  process.env.MAPILLARY_ACCESS_TOKEN = emulator.clientToken;
  const config = mapillaryConfig();
  await config.update('api.graphUrl', emulator.graphUrl, vscode.ConfigurationTarget.Global);
  await config.update('api.tilesUrl', emulator.tilesUrl, vscode.ConfigurationTarget.Global);
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(workspace, 'the host opened a workspace folder');
  const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(extension, 'the extension is installed');
  const api = await extension.activate();
  return { emulator, api, workspace };
}

/**
 * Undoes {@link startEmulatedHost}: clears the URLs and `moreKeys` from the user settings, forgets
 * the token and stops the emulator.
 */
export async function stopEmulatedHost(
  host: EmulatedHost<unknown> | undefined,
  moreKeys: readonly string[] = [],
): Promise<void> {
  const config = mapillaryConfig();
  for (const key of ['api.graphUrl', 'api.tilesUrl', ...moreKeys]) {
    await config.update(key, undefined, vscode.ConfigurationTarget.Global);
  }
  delete process.env.MAPILLARY_ACCESS_TOKEN;
  await host?.emulator.close();
}
