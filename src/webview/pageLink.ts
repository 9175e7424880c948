// A webview page's end of the link to the extension host: notifications both ways, what the host
// sends validated on receipt, the request channel for the requests the page makes, and the state
// VS Code keeps for the panel across hiding and reloads. The map page (hostLink.ts) and the
// viewer page (viewer/viewerLink.ts) each name their own message types and parser.
import { RequestChannel } from '../shared/channel/requestChannel';

/** What `acquireVsCodeApi()` returns, with the page's own state type. */
export interface PageApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

/** Checks a message from the host. */
export type HostMessageParser<In> = (
  data: unknown,
) => { ok: true; message: In } | { ok: false; error: string };

/** Notifications to the host, requests through {@link channel}, and what the host sends. */
export class PageLink<In, Out, State> {
  /** Requests to the host; closed with the link. */
  readonly channel: RequestChannel;
  private readonly onWindowMessage = (event: MessageEvent<unknown>): void => this.receive(event);

  constructor(
    private readonly api: PageApi<State>,
    private readonly target: Window,
    private readonly parse: HostMessageParser<In>,
    private readonly onNotification: (message: In) => void,
  ) {
    // postMessage to the host copies; it has no transfer list.
    this.channel = new RequestChannel({
      post: (message) => api.postMessage(message),
      onProblem: (text) => this.log('warn', `host channel: ${text}`),
    });
    target.addEventListener('message', this.onWindowMessage);
  }

  /** Sends a notification to the host. */
  post(message: Out): void {
    this.api.postMessage(message);
  }

  /** Writes a line to the extension's log (every page's messages to the host have `log`). */
  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.api.postMessage({ type: 'log', level, message: message.slice(0, 2000) });
  }

  /** The state VS Code kept for this panel, if any. */
  savedState(): State | undefined {
    return this.api.getState();
  }

  /** Keeps `state` for this panel (across hiding and reloads). */
  saveState(state: State): void {
    this.api.setState(state);
  }

  private receive(event: MessageEvent<unknown>): void {
    if (this.channel.receive(event.data)) return;
    const parsed = this.parse(event.data);
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
