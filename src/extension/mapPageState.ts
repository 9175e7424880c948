// What the map's page must be told when it starts: VS Code drops a hidden webview's page and starts
// a new one when it is shown again, so the host keeps what it set (the view or the area to fit, the
// highlighted sequences, the selection the exports act on, the viewer's current image) and sends it
// again to each new page.
import { type Basemap, type HostToWebview, type MapView } from '../shared/messages';
import { type MapSettings } from '../shared/map/mapSettings';
import { type CurrentView } from '../shared/viewer/viewerMessages';

/** Timings of the last open, for the log and for tests. */
export interface MapPanelTimings {
  /** When the panel was opened. */
  openedAt: number;
  /**
   * When the panel's current document was started: at the open, and again each time VS Code
   * recreates it (shown again after being hidden, or written anew after a setting changed).
   */
  documentAt: number;
  readyAt?: number;
  drawnAt?: number;
}

/** The latest box selection on the map. */
export interface MapSelection {
  imageIds: readonly string[];
}

/** The state the host keeps for the map's pages. */
export class MapPageState {
  /** Sequences drawn highlighted (the organization's, from the tree). */
  highlighted: string[] = [];
  /** The viewer's current image, drawn with its view cone. */
  currentImage: CurrentView | null = null;
  /** The latest box selection (empty before any). */
  selection: MapSelection = { imageIds: [] };
  /** The area to fit the first view to; dropped once the map reports a view. */
  fit: [number, number, number, number] | undefined;
  /** A view the map was moved to that its page has not reported yet. */
  private movedTo: MapView | undefined;

  /** `view`: what the map shows, where it opened, then each view reported or sent. */
  constructor(public view: MapView) {}

  /** The page reported where it is. */
  viewReported(view: MapView): void {
    this.fit = undefined;
    this.movedTo = undefined;
    this.view = view;
  }

  /** The map is sent to `view` (a hidden page gets it again when it comes back). */
  moveTo(view: MapView): void {
    this.view = view;
    this.movedTo = view;
  }

  /** The messages that start a new page: its init, then what it had before. */
  startMessages(basemap: Basemap, settings: MapSettings): HostToWebview[] {
    const messages: HostToWebview[] = [
      { type: 'init', basemap, view: this.view, settings, ...(this.fit ? { fit: this.fit } : {}) },
    ];
    if (this.highlighted.length) {
      messages.push({ type: 'highlightSequences', sequenceIds: this.highlighted });
    }
    // A recreated page comes back with the selection that the exports act on.
    if (this.selection.imageIds.length) {
      messages.push({ type: 'setSelection', imageIds: [...this.selection.imageIds] });
    }
    if (this.currentImage) messages.push({ type: 'currentImage', image: this.currentImage });
    // A move asked for while the page was away wins over the view it opened on.
    if (this.movedTo) messages.push({ type: 'setView', view: this.movedTo });
    return messages;
  }
}
