// The viewer page's link to the extension host (pageLink.ts), with the viewer's messages, and the
// state VS Code keeps for the panel across reloads (the image shown).
import { check, issueText } from '../../shared/channel/channelMessages';
import { type HostMessageParser, PageLink } from '../pageLink';
import {
  hostToViewerSchema,
  type HostToViewer,
  type ViewerToHost,
} from '../../shared/viewer/viewerMessages';

/** Kept by VS Code for the panel: what a restored panel shows again. */
export interface ViewerState {
  imageId?: string;
}

/** What `acquireVsCodeApi()` returns, as the viewer uses it. */
export interface ViewerVsCodeApi {
  postMessage(message: unknown): void;
  getState(): ViewerState | undefined;
  setState(state: ViewerState): void;
}

declare function acquireVsCodeApi(): ViewerVsCodeApi;

/** The VS Code API of this page (VS Code allows one call per page). */
export function acquireViewerHost(): ViewerVsCodeApi {
  return acquireVsCodeApi();
}

/** Checks a message from the host against the viewer's schema. */
function parseViewerMessage(data: unknown): ReturnType<HostMessageParser<HostToViewer>> {
  const parsed = check(hostToViewerSchema, data);
  return parsed.success
    ? { ok: true, message: parsed.data }
    : { ok: false, error: issueText(parsed.error) };
}

/** The viewer page's {@link PageLink}. */
export class ViewerLink extends PageLink<HostToViewer, ViewerToHost, ViewerState> {
  constructor(
    api: ViewerVsCodeApi,
    target: Window,
    onNotification: (message: HostToViewer) => void,
  ) {
    super(api, target, parseViewerMessage, onNotification);
  }

  /** Remembers the image shown, for a panel VS Code restores after a reload. */
  saveImage(imageId: string): void {
    this.saveState({ imageId });
  }
}
