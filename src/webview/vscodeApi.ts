// The webview's side of the channel to the extension host.
import type { MapSettings } from '../shared/map/mapSettings';
import type { MapView, WebviewToHost } from '../shared/messages';

/** Persisted across hide/show and window reloads by VS Code. */
export interface WebviewState {
  view?: MapView;
  settings?: MapSettings;
}

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** `acquireVsCodeApi` may be called only once per page. */
export const vscode: VsCodeApi = acquireVsCodeApi();
