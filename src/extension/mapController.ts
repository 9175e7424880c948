// The window's map: at most one map panel, opened or revealed on demand, restored after a reload,
// and followed as it comes and goes. Whoever needs the map (the Explorer, the exports, the open
// command) is handed this object; none of them reaches a panel of its own.
import * as vscode from 'vscode';
import { loadGisWriters } from '../core/gis/loadGisWriters';
import { readOverlayFile } from '../core/overlay/overlayFile';
import type { Logger } from '../shared/logger';
import type { ImagePick, MapView } from '../shared/messages';
import type { CurrentView } from '../shared/viewer/viewerMessages';
import { MapPanel } from './mapPanel';
import { type MapPanelTimings } from './mapPageState';
import { savedMapView } from './mapPanelState';
import type { ServicesSource } from './mapRequests';
import { imagesLookingAtHere } from './overlay/imagesLookingAt';
import { OverlayRegistry } from './overlay/overlayRegistry';

/** Opens, shows and follows the window's map panel. */
export class MapController implements vscode.Disposable {
  private panel: MapPanel | undefined;
  private following: vscode.Disposable[] = [];
  private readonly selectionEmitter = new vscode.EventEmitter<readonly string[]>();
  /** Fires with the image ids when the user box-selects images on the map (or clears it). */
  readonly onDidChangeSelection = this.selectionEmitter.event;
  private readonly pickEmitter = new vscode.EventEmitter<ImagePick>();
  /** Fires with the image (and its sequence) when the person clicks an image on the map. */
  readonly onDidPickImage = this.pickEmitter.event;
  private currentImage: CurrentView | null = null;
  /** The files shown over the map ("Show on Map" on a .geojson, .gpkg or .fgb file). */
  readonly overlays: OverlayRegistry;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly services: ServicesSource,
  ) {
    this.overlays = new OverlayRegistry(
      (file, root) =>
        readOverlayFile(file, {
          root,
          readGeoPackage: (bytes, name) => loadGisWriters().readGeoPackageFeatures(bytes, name),
        }),
      log,
      (lon, lat) => void imagesLookingAtHere(log, lon, lat),
    );
  }

  /**
   * Opens the map at `initialView` (else where it was last), or reveals the open one and moves it
   * there. Revealing keeps the focus where it is when `preserveFocus` is set.
   */
  show(initialView?: MapView, options: { preserveFocus?: boolean } = {}): void {
    if (this.panel) {
      this.panel.show(initialView, options.preserveFocus ?? false);
      return;
    }
    this.follow(MapPanel.open(this.context, this.log, this.services, initialView, this.overlays));
  }

  /** Takes over a panel VS Code restored after a window reload, in place of any open one. */
  restore(webviewPanel: vscode.WebviewPanel, state: unknown): void {
    this.panel?.dispose();
    this.follow(
      MapPanel.restore(webviewPanel, state, this.context, this.log, this.services, this.overlays),
    );
  }

  /** Whether a map panel is open. */
  isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Moves the open map to `view`; does nothing without an open map. */
  moveTo(view: MapView): void {
    this.panel?.moveTo(view);
  }

  /** Draws these sequences highlighted on the open map; empty clears. */
  highlightSequences(sequenceIds: readonly string[]): void {
    this.panel?.highlightSequences(sequenceIds);
  }

  /** The open map's editor column, if it is open. */
  viewColumn(): vscode.ViewColumn | undefined {
    return this.panel?.panel.viewColumn;
  }

  /** Draws the viewer's current image on the map (also on a map opened later); undefined clears. */
  showCurrentImage(image: CurrentView | undefined): void {
    this.currentImage = image ?? null;
    this.panel?.showCurrentImage(this.currentImage);
  }

  /** What the open map shows, else what the last one showed in this workspace. */
  lastView(): MapView | undefined {
    return this.panel?.lastView() ?? savedMapView(this.context);
  }

  /**
   * The image ids of the map's latest box selection, when the user can see it: the map is open and
   * showing (a map hidden behind another tab offers none, so that an export never acts on a
   * selection out of sight).
   */
  selection(): readonly string[] {
    return this.panel?.panel.visible ? this.panel.selection.imageIds : [];
  }

  /** The open panel's timings, for the log and the tests. */
  timings(): MapPanelTimings | undefined {
    return this.panel?.timings;
  }

  private follow(panel: MapPanel): void {
    this.unfollow();
    this.panel = panel;
    if (this.currentImage) panel.showCurrentImage(this.currentImage);
    this.following = [
      panel.onDidChangeSelection((selection) => this.selectionEmitter.fire(selection.imageIds)),
      panel.onDidPickImage((pick) => this.pickEmitter.fire(pick)),
      panel.panel.onDidDispose(() => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.unfollow();
        }
      }),
    ];
  }

  private unfollow(): void {
    for (const d of this.following.splice(0)) d.dispose();
  }

  dispose(): void {
    this.unfollow();
    this.panel?.dispose();
    this.panel = undefined;
    this.selectionEmitter.dispose();
    this.pickEmitter.dispose();
  }
}
