// The viewer's tile-cutting worker: decodes a picture once (the latest few are kept), draws the
// asked region into a canvas of the tile's size and encodes it as JPEG, off the page's main thread,
// where MapillaryJS draws. Bundled into viewer.js as text and started from a Blob URL.
import { RequestChannel } from '../../shared/channel/requestChannel';
import { cutTileRequest } from '../../shared/viewer/tileCutRequests';

/** Decoded pictures kept. */
const MAX_BITMAPS = 3;

const scope = self as unknown as {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
};
const bitmaps = new Map<string, Promise<ImageBitmap>>();

function bitmap(key: string, bytes: ArrayBuffer, mime: string): Promise<ImageBitmap> {
  let held = bitmaps.get(key);
  if (held) {
    bitmaps.delete(key);
  } else {
    held = createImageBitmap(new Blob([bytes], { type: mime }));
    held.catch(() => bitmaps.delete(key));
  }
  bitmaps.set(key, held);
  while (bitmaps.size > MAX_BITMAPS) {
    const oldest = bitmaps.entries().next();
    if (oldest.done) break;
    bitmaps.delete(oldest.value[0]);
    void oldest.value[1].then(
      (b) => b.close(),
      () => undefined,
    );
  }
  return held;
}

const channel = new RequestChannel({
  post: (message, transfer) => scope.postMessage(message, transfer),
});
channel.handle(cutTileRequest, async ({ key, bytes, mime, region }) => {
  const source = await bitmap(key, bytes, mime);
  const canvas = new OffscreenCanvas(region.pixelsX, region.pixelsY);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas in the worker');
  context.drawImage(
    source,
    region.left * source.width,
    region.top * source.height,
    (region.right - region.left) * source.width,
    (region.bottom - region.top) * source.height,
    0,
    0,
    region.pixelsX,
    region.pixelsY,
  );
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
  return { bytes: await blob.arrayBuffer() };
});
scope.onmessage = (event) => {
  channel.receive(event.data);
};
