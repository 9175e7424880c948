// The files the user shows over the map ("Show on Map" on a .geojson, .gpkg or .fgb file): each
// asked for by id from the extension host, handed to the overlay worker (which parses, checks and
// indexes it off the page's thread), drawn as its own layer with a legend row and a toggle, and
// reported back to the host (what it holds, its points, or why it could not be drawn). A click on
// one of its features opens a popup with the feature's properties and "Images looking at here".
import * as L from 'leaflet';
import { isRequestCancelled } from '../shared/channel/requestErrors';
import { overlayDataRequest, type OverlayInfo } from '../shared/overlay/overlayMessages';
import type { OverlayPickAnswer, OverlaySummary } from '../shared/overlay/overlayWorkerRequests';
import { el } from './element';
import type { HostLink } from './hostLink';
import { OverlayControl } from './overlayControl';
import { OverlayLayer } from './overlayLayer';
import { OverlayWorker } from './overlayWorkerClient';

const PICK_RADIUS_PX = 8;
const MAX_ZOOM_ON_FIT = 17;

interface Shown {
  info: OverlayInfo;
  controller: AbortController;
  layer?: OverlayLayer;
  visible: boolean;
}

function describe(summary: OverlaySummary): string {
  const parts: string[] = [];
  const n = (count: number, what: string): string =>
    `${count.toLocaleString('en')} ${what}${count === 1 ? '' : 's'}`;
  if (summary.pointCount) parts.push(n(summary.pointCount, 'point'));
  if (summary.lines) parts.push(n(summary.lines, 'line'));
  if (summary.polygons) parts.push(n(summary.polygons, 'polygon'));
  if (summary.clustered) parts.push('clustered');
  return parts.join(' · ');
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/** The overlays of one map (see the file comment). */
export class MapOverlays {
  private readonly shown = new Map<string, Shown>();
  private readonly control: OverlayControl;
  private worker: OverlayWorker | undefined;
  private clickSerial = 0;

  constructor(
    private readonly map: L.Map,
    private readonly host: HostLink,
    /** True when the map's own layers have something to open at the place (they win a click). */
    private readonly mapillaryAt: (latlng: L.LatLng) => boolean,
  ) {
    this.control = new OverlayControl({
      setVisible: (id, visible) => this.setVisible(id, visible),
      remove: (id) => {
        this.remove(id);
        this.host.post({ type: 'overlayStatus', id, state: 'removed' });
      },
    });
    this.control.addTo(map);
    map.on('click', this.onClick);
  }

  // Started with the first overlay: a map without files pays nothing for them.
  private workerNow(): OverlayWorker {
    this.worker ??= new OverlayWorker((text) => this.host.log('error', text));
    return this.worker;
  }

  /** Shows a file the host named (again, if it was shown: the new one replaces it). */
  show(info: OverlayInfo): void {
    this.remove(info.id);
    const entry: Shown = { info, controller: new AbortController(), visible: true };
    this.shown.set(info.id, entry);
    this.control.add(info.id, info.name, info.colorIndex);
    void this.load(entry);
  }

  private async load(entry: Shown): Promise<void> {
    const { info, controller } = entry;
    const started = performance.now();
    try {
      const buffer = await this.fetchBytes(info.id, controller.signal);
      const summary = await this.workerNow().load(info.id, info.format, buffer);
      if (controller.signal.aborted) return;
      const layer = new OverlayLayer({
        id: info.id,
        colorIndex: info.colorIndex,
        worker: this.workerNow(),
        className: `mly-overlay-layer mly-overlay-${info.id}`,
        onTileFailed: (text) => this.host.log('warn', `overlay ${info.name}: ${text}`),
      });
      entry.layer = layer;
      // Reported once the tiles in view are drawn; at once when the user hid the file meanwhile.
      if (entry.visible) {
        layer.once('load', () => {
          if (!controller.signal.aborted) this.report(info, summary, performance.now() - started);
        });
      } else this.report(info, summary, undefined);
      if (info.fit && summary.bbox) this.fit(summary.bbox);
      if (entry.visible) layer.addTo(this.map);
    } catch (error) {
      if (isRequestCancelled(error) || controller.signal.aborted) return;
      const text = errorText(error);
      this.control.set(info.id, { state: 'failed', error: text });
      this.host.post({ type: 'overlayStatus', id: info.id, state: 'failed', error: text });
    }
  }

  private report(
    info: OverlayInfo,
    summary: OverlaySummary,
    firstDrawMs: number | undefined,
  ): void {
    this.control.set(info.id, {
      state: 'shown',
      text: describe(summary),
      features: summary.featureCount,
    });
    this.host.post({
      type: 'overlayStatus',
      id: info.id,
      state: 'shown',
      report: {
        featureCount: summary.featureCount,
        points: summary.points,
        lines: summary.lines,
        polygons: summary.polygons,
        clustered: summary.clustered,
        pointCount: summary.pointCount,
        listedPoints: summary.listedPoints,
        ...(firstDrawMs === undefined ? {} : { firstDrawMs }),
      },
    });
  }

  // Piece after piece into one buffer, which then moves to the worker without a copy.
  private async fetchBytes(id: string, signal: AbortSignal): Promise<ArrayBuffer> {
    let all: Uint8Array | undefined;
    let offset = 0;
    do {
      const piece = await this.host.channel.request(overlayDataRequest, { id, offset }, { signal });
      all ??= new Uint8Array(piece.total);
      if (piece.total === 0) break;
      const bytes = piece.bytes instanceof ArrayBuffer ? new Uint8Array(piece.bytes) : piece.bytes;
      if (bytes.length === 0 || offset + bytes.length > all.length || piece.total !== all.length) {
        throw new Error('the host sent the file in pieces that do not fit together: show it again');
      }
      all.set(bytes, offset);
      offset += bytes.length;
    } while (offset < all.length);
    return all.buffer as ArrayBuffer;
  }

  private fit([w, s, e, n]: [number, number, number, number]): void {
    const bounds = L.latLngBounds([s, w], [n, e]);
    this.map.fitBounds(bounds.pad(0.05), { animate: false, maxZoom: MAX_ZOOM_ON_FIT });
  }

  /** Shows or hides an overlay (kept loaded). */
  setVisible(id: string, visible: boolean): void {
    const entry = this.shown.get(id);
    if (!entry) return;
    entry.visible = visible;
    if (!entry.layer) return;
    if (visible) entry.layer.addTo(this.map);
    else entry.layer.remove();
  }

  /** Takes an overlay off the map and frees it. */
  remove(id: string): void {
    const entry = this.shown.get(id);
    if (!entry) return;
    this.shown.delete(id);
    entry.controller.abort();
    entry.layer?.remove();
    this.control.delete(id);
    this.worker?.drop(id).catch(() => undefined);
  }

  private readonly onClick = (event: L.LeafletMouseEvent): void => {
    if (this.shown.size === 0 || this.mapillaryAt(event.latlng)) return;
    const serial = ++this.clickSerial;
    void this.pickAt(event.latlng).then((found) => {
      if (serial !== this.clickSerial || !found) return;
      if (found.pick.kind === 'cluster') {
        const zoom = Math.max(this.map.getZoom() + 1, found.pick.expansionZoom ?? 0);
        this.map.setView([found.pick.lat, found.pick.lon], zoom);
        return;
      }
      this.popup(found.name, found.pick, event.latlng);
    });
  };

  // The topmost visible overlay with something at the place wins (the last shown is on top).
  private async pickAt(
    latlng: L.LatLng,
  ): Promise<{ name: string; pick: OverlayPickAnswer } | undefined> {
    const worker = this.worker;
    if (!worker) return undefined;
    const at = {
      lon: L.Util.wrapNum(latlng.lng, [-180, 180], true),
      lat: latlng.lat,
      zoom: this.map.getZoom(),
      radiusPx: PICK_RADIUS_PX,
    };
    for (const entry of [...this.shown.values()].reverse()) {
      if (!entry.visible || !entry.layer) continue;
      try {
        const pick = await worker.pick(entry.info.id, at);
        if (pick) return { name: entry.info.name, pick };
      } catch (error) {
        if (!isRequestCancelled(error)) this.host.log('warn', `overlay pick: ${errorText(error)}`);
      }
    }
    return undefined;
  }

  private popup(name: string, pick: OverlayPickAnswer, clicked: L.LatLng): void {
    const body = el('div', 'mly-overlay-popup');
    body.append(el('strong', undefined, name));
    if (pick.rows.length) {
      const table = el('table');
      for (const [key, value] of pick.rows) {
        const tr = el('tr');
        tr.append(el('th', undefined, key), el('td', undefined, value));
        table.append(tr);
      }
      body.append(table);
    }
    // A point's own position; inside a polygon or on a line, where the user clicked.
    const place = pick.kind === 'point' ? L.latLng(pick.lat, pick.lon) : clicked;
    const button = el('button', 'mly-images-looking-at', 'Images looking at here');
    button.addEventListener('click', () => {
      this.host.post({
        type: 'overlayImagesLookingAt',
        lon: L.Util.wrapNum(place.lng, [-180, 180], true),
        lat: place.lat,
      });
      this.map.closePopup();
    });
    body.append(el('div'), button);
    L.popup({ maxWidth: 320 }).setLatLng(place).setContent(body).openOn(this.map);
  }

  /** Lets go of everything: loads in flight are cancelled, the worker is stopped. */
  dispose(): void {
    this.map.off('click', this.onClick);
    for (const id of [...this.shown.keys()]) this.remove(id);
    this.worker?.dispose();
  }
}
