// Box selection of images: with the Select button on (or Shift held), dragging draws a box; the
// images inside it that pass the filters are counted, drawn as selected and sent to the host.
import * as L from 'leaflet';

/** The Select button, the box drawn while dragging, and the selection count. */
export class SelectionControl extends L.Control {
  private readonly container = L.DomUtil.create('div', 'mly-selection leaflet-bar');
  private readonly button = L.DomUtil.create('button', 'mly-select-button', this.container);
  private readonly count = L.DomUtil.create('span', 'mly-selection-count', this.container);
  private readonly clear = L.DomUtil.create('button', 'mly-clear-button', this.container);
  private active = false;
  private box: HTMLElement | undefined;
  private start: L.Point | undefined;
  private boundMap: L.Map | undefined;

  constructor(private readonly onSelect: (bounds: L.LatLngBounds | undefined) => void) {
    super({ position: 'topleft' });
    this.button.textContent = 'Select';
    this.button.title = 'Drag a box to select images (or hold Shift and drag)';
    this.clear.textContent = 'Clear';
    this.clear.hidden = true;
    this.count.hidden = true;
    this.button.addEventListener('click', () => this.setActive(!this.active));
    this.clear.addEventListener('click', () => this.onSelect(undefined));
  }

  override onAdd(map: L.Map): HTMLElement {
    this.boundMap = map;
    L.DomEvent.disableClickPropagation(this.container);
    map.getContainer().addEventListener('mousedown', this.onDown, true);
    return this.container;
  }

  override onRemove(map: L.Map): void {
    map.getContainer().removeEventListener('mousedown', this.onDown, true);
  }

  /** Shows the selection's size (undefined hides it). */
  setCount(count: number | undefined, note?: string): void {
    this.count.hidden = count === undefined;
    this.clear.hidden = count === undefined;
    this.count.textContent =
      count === undefined ? '' : `${count} image${count === 1 ? '' : 's'} selected${note ?? ''}`;
    this.container.dataset.count = count === undefined ? '' : String(count);
  }

  private setActive(active: boolean): void {
    this.active = active;
    this.button.classList.toggle('mly-active', active);
    this.boundMap?.getContainer().classList.toggle('mly-selecting', active);
  }

  private readonly onDown = (event: MouseEvent): void => {
    const map = this.boundMap;
    if (!map || event.button !== 0 || !(this.active || event.shiftKey)) return;
    if ((event.target as HTMLElement).closest('.leaflet-control')) return;
    event.preventDefault();
    event.stopPropagation();
    map.dragging.disable();
    this.start = map.mouseEventToContainerPoint(event);
    this.box = L.DomUtil.create('div', 'mly-select-box', map.getContainer());
    document.addEventListener('mousemove', this.onMove);
    document.addEventListener('mouseup', this.onUp, { once: true });
  };

  private readonly onMove = (event: MouseEvent): void => {
    const map = this.boundMap;
    if (!map || !this.start || !this.box) return;
    const now = map.mouseEventToContainerPoint(event);
    const min = L.point(Math.min(now.x, this.start.x), Math.min(now.y, this.start.y));
    const size = L.point(Math.abs(now.x - this.start.x), Math.abs(now.y - this.start.y));
    L.DomUtil.setPosition(this.box, min);
    this.box.style.width = `${size.x}px`;
    this.box.style.height = `${size.y}px`;
  };

  private readonly onUp = (event: MouseEvent): void => {
    const map = this.boundMap;
    document.removeEventListener('mousemove', this.onMove);
    this.box?.remove();
    this.box = undefined;
    map?.dragging.enable();
    if (!map || !this.start) return;
    const end = map.mouseEventToContainerPoint(event);
    const start = this.start;
    this.start = undefined;
    if (Math.abs(end.x - start.x) < 3 && Math.abs(end.y - start.y) < 3) return;
    this.onSelect(
      L.latLngBounds(map.containerPointToLatLng(start), map.containerPointToLatLng(end)),
    );
  };
}
