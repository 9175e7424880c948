// Paints the emulator's street pictures in a worker thread, smallest first (the 1024 picture a
// viewer waits for before the 2048 one it loads when it rests), and keeps the latest ones. Where a
// worker cannot start (no TypeScript loader in this process), pictures are drawn in place.
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { encode } from 'jpeg-js';
import { type Detection, type ImageRecord } from './dataset';
import { drawStreetPicture, type PictureGrid } from './streetPictures';

/** One picture to draw. */
export interface PictureJob {
  id: number;
  grid: PictureGrid;
  image: ImageRecord;
  detections: Detection[];
  width: number;
  height: number;
}

/** A drawn picture's JPEG bytes. */
export interface PictureResult {
  id: number;
  bytes: Uint8Array;
}

/** The loader flags of this process (tsx's), which the worker needs to load TypeScript. */
function loaderArgs(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if ((arg === '--require' || arg === '--import') && argv[i + 1]) out.push(arg, argv[++i] ?? '');
    else if (arg.startsWith('--import=') || arg.startsWith('--require=')) out.push(arg);
  }
  return out;
}

/** Draws pictures off the event loop (see the file comment). */
export class PicturePainter {
  private worker: Worker | undefined;
  private failed = false;
  private busy: PictureJob | undefined;
  private readonly queue: PictureJob[] = [];
  private readonly waiting = new Map<
    number,
    { resolve(b: Buffer): void; reject(e: Error): void }
  >();
  private nextId = 1;

  /** The JPEG of `image` at `width` × `height`. */
  paint(
    grid: PictureGrid,
    image: ImageRecord,
    detections: Detection[],
    width: number,
    height: number,
  ): Promise<Buffer> {
    const worker = this.start();
    if (!worker) {
      const rgba = drawStreetPicture(grid, image, detections, width, height);
      return Promise.resolve(encode({ data: rgba, width, height }, 70).data);
    }
    const job: PictureJob = { id: this.nextId++, grid, image, detections, width, height };
    return new Promise<Buffer>((resolve, reject) => {
      this.waiting.set(job.id, { resolve, reject });
      this.queue.push(job);
      this.queue.sort((a, b) => a.width * a.height - b.width * b.height);
      this.pump();
    });
  }

  /** Stops the worker; pictures still waiting fail. */
  close(): Promise<void> {
    for (const waiter of this.waiting.values()) waiter.reject(new Error('the emulator closed'));
    this.waiting.clear();
    this.queue.length = 0;
    const worker = this.worker;
    this.worker = undefined;
    return worker ? worker.terminate().then(() => undefined) : Promise.resolve();
  }

  private start(): Worker | undefined {
    if (this.worker || this.failed) return this.worker;
    try {
      const worker = new Worker(path.join(__dirname, 'pictureWorker.ts'), {
        execArgv: loaderArgs(),
      });
      worker.unref();
      worker.on('message', (result: PictureResult) => {
        this.busy = undefined;
        const waiter = this.waiting.get(result.id);
        this.waiting.delete(result.id);
        waiter?.resolve(
          Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength),
        );
        this.pump();
      });
      worker.on('error', (error) => {
        // Without a worker the pictures are drawn in place from now on.
        this.failed = true;
        this.worker = undefined;
        const jobs = [...this.queue, ...(this.busy ? [this.busy] : [])];
        this.queue.length = 0;
        this.busy = undefined;
        for (const job of jobs) {
          const waiter = this.waiting.get(job.id);
          this.waiting.delete(job.id);
          if (!waiter) continue;
          void this.paint(job.grid, job.image, job.detections, job.width, job.height).then(
            (bytes) => waiter.resolve(bytes),
            () => waiter.reject(error),
          );
        }
      });
      this.worker = worker;
    } catch {
      this.failed = true;
    }
    return this.worker;
  }

  private pump(): void {
    if (this.busy || !this.worker) return;
    const job = this.queue.shift();
    if (!job) return;
    this.busy = job;
    this.worker.postMessage(job);
  }
}
