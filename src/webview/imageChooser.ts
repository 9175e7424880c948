// A small list at the pointer when a click lands on several images at once (overlapping points of
// sequences that pass the same place): each row says when the image was taken, its sequence and
// whether it is a panorama, and opens it. Nothing is guessed. Escape, a click elsewhere or a move
// of the map closes it.
import * as L from 'leaflet';
import { choiceText } from '../shared/map/chooserText';
import type { FeaturePick } from '../shared/map/picking';
import { el } from './element';

/** Rows the chooser lists at most. */
export const MAX_CHOICES = 12;

/** The chooser popup of a map. */
export class ImageChooser {
  private readonly root: HTMLElement;

  constructor(
    private readonly map: L.Map,
    element: HTMLElement,
    /** Opens the chosen image; `near` is where the click was. */
    private readonly open: (pick: FeaturePick, near: L.LatLng) => void,
  ) {
    this.root = el('div', 'mly-chooser');
    this.root.hidden = true;
    this.root.setAttribute('role', 'listbox');
    L.DomEvent.disableClickPropagation(this.root);
    L.DomEvent.disableScrollPropagation(this.root);
    element.append(this.root);
    map.on('movestart zoomstart', this.close);
    document.addEventListener('keydown', this.onKey);
  }

  /** Whether the chooser is showing. */
  get visible(): boolean {
    return !this.root.hidden;
  }

  /** Lists `picks` next to `at` (a container point). */
  show(picks: readonly FeaturePick[], at: L.Point): void {
    const rows = picks.slice(0, MAX_CHOICES).map((pick) => {
      const row = el('button', 'mly-choice', choiceText(pick));
      row.dataset.imageId = pick.id;
      row.setAttribute('role', 'option');
      row.addEventListener('click', () => {
        this.close();
        this.open(pick, this.map.containerPointToLatLng(at));
      });
      return row;
    });
    const title = el('div', 'mly-chooser-title', `${picks.length} images here`);
    this.root.replaceChildren(title, ...rows);
    this.root.hidden = false;
    this.root.dataset.count = String(picks.length);
    const size = this.map.getSize();
    // Kept inside the map: opened to the left or up when the pointer is near an edge.
    const x = Math.min(at.x + 8, Math.max(0, size.x - 320));
    const y = Math.min(at.y + 8, Math.max(0, size.y - 40 - 26 * rows.length));
    L.DomUtil.setPosition(this.root, L.point(x, y));
    rows[0]?.focus();
  }

  /** Closes the chooser. */
  readonly close = (): void => {
    this.root.hidden = true;
    this.root.replaceChildren();
    delete this.root.dataset.count;
  };

  private readonly onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.visible) this.close();
  };

  /** Stops listening. */
  dispose(): void {
    this.map.off('movestart zoomstart', this.close);
    document.removeEventListener('keydown', this.onKey);
    this.root.remove();
  }
}
