// The map's overlay worker: the bytes of a file shown over the map in, its index built here, and
// tiles drawn here on an OffscreenCanvas and sent back as pixels. Parsing a 50 MB GeoJSON file,
// clustering its points and simplifying its shapes all happen in this thread, so the page keeps
// drawing and answering the pointer while a large file loads. It answers the requests of
// ../shared/overlay/overlayWorkerRequests through its end of a request channel.
import { RequestChannel } from '../shared/channel/requestChannel';
import { drawOverlayTile } from '../shared/overlay/drawOverlayTile';
import { decodeOverlay } from '../shared/overlay/overlayDecode';
import { OverlayIndex } from '../shared/overlay/overlayIndex';
import { propertyRows } from '../shared/overlay/overlayPoints';
import { overlayColor } from '../shared/overlay/overlayStyle';
import {
  dropOverlayRequest,
  loadOverlayRequest,
  overlayTileRequest,
  pickOverlayRequest,
} from '../shared/overlay/overlayWorkerRequests';

interface WorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const channel = new RequestChannel({
  post: (message, transfer) => scope.postMessage(message, transfer),
});
const indexes = new Map<string, OverlayIndex>();

function indexOf(id: string): OverlayIndex {
  const index = indexes.get(id);
  if (!index) throw new Error(`overlay ${id} is not loaded`);
  return index;
}

channel.handle(loadOverlayRequest, ({ id, format, bytes }) => {
  const started = performance.now();
  const decoded = decodeOverlay(new Uint8Array(bytes), format);
  const decodedAt = performance.now();
  const index = new OverlayIndex(decoded);
  indexes.set(id, index);
  return {
    ...index.summary,
    decodeMs: decodedAt - started,
    indexMs: performance.now() - decodedAt,
  };
});

channel.handle(overlayTileRequest, ({ id, z, x, y, size, colorIndex }) => {
  const content = indexOf(id).tile(z, x, y);
  if (!content) return { pixels: null };
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D context in the overlay worker');
  ctx.scale(size / 256, size / 256);
  drawOverlayTile(ctx, content, overlayColor(colorIndex), 256);
  return { pixels: ctx.getImageData(0, 0, size, size).data.buffer };
});

channel.handle(pickOverlayRequest, ({ id, lon, lat, zoom, radiusPx }) => {
  const pick = indexOf(id).pick(lon, lat, zoom, radiusPx);
  if (!pick) return { pick: null };
  if (pick.kind === 'cluster') {
    const { kind, count, expansionZoom } = pick;
    return { pick: { kind, lon: pick.lon, lat: pick.lat, count, expansionZoom, rows: [] } };
  }
  return {
    pick: { kind: pick.kind, lon: pick.lon, lat: pick.lat, rows: propertyRows(pick.properties) },
  };
});

channel.handle(dropOverlayRequest, ({ id }) => {
  indexes.delete(id);
  return {};
});

scope.onmessage = (event) => {
  channel.receive(event.data);
};
