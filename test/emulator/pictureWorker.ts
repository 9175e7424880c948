// The emulator's picture worker: draws and encodes the JPEGs of street pictures off the emulator's
// event loop (a 2048-pixel picture takes a few hundred milliseconds), so that the emulator keeps
// answering other requests meanwhile, as the service does.
import { parentPort } from 'node:worker_threads';
import { encode } from 'jpeg-js';
import { type PictureJob, type PictureResult } from './picturePainter';
import { drawStreetPicture } from './streetPictures';

parentPort?.on('message', (job: PictureJob) => {
  const rgba = drawStreetPicture(job.grid, job.image, job.detections, job.width, job.height);
  const jpeg = encode({ data: rgba, width: job.width, height: job.height }, 70).data;
  const bytes = new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength).slice();
  const result: PictureResult = { id: job.id, bytes };
  parentPort?.postMessage(result, [bytes.buffer]);
});
