// The street-level viewer's image on the map: a dot where the image was taken and a view cone that
// turns with the viewer's bearing. The map follows as the viewer steps: when the image leaves the
// view, the map pans to it. A Leaflet layer of its own (onAdd/onRemove), drawn as SVG in the marker
// pane; its element carries the image id and bearing as data attributes for the tests.
import * as L from 'leaflet';
import { type CurrentView } from '../shared/viewer/viewerMessages';

const SVG = 'http://www.w3.org/2000/svg';
/** Size of the marker's square, in CSS pixels; the cone reaches its edge. */
const SIZE = 64;
/** Half the opening angle of the cone, in degrees. */
const HALF_ANGLE = 35;

function svg<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

/** The cone's path: a wedge from the centre, pointing up (north) before it is rotated. */
function conePath(): string {
  const c = SIZE / 2;
  const r = SIZE / 2 - 2;
  const a = (HALF_ANGLE * Math.PI) / 180;
  const left = [c - r * Math.sin(a), c - r * Math.cos(a)];
  const right = [c + r * Math.sin(a), c - r * Math.cos(a)];
  return `M${c},${c} L${left[0]},${left[1]} A${r},${r} 0 0 1 ${right[0]},${right[1]} Z`;
}

/** The viewer's current image with its view cone (see the file comment). */
export class CurrentImageLayer extends L.Layer {
  private element: HTMLElement | undefined;
  private cone: SVGPathElement | undefined;
  private view: CurrentView | undefined;

  /** Shows `view` (null or undefined hides the marker); pans the map to a new image out of view. */
  set(view: CurrentView | null | undefined): this {
    const moved = view?.id !== this.view?.id;
    this.view = view ?? undefined;
    this.update();
    const map = this._map as L.Map | undefined;
    if (map && view && moved && !map.getBounds().pad(-0.1).contains([view.lat, view.lon])) {
      map.panTo([view.lat, view.lon]);
    }
    return this;
  }

  override onAdd(map: L.Map): this {
    const element = L.DomUtil.create('div', 'mly-current-image leaflet-zoom-hide');
    const root = svg('svg', {
      width: String(SIZE),
      height: String(SIZE),
      viewBox: `0 0 ${SIZE} ${SIZE}`,
    });
    this.cone = svg('path', { d: conePath(), class: 'mly-current-cone' });
    const dot = svg('circle', {
      cx: String(SIZE / 2),
      cy: String(SIZE / 2),
      r: '6',
      class: 'mly-current-dot',
    });
    root.append(this.cone, dot);
    element.append(root);
    map.getPanes().markerPane.append(element);
    this.element = element;
    map.on('zoomend viewreset', this.onZoom);
    this.update();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('zoomend viewreset', this.onZoom);
    this.element?.remove();
    this.element = undefined;
    this.cone = undefined;
    return this;
  }

  private readonly onZoom = (): void => this.update();

  private update(): void {
    const element = this.element;
    const map = this._map as L.Map | undefined;
    if (!element || !map) return;
    const view = this.view;
    element.hidden = !view;
    if (!view) {
      delete element.dataset.imageId;
      delete element.dataset.bearing;
      return;
    }
    const point = map.latLngToLayerPoint([view.lat, view.lon]);
    L.DomUtil.setPosition(element, point.subtract([SIZE / 2, SIZE / 2]));
    // Styles are set through the DOM (the CSP allows no inline style attributes).
    if (this.cone) this.cone.style.transform = `rotate(${view.bearing}deg)`;
    element.dataset.imageId = view.id;
    element.dataset.bearing = view.bearing.toFixed(1);
    if (view.sequenceId) element.dataset.sequenceId = view.sequenceId;
  }
}
