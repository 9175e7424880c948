// What the Explorer needs of the map: move it to what is selected in the tree, open it on demand,
// read its view, and hear about selections made on it. The window's MapController offers it; the
// Explorer gets it passed in, so it can be given a stand-in.
import { type MapView } from '../../shared/messages';

/** The map as the Explorer uses it. */
export interface MapLink {
  /** Whether a map panel is open. */
  isOpen(): boolean;
  /**
   * Opens the map at `initialView` (else where it was last), or reveals the open one and moves it
   * there; an open map keeps the focus where it is when `preserveFocus` is set.
   */
  show(initialView?: MapView, options?: { preserveFocus?: boolean }): void;
  /** Moves the open map to `view`; does nothing without an open map. */
  moveTo(view: MapView): void;
  /** Draws these sequences highlighted on the open (or just opened) map; empty clears. */
  highlightSequences(sequenceIds: readonly string[]): void;
  /** The view the map shows (or showed last, when it is closed), if any. */
  lastView(): MapView | undefined;
  /** The image ids of the map's latest box selection. */
  selection(): readonly string[];
  /** Fires with the image ids when the user selects images on the map. */
  onDidChangeSelection(listener: (imageIds: readonly string[]) => void): { dispose(): void };
}
