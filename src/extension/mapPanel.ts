// The map webview panel: one per window, created by "Mapillary: Open Map" or restored by VS Code
// after a reload. The host owns all network access and state; the webview draws what it is sent.
import * as vscode from 'vscode';
import type { Logger } from '../shared/logger';
import { resolveBasemap } from '../shared/basemap';
import {
  DEFAULT_VIEW,
  mapViewSchema,
  parseWebviewMessage,
  type Basemap,
  type HostToWebview,
  type MapView,
} from '../shared/messages';
import { createNonce, renderMapHtml } from './mapHtml';

/** The webview panel type; also named in package.json's activation events. */
export const MAP_VIEW_TYPE = 'mapillary.map';
const VIEW_STATE_KEY = 'mapillary.map.view';

/** Timings of the last open, for the log and for tests. */
export interface MapPanelTimings {
  openedAt: number;
  readyAt?: number;
  drawnAt?: number;
}

export class MapPanel implements vscode.Disposable {
  static current: MapPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  readonly timings: MapPanelTimings = { openedAt: Date.now() };

  /** Shows the map, creating the panel if there is none. */
  static show(context: vscode.ExtensionContext, log: Logger): MapPanel {
    if (MapPanel.current) {
      MapPanel.current.panel.reveal();
      return MapPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      MAP_VIEW_TYPE,
      'Mapillary Map',
      vscode.ViewColumn.Active,
      MapPanel.webviewOptions(context),
    );
    MapPanel.current = new MapPanel(panel, context, log);
    return MapPanel.current;
  }

  /** Takes over a panel VS Code restored after a window reload, with the state it saved. */
  static restore(
    panel: vscode.WebviewPanel,
    state: unknown,
    context: vscode.ExtensionContext,
    log: Logger,
  ): void {
    const view = mapViewSchema.safeParse((state as { view?: unknown } | undefined)?.view);
    if (view.success) void context.workspaceState.update(VIEW_STATE_KEY, view.data);
    panel.webview.options = MapPanel.webviewOptions(context);
    MapPanel.current?.dispose();
    MapPanel.current = new MapPanel(panel, context, log);
  }

  private static webviewOptions(
    context: vscode.ExtensionContext,
  ): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableForms: false,
      // Only the built webview assets, never the workspace or the rest of the extension.
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
      retainContextWhenHidden: false,
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
  ) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'mapillary-activity.svg');
    this.render();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((data: unknown) => this.onMessage(data)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mapillary.basemap')) this.render();
      }),
    );
  }

  /** Writes a fresh document (new nonce, current basemap policy). */
  private render(): void {
    this.ready = false;
    const webview = this.panel.webview;
    const root = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    const basemap = this.basemap();
    webview.html = renderMapHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'map.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'map.css')).toString(),
      basemapCspSource: basemap.cspSource,
      nonce: createNonce(),
    });
  }

  private basemap(): { basemap: Basemap; cspSource: string | undefined } {
    const config = vscode.workspace.getConfiguration('mapillary.basemap');
    const result = resolveBasemap(config.get('url', ''), config.get('attribution', ''));
    switch (result.kind) {
      case 'none':
        return { basemap: null, cspSource: undefined };
      case 'invalid':
        this.log.warn(`mapillary.basemap.url is ignored: ${result.reason}`);
        void vscode.window.showWarningMessage(
          `Mapillary: the basemap URL setting is ignored because ${result.reason}.`,
        );
        return { basemap: null, cspSource: undefined };
      case 'ok':
        return {
          basemap: { url: result.source.url, attribution: result.source.attribution },
          cspSource: result.source.cspSource,
        };
    }
  }

  private onMessage(data: unknown): void {
    const parsed = parseWebviewMessage(data);
    if (!parsed.ok) {
      this.log.warn(`map webview sent an invalid message, dropped: ${parsed.error}`);
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.timings.readyAt = Date.now();
        this.post({
          type: 'init',
          basemap: this.basemap().basemap,
          view: this.context.workspaceState.get<MapView>(VIEW_STATE_KEY) ?? DEFAULT_VIEW,
        });
        break;
      case 'mapDrawn':
        this.timings.drawnAt = Date.now();
        this.log.info(
          `map drawn ${this.timings.drawnAt - this.timings.openedAt} ms after opening (${message.tiles} basemap tiles)`,
        );
        break;
      case 'viewChanged':
        void this.context.workspaceState.update(VIEW_STATE_KEY, message.view);
        break;
      case 'log':
        this.log[message.level](`[webview] ${message.message}`);
        break;
    }
  }

  /** Sends a message once the webview has said it is ready; earlier ones would be lost. */
  post(message: HostToWebview): void {
    if (!this.ready) return;
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (MapPanel.current === this) MapPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
