import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  areaTiles,
  findAreaSequences,
  type CoverageTileSource,
} from '../../../src/core/explorer/orgSequences';
import { createMapillaryClient, type MapillaryClient } from '../../../src/core/api/mapillaryClient';
import { type Bbox } from '../../../src/shared/api/bbox';
import { GraphError } from '../../../src/shared/api/graphError';
import { countTilesCoveringBbox } from '../../../src/shared/tiles/tileMath';
import { MapillaryHttp } from '../../../src/core/http/mapillaryHttp';
import { TileFetcher } from '../../../src/core/tiles/tileFetcher';
import { FakeClock, rejection, useEmulator } from '../core/harness';

/** A box around the emulated city's centre, `half` degrees each way. */
function around(center: [number, number], half: number): Bbox {
  return [center[0] - half, center[1] - half * 0.6, center[0] + half, center[1] + half * 0.6];
}

describe('organization sequences in an area (emulator)', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  const dirs: string[] = [];
  let services: MapillaryClient;

  beforeEach(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mly-orgseq-'));
    dirs.push(dir);
    const em = emulator();
    services = await createMapillaryClient({
      graphUrl: em.graphUrl,
      tilesUrl: em.tilesUrl,
      getToken: () => Promise.resolve(em.clientToken),
      storageDir: dir,
    });
  });
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('finds exactly the sequences with images in the area, newest first, with their counts', async () => {
    const em = emulator();
    const org = em.dataset.organizations[0];
    assert.ok(org);
    const bbox = around(em.dataset.center, 0.006);
    const result = await findAreaSequences(services.tiles, { organizationId: org.id }, bbox);
    const expected = new Map<string, number>();
    for (const image of em.dataset.images) {
      if (image.organizationId !== org.id) continue;
      if (image.lon < bbox[0] || image.lon > bbox[2] || image.lat < bbox[1] || image.lat > bbox[3])
        continue;
      expected.set(image.sequenceId, (expected.get(image.sequenceId) ?? 0) + 1);
    }
    assert.ok(expected.size > 0, 'the test area should hold imagery of the organization');
    for (const [id, count] of expected) {
      const found = result.sequences.find((s) => s.id === id);
      assert.ok(found, `sequence ${id} should be listed`);
      assert.equal(found.imagesInArea, count);
      assert.equal(found.organizationId, org.id);
    }
    for (const s of result.sequences) {
      const record = em.dataset.byId.get(s.id);
      assert.equal(record?.kind, 'sequence');
      assert.equal(record.kind === 'sequence' && record.value.organizationId, org.id);
    }
    for (let i = 1; i < result.sequences.length; i++) {
      const [a, b] = [result.sequences[i - 1], result.sequences[i]];
      assert.ok(a && b && a.capturedAt >= b.capturedAt, 'newest first');
    }
    assert.equal(result.tilesRead, countTilesCoveringBbox(bbox, 14));
  });

  it('joins the pieces of a sequence cut at tile edges into one entry', async () => {
    const em = emulator();
    const long = em.dataset.sequences[0];
    assert.ok(long?.organizationId);
    const bbox = around(em.dataset.center, 0.03);
    const result = await findAreaSequences(
      services.tiles,
      { organizationId: long.organizationId },
      bbox,
    );
    const entries = result.sequences.filter((s) => s.id === long.id);
    assert.equal(entries.length, 1);
    assert.ok((entries[0]?.pieces ?? 0) > 1, 'the long sequence crosses several tiles');
    assert.equal(new Set(result.sequences.map((s) => s.id)).size, result.sequences.length);
  });

  it('fetches each intersecting tile once, and none the second time (disk cache)', async () => {
    const em = emulator();
    const org = em.dataset.organizations[1];
    assert.ok(org);
    const bbox = around(em.dataset.center, 0.01);
    const tiles = countTilesCoveringBbox(bbox, 14);
    em.resetLog();
    const first = await findAreaSequences(services.tiles, { organizationId: org.id }, bbox);
    assert.equal(em.count('tiles:mly1_public'), tiles);
    assert.equal(first.tilesFromNetwork, tiles);
    em.resetLog();
    const second = await findAreaSequences(services.tiles, { organizationId: org.id }, bbox);
    assert.equal(em.count('tiles:'), 0);
    assert.equal(second.tilesFromNetwork, 0);
    assert.deepEqual(
      second.sequences.map((s) => s.id),
      first.sequences.map((s) => s.id),
    );
  });

  it('returns nothing for an organization without imagery in the area', async () => {
    const em = emulator();
    const org = em.dataset.organizations[0];
    assert.ok(org);
    // Far from the emulated city: the tiles are empty.
    const result = await findAreaSequences(
      services.tiles,
      { organizationId: org.id },
      [2.0, 48.85, 2.01, 48.86],
    );
    assert.deepEqual(result.sequences, []);
    assert.ok(result.tilesRead > 0);
  });

  it('refuses swapped corners, out-of-world and oversized areas with the reason', () => {
    const swapped = (() => {
      try {
        areaTiles([13.1, 55.6, 13.0, 55.7]);
      } catch (e) {
        return e;
      }
    })();
    assert.ok(swapped instanceof GraphError && /min must be below max/.test(swapped.message));
    assert.throws(() => areaTiles([-200, 0, 10, 10]), /outside the world/);
    assert.throws(() => areaTiles([0, 0, 5, 5]), /coverage tiles; at most 256/);
    assert.equal(areaTiles([13.0, 55.6, 13.001, 55.601]).length, 1);
  });

  it('skips a tile that is not a tile and reports it, keeping the others', async () => {
    const em = emulator();
    const org = em.dataset.organizations[0];
    assert.ok(org);
    const bbox = around(em.dataset.center, 0.006);
    let calls = 0;
    const source: CoverageTileSource = {
      getTile: async (set, z, x, y, options) => {
        calls += 1;
        if (calls === 1)
          return { bytes: new TextEncoder().encode('<html>'), empty: false, source: 'network' };
        return services.tiles.getTile(set, z, x, y, options);
      },
    };
    const result = await findAreaSequences(source, { organizationId: org.id }, bbox, {
      concurrency: 1,
    });
    assert.equal(result.skippedTiles.length, 1);
    assert.equal(result.tilesRead, calls);
  });

  it('fails with the typed error when the rate limit hits mid-listing', async () => {
    const em = emulator();
    const org = em.dataset.organizations[0];
    assert.ok(org);
    em.addFault({ kind: 'rateLimit', match: 'mly1_public', retryAfterSeconds: 0 });
    // A clock that skips the retry waits, so the test does not sit out the back-off.
    const fetcher = new TileFetcher({
      http: new MapillaryHttp({
        getToken: () => Promise.resolve(em.clientToken),
        clock: new FakeClock(),
      }),
      tilesUrl: em.tilesUrl,
    });
    const error = await rejection(
      findAreaSequences(fetcher, { organizationId: org.id }, around(em.dataset.center, 0.004)),
    );
    assert.ok(error instanceof GraphError);
    assert.equal(error.kind, 'rate-limit');
  });
});
