// The map webview panel: one per window, created by "Mapillary: Open Map" or restored by VS Code
// after a reload. The host owns all network access and state; the webview draws what it is sent.
// Tiles, image details, detections and thumbnails are fetched here (the token never leaves the
// host) and sent as bytes or plain data (see MapRequests); everything the webview sends is
// validated first, and everything sent to it is checked against the schema it will be read with.
import * as vscode from 'vscode';
import { issueText } from '../shared/channel/channelMessages';
import { isId } from '../shared/ids';
import type { Logger } from '../shared/logger';
import { mapSettingsSchema } from '../shared/map/mapSettings';
import {
  DEFAULT_VIEW,
  MAX_SELECTION,
  hostToWebviewSchema,
  mapViewSchema,
  parseWebviewMessage,
  type HostToWebview,
  type ImagePick,
  type MapView,
} from '../shared/messages';
import { type CurrentView } from '../shared/viewer/viewerMessages';
import { isMapAction, runMapAction } from './mapActions';
import { mementoUsernames } from './mapFeatureRequests';
import { createNonce, renderMapHtml } from './mapHtml';
import {
  SETTINGS_STATE_KEY,
  VIEW_STATE_KEY,
  panelWebviewOptions,
  readBasemapSetting,
  savedMapSettings,
  savedMapView,
} from './mapPanelState';
import { MapRequests, type ServicesSource } from './mapRequests';
import type { OverlayRegistry } from './overlay/overlayRegistry';
import { readAreaSetting } from './tree/areaSetting';
import { type MapPanelTimings, type MapSelection, MapPageState } from './mapPageState';

/** The webview panel type; also named in package.json's activation events. */
export const MAP_VIEW_TYPE = 'mapillary.map';
/**
 * The map panel: its webview, the tiles and images it asks for, its view and its latest
 * selection. The window's MapController holds the open one; nothing else reaches it.
 */
export class MapPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly requests: MapRequests;
  private ready = false;
  private readonly selectionEmitter = new vscode.EventEmitter<MapSelection>();
  private readonly pickEmitter = new vscode.EventEmitter<ImagePick>();
  /** Fires with the image (and its sequence) when the person clicks an image on the map. */
  readonly onDidPickImage = this.pickEmitter.event;
  /** Fires when the user box-selects images (or clears the selection). */
  readonly onDidChangeSelection = this.selectionEmitter.event;
  readonly timings: MapPanelTimings = { openedAt: Date.now(), documentAt: Date.now() };
  /** Whether this document's first drawing was logged (once per document). */
  private drawnLogged = false;
  /** Settles once the area (read from a setting that may name a file) is known. */
  private readonly areaRead: Promise<void>;
  /** What each new page is told (see MapPageState). */
  private readonly page: MapPageState;

  /** Opens a new map panel at `initialView`, else where the map was last. */
  static open(
    context: vscode.ExtensionContext,
    log: Logger,
    services: ServicesSource,
    initialView?: MapView,
    overlays?: OverlayRegistry,
  ): MapPanel {
    const panel = vscode.window.createWebviewPanel(
      MAP_VIEW_TYPE,
      'Mapillary Map',
      vscode.ViewColumn.Active,
      panelWebviewOptions(context),
    );
    return new MapPanel(panel, context, log, services, initialView, overlays);
  }

  /** Takes over a panel VS Code restored after a window reload, with the state it saved. */
  static restore(
    panel: vscode.WebviewPanel,
    state: unknown,
    context: vscode.ExtensionContext,
    log: Logger,
    services: ServicesSource,
    overlays?: OverlayRegistry,
  ): MapPanel {
    const saved = state as { view?: unknown; settings?: unknown } | undefined;
    const view = mapViewSchema.safeParse(saved?.view);
    const settings = mapSettingsSchema.safeParse(saved?.settings);
    if (settings.success) void context.workspaceState.update(SETTINGS_STATE_KEY, settings.data);
    panel.webview.options = panelWebviewOptions(context);
    const view0 = view.success ? view.data : undefined;
    return new MapPanel(panel, context, log, services, view0, overlays);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly services: ServicesSource,
    initialView: MapView | undefined,
    /** The files shown over the map (they outlive a reload of the page, not the panel). */
    private readonly overlays?: OverlayRegistry,
  ) {
    this.page = new MapPageState(initialView ?? savedMapView(context) ?? DEFAULT_VIEW);
    // A first open shows the Explorer's area when there is one, else where the map was last.
    this.areaRead = initialView
      ? Promise.resolve()
      : readAreaSetting().then(
          (area) => {
            if (area?.ok) this.page.fit = [...area.area.bbox];
          },
          () => undefined,
        );
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'mapillary-activity.svg');
    // Answers go out whenever they are ready: a webview that asks is listening.
    this.requests = new MapRequests(
      services,
      log,
      (message) => {
        void panel.webview.postMessage(message);
      },
      (pick) => this.pickEmitter.fire(pick),
      overlays,
      {
        usernames: mementoUsernames(context.globalState),
        spritesDir: vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview').fsPath,
      },
    );
    this.render();
    this.disposables.push(
      this.requests,
      this.selectionEmitter,
      this.pickEmitter,
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((data: unknown) => this.onMessage(data)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mapillary.basemap')) this.render();
      }),
      // The webview keeps no context while hidden: showing it again starts a new document, which
      // says "ready" again; until then nothing posted would arrive.
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (webviewPanel.visible) return;
        this.ready = false;
        this.newDocument();
      }),
    );
  }

  /** Writes a fresh document (new nonce, current basemap policy). */
  private render(): void {
    this.ready = false;
    this.newDocument();
    // The old document is gone: nobody waits for the answers it asked for.
    this.requests.cancelAll();
    const webview = this.panel.webview;
    const root = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    const basemap = readBasemapSetting(this.log);
    webview.html = renderMapHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'map.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'map.css')).toString(),
      basemapCspSource: basemap.cspSource,
      nonce: createNonce(),
    });
  }

  private newDocument(): void {
    this.timings.documentAt = Date.now();
    this.drawnLogged = false;
  }

  // Sends a new page what it draws, and the files shown over the map.
  private initialise(): void {
    this.ready = true;
    for (const message of this.page.startMessages(
      readBasemapSetting(this.log).basemap,
      savedMapSettings(this.context),
    )) {
      this.post(message);
    }
    this.overlays?.attach((m) => this.post(m));
  }

  private onMessage(data: unknown): void {
    if (this.requests.receive(data)) return;
    const parsed = parseWebviewMessage(data);
    if (!parsed.ok) {
      this.log.warn(`map webview sent an invalid message, dropped: ${parsed.error}`);
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'ready':
        this.timings.readyAt = Date.now();
        void this.areaRead.then(() => this.initialise());
        break;
      case 'mapDrawn':
        this.timings.drawnAt = Date.now();
        if (this.drawnLogged) break;
        this.drawnLogged = true;
        // Measured from this document's start: a panel shown again long after it was opened
        // draws in its own time, not in the time since the first open.
        this.log.info(
          `map drawn ${Math.max(0, this.timings.drawnAt - this.timings.documentAt)} ms after its page was loaded (${message.tiles} basemap tiles)`,
        );
        break;
      case 'viewChanged':
        this.page.viewReported(message.view);
        void this.context.workspaceState.update(VIEW_STATE_KEY, message.view);
        if (message.settings) {
          void this.context.workspaceState.update(SETTINGS_STATE_KEY, message.settings);
        }
        break;
      case 'selection':
        this.page.selection = { imageIds: message.imageIds };
        this.log.info(`map selection: ${message.imageIds.length} images`);
        this.selectionEmitter.fire(this.page.selection);
        break;
      case 'log':
        this.log[message.level](`[webview] ${message.message}`);
        break;
      case 'overlayStatus':
      case 'overlayImagesLookingAt':
        this.overlays?.receive(message);
        break;
      default:
        if (isMapAction(message)) {
          runMapAction(message, { log: this.log }).catch((error: unknown) =>
            this.log.warn(`map action ${message.type} failed: ${String(error)}`),
          );
        }
    }
  }

  /** Reveals the panel (keeping the focus where it is with `preserveFocus`), moved to `view`. */
  show(view?: MapView, preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
    if (view) this.moveTo(view);
  }

  /** Moves the map to `view`. */
  moveTo(view: MapView): void {
    // A hidden panel's page is gone and comes back with its own saved view: sent again on `ready`.
    this.page.moveTo(view);
    this.post({ type: 'setView', view });
  }

  /** What the map shows (the latest view it reported or was sent). */
  lastView(): MapView {
    return this.page.view;
  }

  /** The latest box selection (empty before any). */
  get selection(): MapSelection {
    return this.page.selection;
  }

  /**
   * Draws the given sequences highlighted (the organization's, from the tree); empty clears.
   * Keys that are not sequence keys, and any beyond the message's limit, are left out.
   */
  highlightSequences(sequenceIds: readonly string[]): void {
    const keys = sequenceIds.filter((id) => isId('sequence', id));
    this.page.highlighted = keys.slice(0, MAX_SELECTION);
    const left = sequenceIds.length - this.page.highlighted.length;
    if (left > 0) this.log.warn(`${left} of ${sequenceIds.length} sequences not highlighted`);
    this.post({ type: 'highlightSequences', sequenceIds: this.page.highlighted });
  }

  /** Draws the viewer's current image with its view cone (null clears it). */
  showCurrentImage(image: CurrentView | null): void {
    this.page.currentImage = image;
    this.post({ type: 'currentImage', image });
  }

  /**
   * Sends a message once the webview has said it is ready; earlier ones would be lost. A message
   * the webview's schema would drop is not sent, and the log says why.
   */
  post(message: HostToWebview): void {
    if (!this.ready) return;
    const checked = hostToWebviewSchema.safeParse(message);
    if (!checked.success) {
      this.log.error(`map message ${message.type} not sent: ${issueText(checked.error)}`);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.overlays?.detach();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
