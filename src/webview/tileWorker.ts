// The map's decoding worker: bytes in, render tiles out, so neither decoding nor building the
// grids ever blocks the page. The bounded decoder caps vertices, features and time, so a hostile
// tile fails alone and quickly. It answers the requests of ../shared/map/decodeRequests through
// its end of the request channel.
import { RequestChannel } from '../shared/channel/requestChannel';
import { decodeDetectionGeometry } from '../shared/detections/detectionGeometry';
import { decodeDetectionsRequest, decodeTileRequest } from '../shared/map/decodeRequests';
import type { DetectionShape } from '../shared/map/detectionPixels';
import { buildRenderTile } from '../shared/map/renderTile';
import { decodeTile } from '../shared/tiles/boundedDecoder';

interface WorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const channel = new RequestChannel({
  post: (message, transfer) => scope.postMessage(message, transfer),
});

channel.handle(decodeTileRequest, ({ bytes }) => {
  const started = performance.now();
  const decoded = decodeTile(new Uint8Array(bytes));
  if (!decoded.ok) throw new Error(decoded.error.message);
  const tile = buildRenderTile(decoded.value.layers, bytes.byteLength);
  return { tile, decodeMs: performance.now() - started };
});

channel.handle(decodeDetectionsRequest, ({ items }) => {
  const shapes: DetectionShape[] = [];
  const failed: string[] = [];
  for (const item of items) {
    const decoded = decodeDetectionGeometry(item.geometry);
    if (!decoded.ok) {
      failed.push(item.id);
      continue;
    }
    shapes.push({
      id: item.id,
      value: item.value,
      polygons: decoded.value.features.flatMap((f) => f.polygons),
    });
  }
  return { shapes, failed };
});

scope.onmessage = (event) => {
  channel.receive(event.data);
};
