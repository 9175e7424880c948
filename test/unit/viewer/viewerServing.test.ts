// The viewer's host side serving the page from the emulator: pictures and their refresh when the
// URLs expire, map cells, nearby captures, detections, and answers that carry no URL and no token.
import { strict as assert } from 'node:assert';
import { type ViewerService, serveViewer } from '../../../src/core/viewer/viewerService';
import { NEARBY_RADIUS_M } from '../../../src/core/viewer/coverageCells';
import { distanceMetres } from '../../../src/shared/geo/pointQueries';
import {
  viewerCellRequest,
  viewerDetectionsRequest,
  viewerImagesRequest,
  viewerNearbyRequest,
  viewerPictureRequest,
  viewerSequenceRequest,
} from '../../../src/shared/viewer/viewerMessages';
import { type ImageRecord } from '../../emulator/dataset';
import { type Emulator } from '../../emulator/emulator';
import { livePair } from '../../support/livePair';
import { boxAround, viewerHost } from './viewerHost';

describe('viewer: the host side against the emulator: serving the page', function () {
  this.timeout(60_000);
  const host = viewerHost();
  const { clock, graphCalls, longSequence } = host;
  let emu: Emulator;
  let service: ViewerService;
  beforeEach(() => {
    ({ emu, service } = host);
  });

  it('downloads a picture without a Graph call, and reads expired URLs again in one call', async () => {
    const seq = longSequence();
    const ids = seq.imageIds.slice(300, 350);
    await service.images(ids, 'full');
    emu.resetLog();
    const first = await service.pictures.get(ids[0] ?? '', '1024');
    assert.equal(first.mime, 'image/jpeg');
    assert.equal(graphCalls(), 0, 'the URL came with the record');
    assert.equal(emu.count('thumb'), 1);
    // The signed URLs expire: the next download is refused, the batch read again once.
    clock.advance(601_000);
    const second = await service.pictures.get(ids[1] ?? '', '1024');
    assert.equal(second.mime, 'image/jpeg');
    assert.equal(graphCalls(), 1, 'one call refreshed the URLs of the whole batch');
    assert.deepEqual(
      emu
        .requests()
        .map((r) => `${r.endpoint} ${r.status}`)
        .filter((r) => !r.startsWith('tiles:')),
      ['thumb 200', 'thumb 403', 'graph:images_batch 200', 'thumb 200'],
    );
    await service.pictures.get(ids[2] ?? '', '1024');
    assert.equal(graphCalls(), 1, 'the batch-mate got its fresh URL in the same call');
    // A picture asked twice is downloaded once.
    await service.pictures.get(ids[2] ?? '', '1024');
    assert.equal(emu.count('thumb'), 4);
  });

  it('gives the images of a cell from the coverage tiles, with no Graph call', async () => {
    const seq = longSequence();
    const at = emu.dataset.images.find((i) => i.id === seq.imageIds[200]);
    assert.ok(at);
    const bbox = boxAround(at, 40);
    const images = await service.cells.cell(bbox);
    assert.equal(graphCalls(), 0);
    assert.ok(emu.count('tiles:mly1_public') >= 1 && emu.count('tiles:mly1_computed_public') >= 1);
    assert.ok(
      images.some((i) => i.id === at.id),
      'the image itself is in its cell',
    );
    const byId = new Map(emu.dataset.images.map((i) => [i.id, i]));
    for (const image of images) {
      const truth = byId.get(image.id);
      assert.ok(truth, `${image.id} is an image of the dataset`);
      assert.equal(image.sequenceId, truth.sequenceId);
      // Tile positions are rounded to the tile's grid (about 0.6 m at z14).
      assert.ok(distanceMetres(image.lon, image.lat, truth.lon, truth.lat) < 1.5);
      if (truth.computedLon !== undefined && truth.computedLat !== undefined) {
        assert.ok(image.computedLon !== undefined && image.computedLat !== undefined);
        assert.ok(
          distanceMetres(
            image.computedLon,
            image.computedLat,
            truth.computedLon,
            truth.computedLat,
          ) < 1.5,
        );
      }
    }
    const inside = emu.dataset.images.filter(
      (i) =>
        i.lon > bbox[0] + 2e-5 &&
        i.lon < bbox[2] - 2e-5 &&
        i.lat > bbox[1] + 2e-5 &&
        i.lat < bbox[3] - 2e-5,
    );
    for (const image of inside) {
      assert.ok(
        images.some((i) => i.id === image.id),
        `${image.id} inside the box is listed`,
      );
    }
  });

  it('lists other captures within 20 m: other sequences, the nearest of each, newest first', async () => {
    // An image with other sequences near it.
    const byId = new Map(emu.dataset.images.map((i) => [i.id, i]));
    let found:
      | { image: ImageRecord; captures: Awaited<ReturnType<typeof service.cells.nearby>> }
      | undefined;
    for (const image of emu.dataset.images.slice(0, 400)) {
      const captures = await service.cells.nearby(image.lon, image.lat, image.sequenceId);
      if (captures.length >= 2) {
        found = { image, captures };
        break;
      }
    }
    assert.ok(found, 'some image has other captures near it');
    const { image, captures } = found;
    assert.equal(graphCalls(), 0);
    assert.equal(new Set(captures.map((c) => c.sequenceId)).size, captures.length);
    for (const c of captures) {
      assert.notEqual(c.sequenceId, image.sequenceId);
      assert.ok(c.distanceM <= NEARBY_RADIUS_M);
      const truth = byId.get(c.id);
      assert.ok(
        truth && distanceMetres(image.lon, image.lat, truth.lon, truth.lat) < NEARBY_RADIUS_M + 1.5,
      );
    }
    const dates = captures.map((c) => c.capturedAt ?? -Infinity);
    assert.deepEqual(
      dates,
      [...dates].sort((a, b) => b - a),
      'newest first',
    );
  });

  it('hands over the detections that came with the read, however the image was asked for', async () => {
    const withDetections = emu.dataset.images.filter((i) => i.detectionIds.length >= 2);
    const full = withDetections[0];
    const spatial = withDetections.find((i) => i.sequenceId !== full?.sequenceId);
    assert.ok(full && spatial);
    await service.images([full.id], 'full');
    await service.images([spatial.id], 'spatial');
    emu.resetLog();
    const a = await service.records.detections(full.id);
    assert.equal(graphCalls(), 0);
    assert.deepEqual(a.outlines.map((d) => d.id).sort(), [...full.detectionIds].sort());
    assert.ok(a.outlines.every((d) => d.geometry.length > 0 && d.value.length > 0));
    // Asked for as a neighbour, it came with its detections too.
    const b = await service.records.detections(spatial.id);
    assert.equal(graphCalls(), 0);
    assert.deepEqual(b.outlines.map((d) => d.id).sort(), [...spatial.detectionIds].sort());
  });

  it('answers every request over the channel with no URL and no token in it', async () => {
    const { host, page } = livePair();
    serveViewer(host, service);
    const seq = longSequence();
    const image = emu.dataset.images.find((i) => i.id === seq.imageIds[5]);
    assert.ok(image);
    const answers: unknown[] = [
      await page.request(viewerSequenceRequest, { sequenceId: seq.id }),
      await page.request(viewerImagesRequest, { ids: [image.id], detail: 'full' as const }),
      await page.request(viewerCellRequest, { bbox: boxAround(image, 30) }),
      await page.request(viewerDetectionsRequest, { imageId: image.id }),
      await page.request(viewerNearbyRequest, { lon: image.lon, lat: image.lat }),
    ];
    const picture = await page.request(viewerPictureRequest, {
      imageId: image.id,
      size: '2048' as const,
    });
    const bytes = new Uint8Array(picture.bytes as ArrayBuffer);
    assert.equal(bytes[0], 0xff, 'JPEG bytes crossed the channel');
    const text = JSON.stringify(answers) + Buffer.from(bytes).toString('latin1');
    assert.doesNotMatch(text, /https?:\/\//);
    assert.doesNotMatch(text, /[?&](oe|sig)=/);
    assert.ok(!text.includes(emu.clientToken), 'no token');
    // A picture of an image the service does not know is a failure, not a hang.
    await assert.rejects(
      page.request(viewerPictureRequest, { imageId: '1', size: '1024' as const }),
    );
    host.dispose();
    page.dispose();
  });
});
