// What the pointer is over: a label beside it naming the feature (once per frame, however fast
// the mouse moves), the pointer cursor over anything pickable, and a click on an image (or on a
// sequence or overview point, which open their key image) opening it.
import * as L from 'leaflet';
import { describePick, imageToOpen } from '../shared/map/picking';
import type { ScreenPick } from './mapillaryLayer';

/** Hover label and click handling over the map's layers. */
export class PointerPicks {
  private readonly label: HTMLElement;
  private frame = 0;
  private lastMove: L.LeafletMouseEvent | undefined;

  constructor(
    private readonly map: L.Map,
    private readonly element: HTMLElement,
    private readonly pickAt: (latlng: L.LatLng) => ScreenPick | undefined,
    private readonly openImage: (imageId: string) => void,
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
    const pick = this.pickAt(event.latlng);
    this.element.classList.toggle('mly-pointer', Boolean(pick));
    if (!pick) {
      this.label.hidden = true;
      delete this.element.dataset.hover;
      return;
    }
    this.label.hidden = false;
    this.label.textContent = describePick(pick);
    this.element.dataset.hover = this.label.textContent;
    L.DomUtil.setPosition(this.label, event.containerPoint.add([14, 14]));
  }

  private readonly onOut = (): void => {
    this.label.hidden = true;
  };

  private readonly onClick = (event: L.LeafletMouseEvent): void => {
    const pick = this.pickAt(event.latlng);
    const imageId = pick && imageToOpen(pick);
    if (imageId) this.openImage(imageId);
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
