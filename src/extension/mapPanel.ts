// The map webview panel: one per window, created by "Mapillary: Open Map" or restored by VS Code
// after a reload. The host owns all network access and state; the webview draws what it is sent.
// Tiles, image details, detections and thumbnails are fetched here (the token never leaves the
// host) and sent as bytes or plain data; everything the webview sends is validated first.
import * as vscode from 'vscode';
import type { MapillaryClient } from '../core/api/mapillaryClient';
import { downloadThumbnail } from '../core/api/thumbnails';
import { resolveBasemap } from '../shared/basemap';
import type { Logger } from '../shared/logger';
import { imageFields } from '../shared/map/imageFields';
import {
  DEFAULT_MAP_SETTINGS,
  mapSettingsSchema,
  type MapSettings,
} from '../shared/map/mapSettings';
import {
  DEFAULT_VIEW,
  mapViewSchema,
  parseWebviewMessage,
  type Basemap,
  type DetectionOutline,
  type HostToWebview,
  type MapView,
  type TileAddress,
} from '../shared/messages';
import { redact } from '../shared/redact';
import { createNonce, renderMapHtml } from './mapHtml';

/** The webview panel type; also named in package.json's activation events. */
export const MAP_VIEW_TYPE = 'mapillary.map';
const VIEW_STATE_KEY = 'mapillary.map.view';
const SETTINGS_STATE_KEY = 'mapillary.map.settings';
/** Largest picture accepted for the image panel. */
const MAX_THUMBNAIL_BYTES = 16 * 1024 * 1024;
const IMAGE_FIELDS = [
  'id',
  'captured_at',
  'compass_angle',
  'computed_compass_angle',
  'geometry',
  'computed_geometry',
  'creator',
  'sequence',
  'camera_type',
  'is_pano',
  'make',
  'model',
  'width',
  'height',
  'altitude',
  'quality_score',
];

/** Where the panel gets the Mapillary clients (see ServiceHost). */
export interface ServicesSource {
  get(): Promise<MapillaryClient>;
}

/** Timings of the last open, for the log and for tests. */
export interface MapPanelTimings {
  openedAt: number;
  readyAt?: number;
  drawnAt?: number;
}

/** The latest box selection on the map. */
export interface MapSelection {
  imageIds: readonly string[];
}

function errorText(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error)).slice(0, 500);
}

function sniffImageMime(bytes: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return 'image/png';
  }
  if (bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) {
    return 'image/webp';
  }
  return undefined;
}

// A fresh ArrayBuffer holding exactly the bytes: a Uint8Array from the cache may be a view into a
// larger buffer, which must not cross the channel.
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/**
 * The map panel: its webview, the tiles and images it asks for, its view and its latest
 * selection. The window's MapController holds the open one; nothing else reaches it.
 */
export class MapPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly tileRequests = new Map<number, AbortController>();
  private imageRequest: AbortController | undefined;
  private ready = false;
  private highlighted: string[] = [];
  private readonly selectionEmitter = new vscode.EventEmitter<MapSelection>();
  /** The latest box selection (empty before any). */
  selection: MapSelection = { imageIds: [] };
  /** Fires when the user box-selects images (or clears the selection). */
  readonly onDidChangeSelection = this.selectionEmitter.event;
  readonly timings: MapPanelTimings = { openedAt: Date.now() };
  /** What the map shows: where it opened, then each view the webview reports or is sent. */
  private view: MapView;

  /** Opens a new map panel at `initialView`, else where the map was last. */
  static open(
    context: vscode.ExtensionContext,
    log: Logger,
    services: ServicesSource,
    initialView?: MapView,
  ): MapPanel {
    const panel = vscode.window.createWebviewPanel(
      MAP_VIEW_TYPE,
      'Mapillary Map',
      vscode.ViewColumn.Active,
      MapPanel.webviewOptions(context),
    );
    return new MapPanel(panel, context, log, services, initialView);
  }

  /** Takes over a panel VS Code restored after a window reload, with the state it saved. */
  static restore(
    panel: vscode.WebviewPanel,
    state: unknown,
    context: vscode.ExtensionContext,
    log: Logger,
    services: ServicesSource,
  ): MapPanel {
    const saved = state as { view?: unknown; settings?: unknown } | undefined;
    const view = mapViewSchema.safeParse(saved?.view);
    const settings = mapSettingsSchema.safeParse(saved?.settings);
    if (settings.success) void context.workspaceState.update(SETTINGS_STATE_KEY, settings.data);
    panel.webview.options = MapPanel.webviewOptions(context);
    return new MapPanel(panel, context, log, services, view.success ? view.data : undefined);
  }

  /** The view the last map panel showed in this workspace, if it was saved and is valid. */
  static savedView(context: vscode.ExtensionContext): MapView | undefined {
    const saved = mapViewSchema.safeParse(context.workspaceState.get(VIEW_STATE_KEY));
    return saved.success ? saved.data : undefined;
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
    private readonly services: ServicesSource,
    initialView: MapView | undefined,
  ) {
    this.view = initialView ?? MapPanel.savedView(context) ?? DEFAULT_VIEW;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'mapillary-activity.svg');
    this.render();
    this.disposables.push(
      this.selectionEmitter,
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
    this.cancelAll();
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

  private settings(): MapSettings {
    const saved = mapSettingsSchema.safeParse(this.context.workspaceState.get(SETTINGS_STATE_KEY));
    return saved.success ? saved.data : DEFAULT_MAP_SETTINGS;
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
          view: this.view,
          settings: this.settings(),
        });
        if (this.highlighted.length) {
          this.post({ type: 'highlightSequences', sequenceIds: this.highlighted });
        }
        break;
      case 'mapDrawn':
        this.timings.drawnAt = Date.now();
        this.log.info(
          `map drawn ${this.timings.drawnAt - this.timings.openedAt} ms after opening (${message.tiles} basemap tiles)`,
        );
        break;
      case 'viewChanged':
        this.view = message.view;
        void this.context.workspaceState.update(VIEW_STATE_KEY, message.view);
        if (message.settings) {
          void this.context.workspaceState.update(SETTINGS_STATE_KEY, message.settings);
        }
        break;
      case 'tileRequest':
        void this.serveTile(message.requestId, message.tile);
        break;
      case 'tileCancel':
        this.tileRequests.get(message.requestId)?.abort();
        this.tileRequests.delete(message.requestId);
        break;
      case 'openImage':
        void this.serveImage(message.requestId, message.imageId);
        break;
      case 'selection':
        this.selection = { imageIds: message.imageIds };
        this.log.info(`map selection: ${message.imageIds.length} images`);
        this.selectionEmitter.fire(this.selection);
        break;
      case 'log':
        this.log[message.level](`[webview] ${message.message}`);
        break;
    }
  }

  private async serveTile(requestId: number, tile: TileAddress): Promise<void> {
    const controller = new AbortController();
    this.tileRequests.set(requestId, controller);
    try {
      const services = await this.services.get();
      const result = await services.tiles.getTile(tile.set, tile.z, tile.x, tile.y, {
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      this.post({ type: 'tile', requestId, bytes: ownBuffer(result.bytes) });
    } catch (error) {
      if (controller.signal.aborted) return;
      const text = errorText(error);
      this.log.warn(`tile ${tile.set}/${tile.z}/${tile.x}/${tile.y} failed: ${text}`);
      this.post({ type: 'tile', requestId, error: text });
    } finally {
      if (this.tileRequests.get(requestId) === controller) this.tileRequests.delete(requestId);
    }
  }

  private async serveImage(requestId: number, imageId: string): Promise<void> {
    // One image at a time: a newer click supersedes an older one.
    this.imageRequest?.abort();
    const controller = new AbortController();
    this.imageRequest = controller;
    const { signal } = controller;
    try {
      const services = await this.services.get();
      const [image, detections] = await Promise.all([
        services.api.getImage(imageId, IMAGE_FIELDS, { signal }),
        services.api.getDetections(imageId, ['id', 'value', 'geometry'], { signal }),
      ]);
      const thumbnail = await this.fetchThumbnail(services, imageId, signal);
      if (signal.aborted) return;
      const outlines: DetectionOutline[] = [];
      for (const d of detections) {
        if (!d.geometry || !/^\d{1,24}$/.test(d.id)) continue;
        outlines.push({ id: d.id, value: (d.value ?? '').slice(0, 200), geometry: d.geometry });
      }
      this.post({
        type: 'image',
        requestId,
        image: {
          id: imageId,
          ...(image.width && image.width > 0 ? { width: image.width } : {}),
          ...(image.height && image.height > 0 ? { height: image.height } : {}),
          fields: imageFields(image),
        },
        detections: outlines,
        thumbnail,
      });
    } catch (error) {
      if (signal.aborted) return;
      const text = errorText(error);
      this.log.warn(`image ${imageId} could not be opened: ${text}`);
      this.post({ type: 'imageError', requestId, message: text });
    } finally {
      if (this.imageRequest === controller) this.imageRequest = undefined;
    }
  }

  // Thumbnail URLs are signed by the service and carry no token; they are still never handed to
  // the webview, which has no network: the host downloads the picture and sends its bytes.
  private async fetchThumbnail(
    services: MapillaryClient,
    imageId: string,
    signal: AbortSignal,
  ): Promise<{ bytes: ArrayBuffer; mime: 'image/jpeg' | 'image/png' | 'image/webp' } | null> {
    try {
      const thumbnail = await downloadThumbnail(services.api, imageId, 1024, {
        signal,
        maxBytes: MAX_THUMBNAIL_BYTES,
      });
      const mime = sniffImageMime(thumbnail.bytes);
      return mime ? { bytes: ownBuffer(thumbnail.bytes), mime } : null;
    } catch (error) {
      if (!signal.aborted) this.log.warn(`thumbnail download failed: ${errorText(error)}`);
      return null;
    }
  }

  /** Reveals the panel (keeping the focus where it is with `preserveFocus`), moved to `view`. */
  show(view?: MapView, preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
    if (view) this.moveTo(view);
  }

  /** Moves the map to `view`. */
  moveTo(view: MapView): void {
    this.view = view;
    this.post({ type: 'setView', view });
  }

  /** What the map shows (the latest view it reported or was sent). */
  lastView(): MapView {
    return this.view;
  }

  /** Draws the given sequences highlighted (the organization's, from the tree); empty clears. */
  highlightSequences(sequenceIds: readonly string[]): void {
    this.highlighted = [...sequenceIds];
    this.post({ type: 'highlightSequences', sequenceIds: this.highlighted });
  }

  /** Sends a message once the webview has said it is ready; earlier ones would be lost. */
  post(message: HostToWebview): void {
    if (!this.ready) return;
    void this.panel.webview.postMessage(message);
  }

  private cancelAll(): void {
    for (const controller of this.tileRequests.values()) controller.abort();
    this.tileRequests.clear();
    this.imageRequest?.abort();
  }

  dispose(): void {
    this.cancelAll();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
