// Starts the decoding worker and matches its answers to requests. The worker's code is bundled into
// map.js as text and started from a Blob URL: a webview cannot start a worker from its resource
// origin, and the CSP allows workers from `blob:` only.
import workerSource from 'virtual:tileWorker';
import type { DetectionShape } from '../shared/map/detectionPixels';
import type { DetectionOutline } from '../shared/messages';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

type TileAnswer = WorkerResponse & { type: 'tile' };

/** The decoding worker and the matching of its answers to requests. */
export class DecodeWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (response: WorkerResponse) => void>();
  private nextId = 1;

  constructor(onError: (message: string) => void) {
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    this.worker = new Worker(url, { name: 'mapillary-tile-decoder' });
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const resolve = this.waiting.get(event.data.id);
      this.waiting.delete(event.data.id);
      resolve?.(event.data);
    };
    this.worker.onerror = (event) => {
      const message = `the decoding worker failed: ${event.message}`;
      onError(message);
      // Whatever was waiting fails now instead of never: its tiles get the failed mark.
      for (const [id, resolve] of this.waiting) {
        resolve({ type: 'tile', id, ok: false, error: message });
      }
      this.waiting.clear();
    };
  }

  private send(request: WorkerRequest, transfer: Transferable[]): Promise<WorkerResponse> {
    return new Promise((resolve) => {
      this.waiting.set(request.id, resolve);
      this.worker.postMessage(request, transfer);
    });
  }

  /** Decodes a tile's bytes (transferred: `bytes` is unusable afterwards). */
  async decodeTile(bytes: ArrayBuffer): Promise<TileAnswer> {
    const id = this.nextId++;
    return (await this.send({ type: 'tile', id, bytes }, [bytes])) as TileAnswer;
  }

  /** Decodes detection outlines into normalised polygons. */
  async decodeDetections(
    items: DetectionOutline[],
  ): Promise<{ shapes: DetectionShape[]; failed: string[] }> {
    const id = this.nextId++;
    const answer = await this.send({ type: 'detections', id, items }, []);
    if (answer.type !== 'detections') return { shapes: [], failed: items.map((i) => i.id) };
    return { shapes: answer.shapes, failed: answer.failed };
  }
}
