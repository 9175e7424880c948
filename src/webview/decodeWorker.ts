// Starts the decoding worker and talks to it through a request channel. The worker's code is bundled
// into map.js as text and started from a Blob URL: a webview cannot start a worker from its resource
// origin, and the CSP allows workers from `blob:` only.
import workerSource from 'virtual:tileWorker';
import { RequestChannel } from '../shared/channel/requestChannel';
import { decodeDetectionsRequest, decodeTileRequest } from '../shared/map/decodeRequests';
import type { DetectionShape } from '../shared/map/detectionPixels';
import type { RenderTile } from '../shared/map/renderTile';
import type { DetectionOutline } from '../shared/map/detectionOutline';

/** The decoding worker, behind typed requests. */
export class DecodeWorker {
  private readonly url: string;
  private readonly worker: Worker;
  private readonly channel: RequestChannel;

  constructor(onError: (message: string) => void) {
    this.url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    this.worker = new Worker(this.url, { name: 'mapillary-tile-decoder' });
    this.channel = new RequestChannel({
      post: (message, transfer) => this.worker.postMessage(message, transfer),
      onProblem: (text) => onError(`decoding worker: ${text}`),
    });
    this.worker.onmessage = (event: MessageEvent<unknown>) => {
      this.channel.receive(event.data);
    };
    this.worker.onerror = (event) => {
      const message = `the decoding worker failed: ${event.message}`;
      onError(message);
      // Whatever was waiting fails now instead of never: its tiles get the failed mark.
      this.channel.failAll(message);
    };
  }

  /** Decodes a tile's bytes (transferred: `bytes` is unusable afterwards); rejects when it cannot. */
  async decodeTile(bytes: ArrayBuffer): Promise<RenderTile> {
    return (await this.channel.request(decodeTileRequest, { bytes })).tile;
  }

  /** Decodes detection outlines into normalised polygons. */
  decodeDetections(
    items: DetectionOutline[],
  ): Promise<{ shapes: DetectionShape[]; failed: string[] }> {
    return this.channel.request(decodeDetectionsRequest, { items });
  }

  /** Stops the worker; requests still waiting end with a cancellation. */
  dispose(): void {
    this.channel.dispose();
    this.worker.terminate();
    URL.revokeObjectURL(this.url);
  }
}
