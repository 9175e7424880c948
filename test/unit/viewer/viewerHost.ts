// The viewer's host side against the emulator, for its unit tests: hooks that start the emulator
// and a client for a suite and a fresh service for each test, and boxes around images.
import { strict as assert } from 'node:assert';
import { createMapillaryClient, type MapillaryClient } from '../../../src/core/api/mapillaryClient';
import { ViewerService, clientSources } from '../../../src/core/viewer/viewerService';
import { ManualClock } from '../../emulator/clock';
import { type ImageRecord } from '../../emulator/dataset';
import { type Emulator, startEmulator } from '../../emulator/emulator';

/** A box of `metres` around a position. */
export function boxAround(image: ImageRecord, metres: number): [number, number, number, number] {
  const dLat = metres / 110_540;
  const dLon = metres / (111_320 * Math.cos((image.lat * Math.PI) / 180));
  return [image.lon - dLon, image.lat - dLat, image.lon + dLon, image.lat + dLat];
}

/** The emulator and the service the hooks set up, with what the tests ask of them. */
export class ViewerHost {
  emu!: Emulator;
  service!: ViewerService;
  // URLs expire by this clock only, moved by the tests; drawing pictures never races it.
  readonly clock = new ManualClock();
  /** The Graph calls in the emulator's log. */
  readonly graphCalls = (): number => this.emu.count('graph:');
  /** The dataset's first sequence, of more than 300 images. */
  readonly longSequence = () => {
    const seq = this.emu.dataset.sequences[0];
    assert.ok(seq && seq.imageIds.length > 300);
    return seq;
  };
}

/**
 * Adds hooks to the calling suite: the emulator (small, with street pictures whose URLs expire
 * after 600 s) and a client before it, a new service and an empty log before each test.
 */
export function viewerHost(): ViewerHost {
  const host = new ViewerHost();
  let client: MapillaryClient;
  before(async () => {
    host.emu = await startEmulator({
      seed: 1,
      size: 'small',
      pictures: 'streets',
      clock: host.clock,
      thumbTtlSeconds: 600,
    });
    client = await createMapillaryClient({
      graphUrl: host.emu.graphUrl,
      tilesUrl: host.emu.tilesUrl,
      getToken: () => Promise.resolve(host.emu.clientToken),
      clientToken: host.emu.clientToken,
      maxAttempts: 1,
    });
    // The tile token's kind is asked once per session (`/me`); asked here, no test counts it.
    await client.tileToken();
  });
  beforeEach(() => {
    host.service = new ViewerService({
      ...clientSources(() => Promise.resolve(client)),
    });
    host.emu.resetLog();
  });
  afterEach(() => host.service.dispose());
  after(async () => {
    await client.flush();
    await host.emu.close();
  });
  return host;
}
