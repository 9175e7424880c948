import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMapillaryClient } from '../../../src/core/api/mapillaryClient';
import { lonLatToTile } from '../../../src/shared/tiles/tileMath';
import { useEmulator } from './harness';

describe('createMapillaryClient (emulator)', function () {
  this.timeout(60_000);
  const emulator = useEmulator();

  it('wires endpoints, tiles, cache and budget, and logs only redacted lines', async () => {
    const em = emulator();
    const dir = await mkdtemp(path.join(tmpdir(), 'mly-client-'));
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    try {
      const client = await createMapillaryClient({
        graphUrl: em.graphUrl,
        tilesUrl: em.tilesUrl,
        getToken: () => Promise.resolve(em.clientToken),
        clientToken: em.clientToken,
        storageDir: dir,
        tilesPerDay: 10,
        logger: { trace: log, debug: log, info: log, warn: log, error: log },
      });
      const image = em.dataset.images[0];
      assert.ok(image);
      assert.equal((await client.api.getImage(image.id)).id, image.id);
      const t = lonLatToTile(image.lon, image.lat, 14);
      await client.tiles.getTile('mly1_public', 14, t.x, t.y);
      await client.tiles.getTile('mly1_public', 14, t.x, t.y);
      assert.equal(client.tiles.remainingTileBudget(), 9);
      await client.flush();
      const reopened = await createMapillaryClient({
        graphUrl: em.graphUrl,
        tilesUrl: em.tilesUrl,
        getToken: () => Promise.resolve(em.clientToken),
        storageDir: dir,
        tilesPerDay: 10,
      });
      assert.equal(reopened.tiles.remainingTileBudget(), 9);
      assert.equal(reopened.tileCache?.stats().entries, 1);
      // Another tiles URL (a proxy, another emulator) is another service: it does not see the
      // tiles cached from this one.
      const elsewhere = await createMapillaryClient({
        graphUrl: em.graphUrl,
        tilesUrl: `${em.tilesUrl.replace('127.0.0.1', 'localhost')}`,
        getToken: () => Promise.resolve(em.clientToken),
        storageDir: dir,
        tilesPerDay: 10,
      });
      assert.equal(elsewhere.tileCache?.stats().entries, 0);
      assert.ok(lines.length >= 4);
      const secret = em.clientToken.split('|')[2] ?? 'x';
      for (const line of lines) assert.ok(!line.includes(secret), line);
      assert.ok(lines.some((l) => l.includes('access_token=[redacted]')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
