// The raster basemap under Mapillary's layers (the only host the page may load from, by the CSP),
// and the "first view drawn" report: once its tiles have loaded, or at once when there is none.
import * as L from 'leaflet';
import { attributionHtml } from '../shared/basemap';
import type { Basemap } from '../shared/messages';
import type { HostLink } from './hostLink';

/** The basemap layer of the map, replaced when the setting changes. */
export class BasemapLayer {
  private layer: L.TileLayer | undefined;
  private drawnReported = false;

  constructor(
    private readonly map: L.Map,
    private readonly element: HTMLElement,
    private readonly maxZoom: number,
    private readonly host: HostLink,
  ) {}

  /** Shows `basemap` (null: none). */
  set(basemap: Basemap): void {
    this.layer?.remove();
    this.layer = undefined;
    this.element.classList.toggle('no-basemap', basemap === null);
    if (!basemap) return;
    this.layer = L.tileLayer(basemap.url, {
      // Leaflet renders attributions as HTML: the setting's text is escaped so it shows as text.
      attribution: attributionHtml(basemap.attribution),
      maxZoom: this.maxZoom,
      maxNativeZoom: 19,
      crossOrigin: false,
      zIndex: 1,
    });
    this.layer.on('tileerror', () => this.host.log('warn', 'a basemap tile failed to load'));
    this.layer.addTo(this.map);
  }

  /** Reports the first view drawn once the basemap's tiles have loaded (at once without one). */
  whenDrawn(): void {
    if (this.layer) this.layer.once('load', () => this.reportDrawn());
    else this.reportDrawn();
  }

  private reportDrawn(): void {
    if (this.drawnReported) return;
    this.drawnReported = true;
    const tiles = this.element.querySelectorAll('img.leaflet-tile-loaded').length;
    this.element.setAttribute('data-drawn', 'true');
    this.host.post({ type: 'mapDrawn', tiles });
  }
}
