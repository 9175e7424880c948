// The webview's end of the link to the extension host: notifications both ways, validated on
// receipt, and the request channel for the requests the webview makes (tiles, images).
import { RequestChannel } from '../shared/channel/requestChannel';
import { parseHostMessage, type HostToWebview, type WebviewToHost } from '../shared/messages';
import type { VsCodeApi, WebviewState } from './vscodeApi';

/** Notifications to the host, requests through {@link channel}, and what the host sends. */
export class HostLink {
  /** Requests to the host; closed with the link. */
  readonly channel: RequestChannel;
  private readonly onWindowMessage = (event: MessageEvent<unknown>): void => this.receive(event);

  constructor(
    private readonly api: VsCodeApi,
    private readonly target: Window,
    private readonly onNotification: (message: HostToWebview) => void,
  ) {
    // postMessage to the host copies; it has no transfer list.
    this.channel = new RequestChannel({
      post: (message) => api.postMessage(message),
      onProblem: (text) => this.log('warn', `host channel: ${text}`),
    });
    target.addEventListener('message', this.onWindowMessage);
  }

  /** Sends a notification to the host. */
  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  /** Writes a line to the extension's log. */
  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.post({ type: 'log', level, message: message.slice(0, 2000) });
  }

  /** The state VS Code kept for this panel, if any. */
  savedState(): WebviewState | undefined {
    return this.api.getState();
  }

  /** Keeps `state` for this panel (across hiding and reloads). */
  saveState(state: WebviewState): void {
    this.api.setState(state);
  }

  private receive(event: MessageEvent<unknown>): void {
    if (this.channel.receive(event.data)) return;
    const parsed = parseHostMessage(event.data);
    if (!parsed.ok) {
      this.log('warn', `invalid message from the host, dropped: ${parsed.error}`);
      return;
    }
    this.onNotification(parsed.message);
  }

  /** Stops listening; requests still waiting end with a cancellation. */
  dispose(): void {
    this.target.removeEventListener('message', this.onWindowMessage);
    this.channel.dispose();
  }
}
