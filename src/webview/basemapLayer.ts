// The raster basemap under Mapillary's layers (the only host the page may load from, by the CSP),
// its health (failures counted, logged once a minute at most, and a note on the map while it
// fails), and the "first view drawn" report: once its tiles have loaded, or at once without one.
import * as L from 'leaflet';
import { attributionHtml } from '../shared/basemap';
import type { Basemap } from '../shared/messages';
import { BasemapHealth, basemapHost } from './basemapHealth';
import { el } from './element';
import type { HostLink } from './hostLink';

/** The basemap layer of the map, replaced when the setting changes. */
export class BasemapLayer {
  private layer: L.TileLayer | undefined;
  private health: BasemapHealth | undefined;
  private drawnReported = false;
  private readonly note: HTMLElement;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly map: L.Map,
    private readonly element: HTMLElement,
    private readonly maxZoom: number,
    private readonly host: HostLink,
  ) {
    this.note = el('div', 'mly-basemap-note');
    this.note.hidden = true;
    element.append(this.note);
    // Failures that keep coming are reported once a minute even without a new one to trigger it.
    this.timer = setInterval(() => this.health?.flush(false), 15_000);
  }

  /** Shows `basemap` (null: none). */
  set(basemap: Basemap): void {
    this.layer?.remove();
    this.layer = undefined;
    this.health?.flush(true);
    this.health = undefined;
    this.showNote(undefined);
    this.element.classList.toggle('no-basemap', basemap === null);
    if (!basemap) return;
    const health = new BasemapHealth(basemapHost(basemap.url), {
      log: (text) => this.host.log('warn', text),
      note: (text) => this.showNote(text),
    });
    this.health = health;
    this.layer = L.tileLayer(basemap.url, {
      // Leaflet renders attributions as HTML: the setting's text is escaped so it shows as text.
      attribution: attributionHtml(basemap.attribution),
      maxZoom: this.maxZoom,
      maxNativeZoom: 19,
      crossOrigin: false,
      zIndex: 1,
    });
    this.layer.on('tileerror', () => {
      health.tileFailed();
      this.element.dataset.basemapFailures = String(health.failures);
    });
    this.layer.on('tileload', () => health.tileLoaded());
    this.layer.addTo(this.map);
  }

  private showNote(text: string | undefined): void {
    this.note.hidden = text === undefined;
    if (text === undefined) {
      this.note.replaceChildren();
      return;
    }
    const link = el('a', undefined, 'Basemap setting');
    link.href = '#';
    link.addEventListener('click', (event) => {
      event.preventDefault();
      this.host.post({ type: 'openSetting', setting: 'mapillary.basemap.url' });
    });
    this.note.replaceChildren(el('span', undefined, `${text} `), link);
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

  /** Stops the report timer and writes what was not reported yet. */
  dispose(): void {
    clearInterval(this.timer);
    this.health?.flush(true);
  }
}
