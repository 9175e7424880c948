// MapillaryJS's data provider, as the library calls it, with the host behind it: the page's
// ViewerData on one end of a live channel, the ViewerService against the emulator on the other,
// and the library's own S2 cells (its ES module loads in Node). What the library is handed must be
// what it reads (image entities with opaque handles, the 4.1.2 cluster and mesh formats), the
// handles must resolve to the pictures, and a cancel through the library's `abort` promise must
// cancel the request without an unhandled rejection.
import { strict as assert } from 'node:assert';
import { createMapillaryClient, type MapillaryClient } from '../../../src/core/api/mapillaryClient';
import { ViewerService, clientSources, serveViewer } from '../../../src/core/viewer/viewerService';
import { isRequestCancelled } from '../../../src/shared/channel/requestErrors';
import { ProviderCore, type CellGeometry } from '../../../src/webview/viewer/providerCore';
import { ViewerData } from '../../../src/webview/viewer/viewerData';
import { ManualClock } from '../../emulator/clock';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { livePair } from '../../support/livePair';

/** The text of every JPEG comment segment (the emulator names the image in one). */
function comments(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

describe('viewer: the data provider MapillaryJS calls', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let client: MapillaryClient;
  let service: ViewerService;
  let data: ViewerData;
  let core: ProviderCore;
  let geometry: CellGeometry;
  let closePair: () => void;
  const tiles: { asked: string[] } = { asked: [] };

  before(async () => {
    emu = await startEmulator({
      seed: 1,
      size: 'small',
      pictures: 'streets',
      clock: new ManualClock(),
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
    service = new ViewerService({
      ...clientSources(() => Promise.resolve(client)),
    });
    const { host, page } = livePair();
    serveViewer(host, service);
    closePair = () => {
      host.dispose();
      page.dispose();
    };
    data = new ViewerData(page);
    // The library's own S2 cells, from its ES module (the bundle the webview uses).
    const modulePath = 'mapillary-js/dist/mapillary.module.js';
    const library = (await import(modulePath)) as { S2GeometryProvider: new () => CellGeometry };
    geometry = new library.S2GeometryProvider();
    core = new ProviderCore(
      data,
      {
        tile: (imageId, _size, z, x, y) => {
          tiles.asked.push(`${imageId}/${z}/${x}/${y}`);
          return Promise.resolve(new ArrayBuffer(8));
        },
      },
      geometry,
    );
  });
  after(async () => {
    closePair();
    service.dispose();
    await client.flush();
    await emu.close();
  });

  const flatImage = () => {
    const image = emu.dataset.images.find(
      (i) => !i.isPano && i.width === 4032 && i.cameraType === 'perspective' && i.mergeCc,
    );
    assert.ok(image);
    return image;
  };

  it('lists the images of a cell, each inside that cell, from the coverage tiles', async () => {
    const image = flatImage();
    const cellId = geometry.lngLatToCellId({ lng: image.lon, lat: image.lat });
    emu.resetLog();
    const contract = await core.coreImages(cellId);
    assert.equal(contract.cell_id, cellId);
    assert.ok(contract.images.some((i) => i.id === image.id));
    for (const core of contract.images) {
      assert.equal(geometry.lngLatToCellId(core.geometry), cellId);
      assert.ok(core.sequence.id.length > 0);
    }
    assert.equal(emu.count('graph:'), 0, 'cells cost no Graph call');
  });

  it('hands the library image entities with handles where it expects URLs', async () => {
    const image = flatImage();
    const [item] = await core.images([image.id]);
    assert.ok(item);
    assert.equal(item.node_id, image.id);
    const ent = item.node;
    assert.equal(ent.thumb.url, `img:${image.id}:1024`);
    assert.equal(ent.mesh.url, `mesh:${image.id}`);
    assert.equal(ent.sequence.id, image.sequenceId);
    assert.equal(ent.camera_type, 'perspective');
    assert.equal(ent.width, 4032);
    assert.equal(ent.height, 3024);
    assert.deepEqual(ent.camera_parameters, image.cameraParameters);
    assert.deepEqual(ent.computed_rotation, image.computedRotation);
    assert.equal(ent.computed_compass_angle, image.computedCompassAngle);
    // merge_cc as the service writes it (a float literal), never digits it did not send.
    assert.match(ent.merge_id ?? '', /^\d\.\d+e\+\d+$/);
    assert.doesNotMatch(JSON.stringify(item), /https?:|oe=|sig=/);
    const [pano] = await core.spatialImages([
      emu.dataset.images.find((i) => i.cameraType === 'equirectangular')?.id ?? '',
    ]);
    assert.equal(pano?.node.camera_type, 'spherical', 'equirectangular is a sphere');
    assert.deepEqual(pano?.node.camera_parameters, []);
  });

  it('resolves a picture handle to the picture of that image, and refuses anything else', async () => {
    const image = flatImage();
    const bytes = new Uint8Array(await core.imageBuffer(`img:${image.id}:1024`));
    assert.equal(bytes[0], 0xff);
    assert.equal(bytes[1], 0xd8);
    assert.ok(comments(bytes).includes(`mapillary-image-id:${image.id}`));
    await assert.rejects(
      core.imageBuffer(`https://example.com/${image.id}.jpg`),
      /not a picture handle/,
    );
    await assert.rejects(core.imageBuffer(`img:${image.id}:4096`), /not a picture handle/);
  });

  it('lists the tiles of a pyramid level as handles, and cuts each from the pictures', async () => {
    const image = flatImage();
    const level = await core.imageTiles({ imageId: image.id, z: 11 });
    assert.equal(level.node_id, image.id);
    // 4032 × 3024 needs 12 levels; level 11 is 2016 × 1512: two by two tiles of 1024.
    assert.deepEqual(
      level.node.map((t) => t.url),
      [0, 1].flatMap((y) => [0, 1].map((x) => `tile:${image.id}:11:${x}:${y}`)),
    );
    await core.imageBuffer(level.node[3]?.url ?? '');
    assert.deepEqual(tiles.asked, [`${image.id}/11/1/1`]);
    await assert.rejects(core.imageTiles({ imageId: image.id, z: 3 }), /no tiles at level 3/);
  });

  it('gives the sequence in order, an empty mesh and the 4.1.2 cluster format', async () => {
    const seq = emu.dataset.sequences[1];
    assert.ok(seq);
    assert.deepEqual(await core.sequence(seq.id), { id: seq.id, image_ids: seq.imageIds });
    assert.deepEqual(await core.mesh(), { faces: [], vertices: [] });
    assert.deepEqual(await core.cluster('cluster:1'), {
      id: 'cluster:1',
      points: {},
      reference: { lat: 0, lng: 0, alt: 0 },
    });
  });

  it('cancels a request when the library rejects its abort promise, with no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      let cancel: (reason?: unknown) => void = () => undefined;
      // As the library does it: a promise rejected with nothing.
      const abort = new Promise<void>((_, reject) => (cancel = reject));
      const image = emu.dataset.images[40];
      assert.ok(image);
      const asked = core.imageBuffer(`img:${image.id}:2048`, abort);
      cancel();
      await assert.rejects(asked, (error: unknown) => isRequestCancelled(error));
      // Node reports an unhandled rejection once the microtasks have run, before the next turn of
      // the event loop: two turns let any stray rejection of the cancel surface.
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
