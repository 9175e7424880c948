// The language-model tools' work, on the core against the emulator: the numbers they report are the
// dataset's, their results hold no token or signed URL, the export writes the file it announced,
// and failures come back as one line that says what to do.
import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { createMapillaryClient } from '../../../src/core/api/mapillaryClient';
import { exportImagesTool } from '../../../src/core/lmTools/exportImagesTool';
import { imageDetailsTool } from '../../../src/core/lmTools/imageDetailsTool';
import { mapFeaturesInAreaTool } from '../../../src/core/lmTools/mapFeaturesInAreaTool';
import { searchImagesTool } from '../../../src/core/lmTools/searchImagesTool';
import { sequencesInAreaTool } from '../../../src/core/lmTools/sequencesInAreaTool';
import { toolErrorText } from '../../../src/core/lmTools/toolText';
import { GraphError } from '../../../src/shared/api/graphError';
import { type Emulator } from '../../emulator/emulator';
import { makeClient, rejection, useEmulator } from '../core/harness';

function areaAround(emu: Emulator, d = 0.004) {
  const [lon, lat] = emu.dataset.center;
  const bbox = [lon - d * 1.6, lat - d, lon + d * 1.6, lat + d];
  const inside = (x: number, y: number) =>
    x >= (bbox[0] as number) &&
    x <= (bbox[2] as number) &&
    y >= (bbox[1] as number) &&
    y <= (bbox[3] as number);
  return { area: { bbox }, inside };
}

function assertNoSecrets(emu: Emulator, value: unknown): void {
  const text = JSON.stringify(value);
  assert.ok(!text.includes(emu.clientToken), 'no token');
  assert.ok(!/oe=|sig=|\/thumbs\//.test(text), 'no signed thumbnail URL');
}

describe('language-model tools on the core (emulator)', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  const api = () => new MapillaryApi(makeClient(emulator()).client);

  it('searchImages counts the panoramas in an area and lists the newest', async () => {
    const emu = emulator();
    const { area, inside } = areaAround(emu);
    const expected = emu.dataset.images.filter((i) => i.isPano && inside(i.lon, i.lat));
    assert.ok(expected.length > 3, 'the area has panoramas');
    const result = await searchImagesTool(api(), { area, isPano: true, limit: 3 });
    assert.equal(result.count, expected.length);
    assert.equal(result.countIsExact, true);
    const images = result.images as { id: string; capturedAt: string; isPano: boolean }[];
    assert.equal(images.length, 3);
    const newest = [...expected].sort((a, b) => b.capturedAt - a.capturedAt)[0];
    assert.equal(images[0]?.id, newest?.id);
    assert.ok(images.every((i) => i.isPano));
    assert.ok(images[0]!.capturedAt >= images[1]!.capturedAt);
    assertNoSecrets(emu, result);
  });

  it('imageDetails reads the images in one request and lists unknown ids apart', async () => {
    const emu = emulator();
    const [a, b] = emu.dataset.images.filter((i) => i.detectionIds.length > 0);
    assert.ok(a && b);
    const result = await imageDetailsTool(api(), {
      imageIds: [a.id, '999999999999999', b.id],
      includeDetections: true,
    });
    const images = result.images as { id: string; detections: { total: number }; webUrl: string }[];
    assert.deepEqual(
      images.map((i) => i.id),
      [a.id, b.id],
    );
    assert.equal(images[0]?.detections.total, a.detectionIds.length);
    assert.equal(images[0]?.webUrl, `https://www.mapillary.com/app/?pKey=${a.id}`);
    assert.deepEqual(result.notFound, ['999999999999999']);
    assertNoSecrets(emu, result);
  });

  it('mapFeaturesInArea finds features by value with wildcards, and counts them by value', async () => {
    const emu = emulator();
    const { area, inside } = areaAround(emu);
    const expected = emu.dataset.mapFeatures.filter(
      (f) => f.objectValue.startsWith('regulatory--') && inside(f.lon, f.lat),
    );
    const result = await mapFeaturesInAreaTool(api(), {
      area,
      values: ['regulatory--*'],
      limit: 5,
    });
    assert.equal(result.count, expected.length);
    const counts = result.countsByValue as Record<string, number>;
    const total = Object.values(counts).reduce((n, c) => n + c, 0);
    assert.ok(Object.keys(counts).length < 30, 'every value is counted');
    assert.equal(total, expected.length);
    assert.ok(Object.keys(counts).every((v) => v.startsWith('regulatory--')));
    assert.equal((result.features as unknown[]).length, Math.min(5, expected.length));
  });

  it("sequencesInArea lists an organization's sequences from the coverage tiles", async () => {
    const emu = emulator();
    const { area, inside } = areaAround(emu);
    const client = await createMapillaryClient({
      graphUrl: emu.graphUrl,
      tilesUrl: emu.tilesUrl,
      getToken: () => Promise.resolve(emu.clientToken),
      clientToken: emu.clientToken,
    });
    const org = emu.dataset.organizations[0];
    assert.ok(org);
    const expected = new Set(
      emu.dataset.images
        .filter((i) => i.organizationId === org.id && inside(i.lon, i.lat))
        .map((i) => i.sequenceId),
    );
    const result = await sequencesInAreaTool(client.tiles, {
      area,
      organizationId: org.id,
      limit: 200,
    });
    const ids = (result.sequences as { id: string }[]).map((s) => s.id);
    assert.deepEqual(new Set(ids), expected);
    assert.equal(result.count, expected.size);
    const tooBig = await rejection(
      sequencesInAreaTool(client.tiles, {
        area: { bbox: [10, 50, 20, 60] },
        organizationId: org.id,
        limit: 5,
      }),
    );
    assert.match(toolErrorText(tooBig), /at most 256 are read at once .*: set a smaller area/);
  });

  it('exportImages writes the metadata of the given images, without thumbnail URLs', async () => {
    const emu = emulator();
    const dir = await mkdtemp(path.join(tmpdir(), 'mly-tool-export-'));
    try {
      const ids = emu.dataset.images.slice(0, 3).map((i) => i.id);
      const output = path.join(dir, 'metadata.csv');
      const { result, outputWritten } = await exportImagesTool(
        { api: api() },
        { imageIds: ids, format: 'csv' },
        output,
      );
      assert.ok(outputWritten);
      assert.equal(result.written, 3);
      const rows = (await readFile(output, 'utf8')).trimEnd().split('\n');
      assert.equal(
        rows[0],
        'seq_id,img_id,captured_at,compass_angle,lon,lat,is_pano,creator.username',
      );
      assert.deepEqual(
        rows.slice(1).map((r) => r.split(',')[1]),
        ids,
      );
      assert.ok(!/thumb|oe=/.test(rows.join('\n')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exportImages exports what a search finds, in GeoJSON', async () => {
    const emu = emulator();
    const { area, inside } = areaAround(emu, 0.002);
    const expected = emu.dataset.images.filter((i) => !i.isPano && inside(i.lon, i.lat));
    assert.ok(expected.length > 0, 'the area has images');
    const dir = await mkdtemp(path.join(tmpdir(), 'mly-tool-export-'));
    try {
      const output = path.join(dir, 'panos.geojson');
      const { result } = await exportImagesTool(
        { api: api() },
        { search: { area, isPano: false }, format: 'geojson' },
        output,
      );
      assert.equal(result.written, expected.length);
      const parsed = JSON.parse(await readFile(output, 'utf8')) as { features: { id: string }[] };
      assert.deepEqual(
        new Set(parsed.features.map((f) => f.id)),
        new Set(expected.map((i) => i.id)),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses unknown columns before reading anything', async () => {
    const emu = emulator();
    const error = await rejection(
      exportImagesTool(
        { api: api() },
        { imageIds: ['135511895288847'], format: 'csv', columns: ['nope'] },
        '/nonexistent/x.csv',
      ),
    );
    assert.match(toolErrorText(error), /Unknown metadata field nope: use img_id, seq_id, lon, lat/);
    assert.equal(emu.requests().length, 0);
  });

  it('says "no client token" and what to do when there is no token', async () => {
    const emu = emulator();
    const client = makeClient(emu, { getToken: () => Promise.resolve(undefined) }).client;
    const { area } = areaAround(emu);
    const error = await rejection(searchImagesTool(new MapillaryApi(client), { area, limit: 1 }));
    assert.ok(error instanceof GraphError && error.kind === 'no-token');
    assert.match(
      toolErrorText(error),
      /^no client token: sign in with the command "Mapillary: Sign In"/,
    );
    assert.equal(emu.requests().length, 0);
  });
});
