// Starts the overlay worker and talks to it through a request channel. Like the decoding worker,
// its code is bundled into map.js as text and started from a Blob URL (the CSP allows workers from
// `blob:` only).
import workerSource from 'virtual:overlayWorker';
import { RequestChannel } from '../shared/channel/requestChannel';
import type { OverlayWireFormat } from '../shared/overlay/overlayLimits';
import {
  type OverlayPickAnswer,
  type OverlaySummary,
  dropOverlayRequest,
  loadOverlayRequest,
  overlayTileRequest,
  pickOverlayRequest,
} from '../shared/overlay/overlayWorkerRequests';

/** The overlay worker, behind typed requests. */
export class OverlayWorker {
  private readonly url: string;
  private readonly worker: Worker;
  private readonly channel: RequestChannel;

  constructor(onError: (message: string) => void) {
    this.url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    this.worker = new Worker(this.url, { name: 'mapillary-overlays' });
    this.channel = new RequestChannel({
      post: (message, transfer) => this.worker.postMessage(message, transfer),
      onProblem: (text) => onError(`overlay worker: ${text}`),
    });
    this.worker.onmessage = (event: MessageEvent<unknown>) => {
      this.channel.receive(event.data);
    };
    this.worker.onerror = (event) => {
      const message = `the overlay worker failed: ${event.message}`;
      onError(message);
      this.channel.failAll(message);
    };
  }

  /** Parses and indexes a file's bytes (transferred: unusable afterwards). */
  load(id: string, format: OverlayWireFormat, bytes: ArrayBuffer): Promise<OverlaySummary> {
    return this.channel.request(loadOverlayRequest, { id, format, bytes });
  }

  /** RGBA pixels of tile z/x/y, `size` pixels square, or null when the file has nothing there. */
  async tile(
    id: string,
    coords: { z: number; x: number; y: number },
    size: number,
    colorIndex: number,
    signal: AbortSignal,
  ): Promise<ArrayBuffer | null> {
    const params = { id, ...coords, size, colorIndex };
    return (await this.channel.request(overlayTileRequest, params, { signal })).pixels;
  }

  /** What the overlay has at a place, within `radiusPx` at `zoom`. */
  async pick(
    id: string,
    at: { lon: number; lat: number; zoom: number; radiusPx: number },
  ): Promise<OverlayPickAnswer | null> {
    return (await this.channel.request(pickOverlayRequest, { id, ...at })).pick;
  }

  /** Frees an overlay's index. */
  async drop(id: string): Promise<void> {
    await this.channel.request(dropOverlayRequest, { id });
  }

  /** Stops the worker; requests still waiting end with a cancellation. */
  dispose(): void {
    this.channel.dispose();
    this.worker.terminate();
    URL.revokeObjectURL(this.url);
  }
}
