// The map's decoding worker: bytes in, render tiles out, so neither decoding nor building the
// grids ever blocks the page. The bounded decoder caps vertices, features and time, so a hostile
// tile fails alone and quickly.
import { decodeDetectionGeometry } from '../shared/detections/detectionGeometry';
import type { DetectionShape } from '../shared/map/detectionPixels';
import { buildRenderTile, renderTileBuffers } from '../shared/map/renderTile';
import { decodeTile } from '../shared/tiles/boundedDecoder';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

function handleTile(id: number, bytes: ArrayBuffer): void {
  const started = performance.now();
  try {
    const decoded = decodeTile(new Uint8Array(bytes));
    if (!decoded.ok) {
      scope.postMessage({ type: 'tile', id, ok: false, error: decoded.error.message });
      return;
    }
    const tile = buildRenderTile(decoded.value.layers, bytes.byteLength);
    scope.postMessage(
      { type: 'tile', id, ok: true, tile, decodeMs: performance.now() - started },
      renderTileBuffers(tile),
    );
  } catch (error) {
    scope.postMessage({
      type: 'tile',
      id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

function handleDetections(id: number, items: WorkerRequest & { type: 'detections' }): void {
  const shapes: DetectionShape[] = [];
  const failed: string[] = [];
  for (const item of items.items) {
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
  scope.postMessage({ type: 'detections', id, shapes, failed });
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'tile') handleTile(request.id, request.bytes);
  else handleDetections(request.id, request);
};
