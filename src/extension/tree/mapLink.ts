// The Explorer's link with the map panel: move the map to what is selected in the tree, and hear
// about selections made on the map. The panel may be opened and closed at any time; this follows
// whichever one is current.
import * as vscode from 'vscode';
import { type MapView } from '../../shared/messages';
import { MapPanel } from '../mapPanel';

/** The map panel's saved view, which a newly opened panel starts from (see MapPanel). */
const MAP_VIEW_STATE_KEY = 'mapillary.map.view';

/** What the Explorer does with the map. */
export interface MapLink {
  /** Whether a map panel is open. */
  isOpen(): boolean;
  /**
   * Moves the map to `view` and highlights the sequences; opens the map first when `open` is set,
   * otherwise does nothing without an open map.
   */
  show(view: MapView | undefined, sequenceIds: readonly string[], open: boolean): Promise<void>;
  /** The image ids of the map's latest box selection. */
  selection(): readonly string[];
  /** Fires with the image ids when the user selects images on the map. */
  onDidSelect(listener: (imageIds: readonly string[]) => void): vscode.Disposable;
}

/** A map link over {@link MapPanel}; `panelOpened` fires for each panel shown or restored. */
export class MapPanelLink implements MapLink, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<readonly string[]>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private panelSubscription: vscode.Disposable | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly openMap: () => void,
    panelOpened: vscode.Event<MapPanel>,
  ) {
    this.disposables.push(panelOpened((panel) => this.follow(panel)));
    if (MapPanel.current) this.follow(MapPanel.current);
  }

  private follow(panel: MapPanel): void {
    this.panelSubscription?.dispose();
    this.panelSubscription = panel.onDidChangeSelection((selection) =>
      this.emitter.fire(selection.imageIds),
    );
  }

  isOpen(): boolean {
    return MapPanel.current !== undefined;
  }

  async show(
    view: MapView | undefined,
    sequenceIds: readonly string[],
    open: boolean,
  ): Promise<void> {
    let panel = MapPanel.current;
    if (!panel) {
      if (!open) return;
      // A new panel starts from the saved view, so save the target before opening it.
      if (view) await this.context.workspaceState.update(MAP_VIEW_STATE_KEY, view);
      this.openMap();
      panel = MapPanel.current;
      panel?.highlightSequences(sequenceIds);
      return;
    }
    if (view) panel.post({ type: 'setView', view });
    panel.highlightSequences(sequenceIds);
    if (open) panel.panel.reveal(undefined, true);
  }

  selection(): readonly string[] {
    return MapPanel.current?.selection.imageIds ?? [];
  }

  onDidSelect(listener: (imageIds: readonly string[]) => void): vscode.Disposable {
    return this.emitter.event(listener);
  }

  dispose(): void {
    this.panelSubscription?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
