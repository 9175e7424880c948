// What the pointer is over: a label beside it naming the feature (once per frame, however fast
// the mouse moves), the pointer cursor over anything pickable, and clicks: a map feature opens its
// panel; an image opens, or, where several images are under the pointer, a chooser lists them; a
// sequence or overview point opens its key image.
import * as L from 'leaflet';
import { describePick, imageToOpen, type FeaturePick } from '../shared/map/picking';
import type { ScreenPick } from './mapillaryLayer';

/** What the pointer's clicks lead to. */
export interface PointerActions {
  /** The nearest pickable feature under a position. */
  pickAt(latlng: L.LatLng): ScreenPick | undefined;
  /** Every image close enough to a position to be what a click there meant. */
  imagesAt(latlng: L.LatLng): ScreenPick[];
  /** Opens an image; `near` is where the click was. */
  openImage(pick: FeaturePick, near: L.LatLng): void;
  openFeature(pick: FeaturePick): void;
  choose(picks: ScreenPick[], at: L.Point): void;
}

/** Hover label and click handling over the map's layers. */
export class PointerPicks {
  private readonly label: HTMLElement;
  private frame = 0;
  private lastMove: L.LeafletMouseEvent | undefined;

  constructor(
    private readonly map: L.Map,
    private readonly element: HTMLElement,
    private readonly actions: PointerActions,
  ) {
    this.label = L.DomUtil.create('div', 'mly-hover', element);
    this.label.hidden = true;
    map.on('mousemove', this.onMove);
    map.on('mouseout', this.onOut);
    map.on('click', this.onClick);
  }

  private readonly onMove = (event: L.LeafletMouseEvent): void => {
    this.lastMove = event;
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.lastMove) this.hover(this.lastMove);
    });
  };

  private hover(event: L.LeafletMouseEvent): void {
    const pick = this.actions.pickAt(event.latlng);
    this.element.classList.toggle('mly-pointer', Boolean(pick));
    if (!pick) {
      this.label.hidden = true;
      delete this.element.dataset.hover;
      return;
    }
    this.label.hidden = false;
    this.label.textContent = describePick(pick);
    this.element.dataset.hover = this.label.textContent;
    if (pick.value) this.element.dataset.hoverValue = pick.value;
    else delete this.element.dataset.hoverValue;
    L.DomUtil.setPosition(this.label, event.containerPoint.add([14, 14]));
  }

  private readonly onOut = (): void => {
    this.label.hidden = true;
  };

  private readonly onClick = (event: L.LeafletMouseEvent): void => {
    const pick = this.actions.pickAt(event.latlng);
    if (!pick) return;
    if (pick.kind === 'point' || pick.kind === 'traffic_sign') {
      if (pick.id) this.actions.openFeature(pick);
      return;
    }
    if (pick.kind === 'image') {
      const near = this.actions.imagesAt(event.latlng).filter((p) => imageToOpen(p));
      if (near.length > 1) {
        this.actions.choose(near, event.containerPoint);
        return;
      }
    }
    if (imageToOpen(pick)) this.actions.openImage(pick, event.latlng);
  };

  /** Stops listening. */
  dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.map.off('mousemove', this.onMove);
    this.map.off('mouseout', this.onOut);
    this.map.off('click', this.onClick);
    this.label.remove();
  }
}
