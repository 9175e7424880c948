// The viewer page's link to the extension host: the request channel for everything it shows, the
// notifications both ways (what the host sends is validated before use), and the state VS Code
// keeps for the panel across reloads (the image shown).
import { check, issueText } from '../../shared/channel/channelMessages';
import { RequestChannel } from '../../shared/channel/requestChannel';
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

/** Requests through {@link channel}, notifications to the host, and what the host sends. */
export class ViewerLink {
  readonly channel: RequestChannel;
  private readonly onWindowMessage = (event: MessageEvent<unknown>): void => this.receive(event);

  constructor(
    private readonly api: ViewerVsCodeApi,
    private readonly target: Window,
    private readonly onNotification: (message: HostToViewer) => void,
  ) {
    this.channel = new RequestChannel({
      post: (message) => api.postMessage(message),
      onProblem: (text) => this.log('warn', `host channel: ${text}`),
    });
    target.addEventListener('message', this.onWindowMessage);
  }

  /** Sends a notification to the host. */
  post(message: ViewerToHost): void {
    this.api.postMessage(message);
  }

  /** Writes a line to the extension's log. */
  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.post({ type: 'log', level, message: message.slice(0, 2000) });
  }

  /** Remembers the image shown, for a panel VS Code restores after a reload. */
  saveImage(imageId: string): void {
    this.api.setState({ imageId });
  }

  private receive(event: MessageEvent<unknown>): void {
    if (this.channel.receive(event.data)) return;
    const parsed = check(hostToViewerSchema, event.data);
    if (!parsed.success) {
      this.log('warn', `invalid message from the host, dropped: ${issueText(parsed.error)}`);
      return;
    }
    this.onNotification(parsed.data);
  }

  /** Stops listening; requests still waiting end with a cancellation. */
  dispose(): void {
    this.target.removeEventListener('message', this.onWindowMessage);
    this.channel.dispose();
  }
}
