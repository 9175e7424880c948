// The map page's link to the extension host (pageLink.ts), with the map's messages.
import { parseHostMessage, type HostToWebview, type WebviewToHost } from '../shared/messages';
import { PageLink } from './pageLink';
import type { VsCodeApi, WebviewState } from './vscodeApi';

/** The map page's {@link PageLink}. */
export class HostLink extends PageLink<HostToWebview, WebviewToHost, WebviewState> {
  constructor(api: VsCodeApi, target: Window, onNotification: (message: HostToWebview) => void) {
    super(api, target, parseHostMessage, onNotification);
  }
}
