// The webview's handle on VS Code: messages to the extension host, and the state VS Code keeps
// for the panel across hiding and reloads.
import type { MapSettings } from '../shared/map/mapSettings';
import type { MapView } from '../shared/messages';

/** Persisted across hide/show and window reloads by VS Code. */
export interface WebviewState {
  view?: MapView;
  settings?: MapSettings;
}

/** What `acquireVsCodeApi()` returns. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The VS Code API of this page; VS Code allows one call per page, so the app makes it once. */
export function acquireHost(): VsCodeApi {
  return acquireVsCodeApi();
}
