// The viewer's host side reading records from the emulator: what each read costs in Graph calls
// (counted in the emulator's request log), and what comes along with it.
import { strict as assert } from 'node:assert';
import { createMapillaryClient } from '../../../src/core/api/mapillaryClient';
import { ViewerService, clientSources } from '../../../src/core/viewer/viewerService';
import { distanceMetres } from '../../../src/shared/geo/pointQueries';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { boxAround, viewerHost } from './viewerHost';

describe('viewer: the host side against the emulator: reading records', function () {
  this.timeout(60_000);
  const host = viewerHost();
  const { graphCalls, longSequence } = host;
  let emu: Emulator;
  let service: ViewerService;
  beforeEach(() => {
    ({ emu, service } = host);
  });

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
});
