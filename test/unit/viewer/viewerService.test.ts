// The viewer's host side against the emulator: what each request costs in Graph calls (counted in
// the emulator's request log), pictures from signed URLs and their refresh when they expire (by
// the emulator's clock, moved by hand), map cells and nearby captures from the coverage tiles,
// detections riding along with full reads, and answers that carry no URL and no token.
import { strict as assert } from 'node:assert';
import { createMapillaryClient, type MapillaryClient } from '../../../src/core/api/mapillaryClient';
import { ViewerService, clientSources, serveViewer } from '../../../src/core/viewer/viewerService';
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
import { ManualClock } from '../../emulator/clock';
import { type ImageRecord } from '../../emulator/dataset';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { livePair } from '../../support/livePair';

/** A box of `metres` around a position. */
function boxAround(image: ImageRecord, metres: number): [number, number, number, number] {
  const dLat = metres / 110_540;
  const dLon = metres / (111_320 * Math.cos((image.lat * Math.PI) / 180));
  return [image.lon - dLon, image.lat - dLat, image.lon + dLon, image.lat + dLat];
}

describe('viewer: the host side against the emulator', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let client: MapillaryClient;
  let service: ViewerService;
  // URLs expire by this clock only, moved by the tests; drawing pictures never races it.
  const clock = new ManualClock();
  const graphCalls = (): number => emu.count('graph:');

  before(async () => {
    emu = await startEmulator({
      seed: 1,
      size: 'small',
      pictures: 'streets',
      clock,
      thumbTtlSeconds: 600,
    });
    client = await createMapillaryClient({
      graphUrl: emu.graphUrl,
      tilesUrl: emu.tilesUrl,
      getToken: () => Promise.resolve(emu.clientToken),
      clientToken: emu.clientToken,
      maxAttempts: 1,
    });
    // The tile token's kind is asked once per session (`/me`); asked here, it is not counted below.
    await client.tileToken();
  });
  beforeEach(() => {
    service = new ViewerService({
      ...clientSources(() => Promise.resolve(client)),
    });
    emu.resetLog();
  });
  afterEach(() => service.dispose());
  after(async () => {
    await client.flush();
    await emu.close();
  });

  const longSequence = () => {
    const seq = emu.dataset.sequences[0];
    assert.ok(seq && seq.imageIds.length > 300);
    return seq;
  };

  it('reads by id in batches of 100 where nothing is placed: one call for an image and the 99 after it', async () => {
    const seq = longSequence();
    const ids = await service.records.sequence(seq.id);
    assert.deepEqual(ids, seq.imageIds);
    assert.equal(emu.count('graph:image_ids'), 1);
    emu.resetLog();
    const { images } = await service.images([ids[10] ?? ''], 'full');
    assert.equal(images[0]?.id, ids[10]);
    assert.equal(graphCalls(), 1, 'one call for the first image');
    // The 99 images that come next arrived with it.
    await service.images(ids.slice(11, 110), 'full');
    assert.equal(graphCalls(), 1, 'no call for the images read along');
    assert.equal(emu.count('graph:images_batch'), 1);
    // 200 more: the tiles around that read placed them, so one search of their area brings them.
    await service.images(ids.slice(110, 310), 'full');
    assert.equal(graphCalls(), 2, '300 images, two calls');
    // `graph:images` alone, as `count` takes a prefix: a search, not a read by id.
    assert.equal(emu.requests().filter((r) => r.endpoint === 'graph:images').length, 1);
  });

  it('reads the order first when told the sequence, so the first read carries what follows', async () => {
    const seq = longSequence();
    const first = seq.imageIds[400] ?? '';
    service.records.expectSequence(first, seq.id);
    await service.images([first], 'full');
    assert.deepEqual(
      emu
        .requests()
        .map((r) => r.endpoint)
        .filter((e) => e.startsWith('graph:')),
      ['graph:image_ids', 'graph:images_batch'],
    );
    for (const id of seq.imageIds.slice(400, 500)) {
      assert.ok(service.records.peek(id), `image ${seq.imageIds.indexOf(id)} read along`);
    }
    // MapillaryJS asks for the sequence next: it is known.
    assert.deepEqual(await service.records.sequence(seq.id), seq.imageIds);
    assert.equal(graphCalls(), 2);
  });

  it('with the place of a map click, one search brings what follows and every image near it', async () => {
    const seq = longSequence();
    const ahead = seq.imageIds.slice(400, 500);
    const clicked = emu.dataset.images.find((i) => i.id === ahead[0]);
    assert.ok(clicked);
    service.records.expectSequence(clicked.id, seq.id, [clicked.lon, clicked.lat]);
    await service.images([clicked.id], 'full');
    const endpoints = () =>
      emu
        .requests()
        .map((r) => r.endpoint)
        .filter((e) => e.startsWith('graph:'));
    // The order, then one search of an area (`/images` without `image_ids`: not a read by id).
    assert.deepEqual(endpoints(), ['graph:image_ids', 'graph:images']);
    for (const id of ahead) {
      assert.ok(service.records.peek(id), `image ${seq.imageIds.indexOf(id)} read along`);
    }
    // Every image of another sequence within 20 m of those 100 came along too.
    const places = ahead.map((id) => emu.dataset.images.find((i) => i.id === id));
    const near = emu.dataset.images.filter(
      (o) =>
        o.sequenceId !== seq.id &&
        places.some((p) => p && distanceMetres(p.lon, p.lat, o.lon, o.lat) <= 20),
    );
    assert.ok(near.length >= 5, `images of other sequences near the street (${near.length})`);
    assert.deepEqual(
      near.filter((o) => !service.records.peek(o.id)).map((o) => o.id),
      [],
      'every neighbour read along',
    );
    // Stepping through the 100 and asking for their neighbours costs nothing more.
    await service.images(ahead, 'full');
    await service.images(
      near.map((o) => o.id),
      'spatial',
    );
    assert.equal(graphCalls(), 2);
  });

  it('reads by id what an area search did not bring: here, an area the service finds too dense', async () => {
    // A service that answers "reduce the amount of data" for more than 100 images in a box.
    const dense = await startEmulator({ seed: 1, size: 'small', denseThreshold: 100 });
    const denseClient = await createMapillaryClient({
      graphUrl: dense.graphUrl,
      tilesUrl: dense.tilesUrl,
      getToken: () => Promise.resolve(dense.clientToken),
      clientToken: dense.clientToken,
      maxAttempts: 1,
    });
    const reads: string[] = [];
    const denseService = new ViewerService({
      ...clientSources(() => Promise.resolve(denseClient)),
      onRead: (what) => reads.push(what),
    });
    try {
      const seq = dense.dataset.sequences[0];
      const clicked = dense.dataset.images.find((i) => i.id === seq?.imageIds[400]);
      assert.ok(seq && clicked);
      denseService.records.expectSequence(clicked.id, seq.id, [clicked.lon, clicked.lat]);
      const { images } = await denseService.images([clicked.id], 'full');
      assert.equal(images[0]?.id, clicked.id);
      assert.deepEqual(reads, ['image_ids', 'images in an area', 'images']);
      // The read by id carried the images that follow, as without an area.
      for (const id of seq.imageIds.slice(400, 420)) assert.ok(denseService.records.peek(id));
      // Further on, the next box is half as full: still too dense here, then read by id again.
      reads.length = 0;
      const further = seq.imageIds[500] ?? '';
      assert.equal((await denseService.images([further], 'full')).images[0]?.id, further);
      assert.deepEqual(reads, ['images in an area', 'images']);
    } finally {
      denseService.dispose();
      await denseClient.flush();
      await dense.close();
    }
  });

  it('reads the images of other sequences near the image shown along with a spatial read', async () => {
    // An image with images of other sequences within 15 m.
    const start = emu.dataset.images.find(
      (i) =>
        emu.dataset.images.filter(
          (o) => o.sequenceId !== i.sequenceId && distanceMetres(i.lon, i.lat, o.lon, o.lat) < 15,
        ).length >= 3,
    );
    assert.ok(start);
    const seq = { id: start.sequenceId };
    await service.images([start.id], 'full');
    const cell = await service.cells.cell(boxAround(start, 60));
    service.records.noteNeighbours(cell);
    const others = cell.filter((c) => c.sequenceId !== seq.id);
    assert.ok(others.length >= 3, `other sequences near the image (${others.length})`);
    // MapillaryJS asks for the images within 20 m; the read takes all of them along.
    const close = others.filter((o) => distanceMetres(start.lon, start.lat, o.lon, o.lat) < 15);
    assert.ok(close.length >= 2, `other sequences within 15 m (${close.length})`);
    emu.resetLog();
    await service.images([close[0]?.id ?? ''], 'spatial');
    assert.equal(graphCalls(), 1);
    const missed = close.filter((o) => service.records.peek(o.id) === undefined);
    assert.deepEqual(missed, [], 'every close neighbour read along');
    const far = others.filter((o) => distanceMetres(start.lon, start.lat, o.lon, o.lat) > 60);
    assert.ok(
      far.every((o) => service.records.peek(o.id) === undefined),
      'nothing far from the image is read',
    );
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
