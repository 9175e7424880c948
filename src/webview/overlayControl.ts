// The legend of the files shown over the map: one row each, with its colour, its name, what it
// holds (or why it could not be drawn), a checkbox that shows or hides it, and a button that takes
// it off the map. The rows carry their state as data attributes, for people inspecting the webview
// and for the end-to-end tests.
import * as L from 'leaflet';
import { overlayColor } from '../shared/overlay/overlayStyle';
import { el } from './element';
import './overlays.css';

/** A legend row's state. */
export type OverlayRowState =
  | { state: 'loading' }
  | { state: 'shown'; text: string; features: number }
  | { state: 'failed'; error: string };

interface Row {
  element: HTMLElement;
  toggle: HTMLInputElement;
  detail: HTMLElement;
}

/** What the legend asks of the overlays. */
export interface OverlayControlActions {
  setVisible(id: string, visible: boolean): void;
  remove(id: string): void;
}

/** The overlays' legend (see the file comment); hidden while no file is shown. */
export class OverlayControl extends L.Control {
  private readonly container = el('div', 'mly-overlays leaflet-bar');
  private readonly rows = new Map<string, Row>();

  constructor(private readonly actions: OverlayControlActions) {
    super({ position: 'bottomleft' });
    this.container.hidden = true;
    this.container.append(el('h3', undefined, 'Files on the map'));
    L.DomEvent.disableClickPropagation(this.container);
    L.DomEvent.disableScrollPropagation(this.container);
  }

  override onAdd(): HTMLElement {
    return this.container;
  }

  /** Adds (or resets) the row of an overlay. */
  add(id: string, name: string, colorIndex: number): void {
    this.rows.get(id)?.element.remove();
    const element = el('div', 'mly-overlay-row');
    element.dataset.overlayId = id;
    const label = el('label', 'mly-overlay-label');
    const toggle = el('input');
    toggle.type = 'checkbox';
    toggle.checked = true;
    toggle.title = 'Show or hide this file';
    toggle.addEventListener('change', () => {
      element.dataset.visible = String(toggle.checked);
      this.actions.setVisible(id, toggle.checked);
    });
    const swatch = el('span', 'mly-swatch');
    swatch.style.background = overlayColor(colorIndex);
    label.append(toggle, swatch, el('span', 'mly-overlay-name', name));
    const remove = el('button', 'mly-overlay-remove', '×');
    remove.title = 'Take this file off the map';
    remove.addEventListener('click', () => this.actions.remove(id));
    const detail = el('div', 'mly-overlay-detail', 'reading…');
    element.append(label, remove, detail);
    element.dataset.state = 'loading';
    element.dataset.visible = 'true';
    this.container.append(element);
    this.rows.set(id, { element, toggle, detail });
    this.container.hidden = false;
  }

  /** Shows how an overlay fared. */
  set(id: string, state: OverlayRowState): void {
    const row = this.rows.get(id);
    if (!row) return;
    row.element.dataset.state = state.state;
    row.element.classList.toggle('mly-overlay-failed', state.state === 'failed');
    if (state.state === 'shown') {
      row.detail.textContent = state.text;
      row.element.dataset.features = String(state.features);
    } else if (state.state === 'failed') {
      row.detail.textContent = state.error;
      row.toggle.disabled = true;
    }
  }

  /** Takes an overlay's row away. */
  delete(id: string): void {
    this.rows.get(id)?.element.remove();
    this.rows.delete(id);
    this.container.hidden = this.rows.size === 0;
  }
}
