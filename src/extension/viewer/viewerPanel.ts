// The street-level viewer's webview panel: its document, its end of the request channel (answered
// by the ViewerService: every picture and field comes from the host, the webview has no network),
// and the notifications it sends, validated before anything is done with them. The panel does not
// keep its context while hidden: VS Code drops the page, so MapillaryJS's animation loop costs
// nothing in the background, and the page shows the current image again when it comes back.
import * as vscode from 'vscode';
import { check, issueText } from '../../shared/channel/channelMessages';
import { RequestChannel } from '../../shared/channel/requestChannel';
import { type Logger } from '../../shared/logger';
import { redact } from '../../shared/redact';
import {
  hostToViewerSchema,
  viewerToHostSchema,
  type CurrentView,
  type HostToViewer,
} from '../../shared/viewer/viewerMessages';
import { serveViewer, type ViewerService } from '../../core/viewer/viewerService';
import { createNonce } from '../mapHtml';
import { renderViewerHtml } from './viewerHtml';
import { VIEWER_VIEW_TYPE } from './viewerRegistration';
import { panelWebviewOptions } from '../mapPanelState';

/** Timings of the panel, for the log and the tests. */
export interface ViewerTimings {
  /** When the latest image was asked for (Date.now()). */
  askedAt?: number;
  /** Milliseconds from that ask until its picture was on screen. */
  firstDrawnMs?: number;
}

/** What the panel tells its owner. */
export interface ViewerPanelEvents {
  onImage(view: CurrentView): void;
  onBearing(bearing: number): void;
  onFallback(reason: string): void;
  onRevealInTree(imageId: string): void;
}

function errorText(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/** One viewer panel (see the file comment). */
export class ViewerPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly channel: RequestChannel;
  private ready = false;
  /** The image to show; sent on `ready` and whenever it changes. */
  private imageId: string | undefined;
  /** The detection of that image to highlight, if one was asked for (a map feature's). */
  private highlightDetectionId: string | undefined;
  readonly timings: ViewerTimings = {};

  /** Opens a new panel in `column`. */
  static open(
    context: vscode.ExtensionContext,
    log: Logger,
    service: ViewerService,
    events: ViewerPanelEvents,
    column: vscode.ViewColumn,
    preserveFocus: boolean,
  ): ViewerPanel {
    const panel = vscode.window.createWebviewPanel(
      VIEWER_VIEW_TYPE,
      'Mapillary Viewer',
      { viewColumn: column, preserveFocus },
      panelWebviewOptions(context),
    );
    return new ViewerPanel(panel, context, log, service, events);
  }

  /** Takes over a panel VS Code restored after a reload. */
  static restore(
    panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    log: Logger,
    service: ViewerService,
    events: ViewerPanelEvents,
  ): ViewerPanel {
    panel.webview.options = panelWebviewOptions(context);
    return new ViewerPanel(panel, context, log, service, events);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    service: ViewerService,
    private readonly events: ViewerPanelEvents,
  ) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'mapillary-activity.svg');
    this.channel = new RequestChannel({
      post: (message) => void panel.webview.postMessage(message),
      onProblem: (text) => log.warn(`viewer webview channel: ${text}`),
      describeError: errorText,
    });
    serveViewer(this.channel, service);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((data: unknown) => this.onMessage(data)),
      panel.onDidChangeViewState(() => {
        // A hidden panel's page is gone: what it asked for is wanted by nobody.
        if (!panel.visible) {
          this.ready = false;
          this.channel.cancelAll('closed');
        }
      }),
    );
    this.render();
  }

  /** Writes a fresh document (new nonce). */
  private render(): void {
    this.ready = false;
    this.channel.cancelAll('closed');
    const webview = this.panel.webview;
    const root = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    webview.html = renderViewerHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'viewer.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'viewer.css')).toString(),
      nonce: createNonce(),
    });
  }

  /** The image shown, or being opened. */
  current(): string | undefined {
    return this.imageId;
  }

  /** Shows `imageId` (reveals the panel unless `reveal` is false), a detection highlighted if given. */
  show(
    imageId: string,
    options: { reveal?: boolean; preserveFocus?: boolean; highlightDetectionId?: string } = {},
  ): void {
    this.imageId = imageId;
    this.highlightDetectionId = options.highlightDetectionId;
    this.timings.askedAt = Date.now();
    delete this.timings.firstDrawnMs;
    if (options.reveal !== false) this.panel.reveal(undefined, options.preserveFocus ?? false);
    this.postShow();
  }

  private postShow(): void {
    if (!this.imageId) return;
    const { imageId, highlightDetectionId } = this;
    this.post({ type: 'show', imageId, ...(highlightDetectionId ? { highlightDetectionId } : {}) });
  }

  private onMessage(data: unknown): void {
    if (this.channel.receive(data)) return;
    const parsed = check(viewerToHostSchema, data);
    if (!parsed.success) {
      this.log.warn(`viewer webview sent an invalid message, dropped: ${issueText(parsed.error)}`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.postShow();
        break;
      case 'imageChanged':
        // The highlight belongs to the image it was asked for.
        if (message.view.id !== this.imageId) this.highlightDetectionId = undefined;
        this.imageId = message.view.id;
        this.events.onImage(message.view);
        break;
      case 'bearing':
        this.events.onBearing(message.bearing);
        break;
      case 'drawn':
        if (this.timings.askedAt !== undefined && this.timings.firstDrawnMs === undefined) {
          this.timings.firstDrawnMs = Date.now() - this.timings.askedAt;
          this.log.info(
            `viewer: image ${message.imageId} drawn ${this.timings.firstDrawnMs} ms after it was asked for`,
          );
        }
        break;
      case 'fallback':
        this.events.onFallback(message.reason);
        break;
      case 'revealInTree':
        this.events.onRevealInTree(message.imageId);
        break;
      case 'log':
        this.log[message.level](`[viewer] ${message.message}`);
        break;
    }
  }

  /** Sends a message once the page is listening; one its schema would drop is not sent. */
  private post(message: HostToViewer): void {
    if (!this.ready) return;
    const checked = check(hostToViewerSchema, message);
    if (!checked.success) {
      this.log.error(`viewer message ${message.type} not sent: ${issueText(checked.error)}`);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.channel.dispose();
    this.panel.dispose();
  }
}
