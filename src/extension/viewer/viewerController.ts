// The window's street-level viewer: at most one panel, opened beside the map (or in the active
// editor group, by the `mapillary.viewer.placement` setting), moved by map clicks, and followed by
// the map, which draws the current image with a view cone that turns with the viewer. It owns the
// ViewerService (the host's caches of fields and pictures), so a closed and reopened viewer does not
// read again what it read before.
import * as vscode from 'vscode';
import { isId } from '../../shared/ids';
import { type Logger } from '../../shared/logger';
import { type ImageHint, type ImagePick } from '../../shared/messages';
import { type CurrentView } from '../../shared/viewer/viewerMessages';
import { ViewerService, type ViewerServiceOptions } from '../../core/viewer/viewerService';
import { ViewerPanel, type ViewerTimings } from './viewerPanel';

/** A context key set once the viewer has shown an image in this window. */
export const VIEWER_SHOWN_CONTEXT = 'mapillary.viewerShown';

/** What the viewer needs of the map. */
export interface ViewerMapLink {
  isOpen(): boolean;
  /** The map's view column, when it is open. */
  viewColumn(): vscode.ViewColumn | undefined;
  /** Draws the current image with its view cone; undefined clears it. */
  showCurrentImage(view: CurrentView | undefined): void;
  /** Fires with the image (and its sequence) when the person clicks an image on the map. */
  onDidPickImage(listener: (pick: ImagePick) => void): vscode.Disposable;
}

/** Where a viewer opens. */
export type ViewerPlacement = 'beside' | 'active';

/** How often the map is told about the bearing at most, while a panorama is dragged. */
const BEARING_INTERVAL_MS = 100;

/** Opens, moves and follows the window's viewer (see the file comment). */
export class ViewerController implements vscode.Disposable {
  private panel: ViewerPanel | undefined;
  private service: ViewerService;
  private view: CurrentView | undefined;
  private bearingTimer: ReturnType<typeof setTimeout> | undefined;
  private toldFallback = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly imageEmitter = new vscode.EventEmitter<CurrentView>();
  /** Fires when the viewer shows another image. */
  readonly onDidChangeImage = this.imageEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly serviceOptions: () => ViewerServiceOptions,
    private readonly map: ViewerMapLink,
  ) {
    this.service = new ViewerService(serviceOptions());
    this.disposables.push(
      this.imageEmitter,
      map.onDidPickImage(({ imageId, ...hint }) => {
        const config = vscode.workspace.getConfiguration('mapillary.viewer');
        if (this.panel || config.get<boolean>('openOnMapClick', true)) {
          this.open(imageId, { preserveFocus: true, ...hint });
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Records read from one service are never shown for another.
        if (e.affectsConfiguration('mapillary.api')) {
          this.service.dispose();
          this.service = new ViewerService(this.serviceOptions());
        }
      }),
    );
  }

  /**
   * Shows `imageId`, opening the viewer where the placement setting says when it is closed; with
   * `highlightDetectionId`, that detection is drawn highlighted. `sequenceId`, when the caller
   * knows the image's sequence, lets the first read carry the images that follow; `near`, where
   * a map click was, lets it carry the images near them too.
   */
  open(
    imageId: string,
    options: { preserveFocus?: boolean; highlightDetectionId?: string } & ImageHint = {},
  ): void {
    if (!isId('image', imageId)) throw new Error(`"${imageId.slice(0, 40)}" is not an image id.`);
    if (options.sequenceId) {
      this.service.records.expectSequence(imageId, options.sequenceId, options.near);
    }
    if (!this.panel) {
      this.panel = ViewerPanel.open(
        this.context,
        this.log,
        this.service,
        this.events(),
        this.column(),
        options.preserveFocus ?? false,
      );
      this.follow(this.panel);
      // Ticks off the walkthrough's viewer step however the viewer was opened (a map click too).
      void vscode.commands.executeCommand('setContext', VIEWER_SHOWN_CONTEXT, true);
    }
    this.panel.show(imageId, {
      preserveFocus: options.preserveFocus ?? false,
      ...(options.highlightDetectionId && isId('detection', options.highlightDetectionId)
        ? { highlightDetectionId: options.highlightDetectionId }
        : {}),
    });
  }

  /** Takes over a panel VS Code restored after a reload, showing the image it showed. */
  restore(webviewPanel: vscode.WebviewPanel, state: unknown): void {
    this.panel?.dispose();
    this.panel = ViewerPanel.restore(
      webviewPanel,
      this.context,
      this.log,
      this.service,
      this.events(),
    );
    this.follow(this.panel);
    const imageId = (state as { imageId?: unknown } | undefined)?.imageId;
    if (typeof imageId === 'string' && isId('image', imageId)) {
      this.panel.show(imageId, { reveal: false });
    }
  }

  /** The image the viewer shows, if it is open. */
  current(): CurrentView | undefined {
    return this.panel ? this.view : undefined;
  }

  /** The open panel's timings. */
  timings(): ViewerTimings | undefined {
    return this.panel?.timings;
  }

  /** The service's figures (for tests and benchmarks). */
  serviceForTests(): ViewerService {
    return this.service;
  }

  private column(): vscode.ViewColumn {
    const placement = vscode.workspace
      .getConfiguration('mapillary.viewer')
      .get<ViewerPlacement>('placement', 'beside');
    if (placement === 'active') return vscode.ViewColumn.Active;
    // Beside the map when it is open (the map stays in its group), else beside the active editor.
    const mapColumn = this.map.isOpen() ? this.map.viewColumn() : undefined;
    return mapColumn !== undefined ? mapColumn + 1 : vscode.ViewColumn.Beside;
  }

  private events() {
    return {
      onImage: (view: CurrentView) => {
        this.view = view;
        this.map.showCurrentImage(view);
        this.imageEmitter.fire(view);
      },
      onBearing: (bearing: number) => {
        if (!this.view) return;
        this.view = { ...this.view, bearing };
        // Dragging a panorama turns it many times a second; the map follows at most ten.
        this.bearingTimer ??= setTimeout(() => {
          this.bearingTimer = undefined;
          if (this.view) this.map.showCurrentImage(this.view);
        }, BEARING_INTERVAL_MS);
      },
      onFallback: (reason: string) => {
        this.log.warn(`viewer without WebGL: ${reason}`);
        if (this.toldFallback) return;
        this.toldFallback = true;
        void vscode.window.showInformationMessage(
          'Mapillary: WebGL is not available here, so the viewer shows plain pictures: no 360° ' +
            'panoramas and no transitions. Stepping, play and detections work as usual.',
        );
      },
      onRevealInTree: (imageId: string) => {
        void vscode.commands.executeCommand('mapillary.explorer.revealInTree', imageId);
      },
    };
  }

  private follow(panel: ViewerPanel): void {
    panel.panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = undefined;
      this.view = undefined;
      this.map.showCurrentImage(undefined);
    });
  }

  dispose(): void {
    if (this.bearingTimer) clearTimeout(this.bearingTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel?.dispose();
    this.panel = undefined;
    this.service.dispose();
  }
}
