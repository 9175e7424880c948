// A drawing worker of the map: bytes in, decoded tiles kept, bitmaps out. It decodes each tile it
// is given (the bounded decoder caps vertices, features and time, so a hostile tile fails alone and
// quickly), keeps it, and draws it whenever the page asks, with the draw state and sprite atlas
// the page sent last; the page only composites the bitmaps. It also decodes detection outlines.
// It answers the requests of workerRequests.ts and decodeRequests.ts through its request channel.
import { RequestChannel } from '../shared/channel/requestChannel';
import { decodeDetectionGeometry } from '../shared/detections/detectionGeometry';
import { decodeDetectionsRequest } from '../shared/map/decodeRequests';
import type { DetectionShape } from '../shared/map/detectionPixels';
import type { DrawState } from '../shared/map/drawView';
import { DEFAULT_MAP_SETTINGS } from '../shared/map/mapSettingsDefaults';
import { buildRenderTile, type RenderTile } from '../shared/map/renderTile';
import { decodeTile } from '../shared/tiles/boundedDecoder';
import { TilePainter, type Sprites } from './tilePainter';
import {
  drawStateRequest,
  drawTileRequest,
  dropTilesRequest,
  loadTileRequest,
  spritesRequest,
} from './workerRequests';

interface WorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const channel = new RequestChannel({
  post: (message, transfer) => scope.postMessage(message, transfer as Transferable[]),
});
const tiles = new Map<string, RenderTile>();
const painter = new TilePainter();
let state: DrawState = {
  settings: DEFAULT_MAP_SETTINGS,
  highlighted: new Set(),
  selected: new Set(),
};
let sprites: Sprites | undefined;

channel.handle(loadTileRequest, ({ key, bytes }) => {
  const started = performance.now();
  const decoded = decodeTile(new Uint8Array(bytes));
  if (!decoded.ok) throw new Error(decoded.error.message);
  const tile = buildRenderTile(decoded.value.layers, bytes.byteLength);
  tiles.set(key, tile);
  // The answer is a copy (structured clone): this worker keeps its own to draw from.
  return { tile, decodeMs: performance.now() - started };
});

channel.handle(dropTilesRequest, ({ keys }) => {
  for (const key of keys) tiles.delete(key);
  return {};
});

channel.handle(drawStateRequest, (next) => {
  state = {
    settings: next.settings,
    highlighted: new Set(next.highlighted),
    selected: new Set(next.selected),
    current: next.current,
  };
  return {};
});

channel.handle(spritesRequest, async ({ png, index }) => {
  const atlas = await createImageBitmap(new Blob([png], { type: 'image/png' }));
  sprites?.atlas.close();
  sprites = { atlas, index };
  return { icons: Object.keys(index.icons).length };
});

channel.handle(drawTileRequest, ({ keys, view, width, height }) => {
  const started = performance.now();
  // A tile the page never sent here (an empty one) has nothing to draw.
  const held = keys.map((key) => tiles.get(key)).filter((t): t is RenderTile => t !== undefined);
  const painted = painter.paint(held, view, state, width, height, sprites);
  return { ...painted, drawMs: performance.now() - started };
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
