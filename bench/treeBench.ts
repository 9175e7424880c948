// The Explorer's "sequences of an organization in an area": how many tile requests it costs and how
// long it takes from expanding the organization to its sequences being there, against the emulated
// city with 50 ms of latency per answer. The first listing reads every z14 tile the area
// intersects; a second listing the same day, by a new client on the same storage (as after a
// reload), is answered from the disk cache. Tile requests are read from the emulator's request log
// (reset before each listing, so the warm-up below is not counted).
// Figures describe this machine and this run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMapillaryClient } from '../src/core/api/mapillaryClient';
import { createExplorerSource } from '../src/core/explorer/explorerSource';
import { type Bbox } from '../src/shared/api/bbox';
import { ExplorerModel } from '../src/shared/explorer/explorerModel';
import { countTilesCoveringBbox, tilesCoveringBbox } from '../src/shared/tiles/tileMath';
import { type Emulator, startEmulator } from '../test/emulator/emulator';

const LATENCY_MS = 50;
/** Half the side of the benchmark area, in degrees of longitude (latitude is scaled by 0.6). */
const HALF_SIDE = 0.03;

/** Expands the organization in a fresh model and client; returns the time and what was found. */
async function expand(
  emulator: Emulator,
  storageDir: string,
  organizationId: string,
  bbox: Bbox,
): Promise<{ ms: number; sequences: number; tileRequests: number; firstPageImagesMs: number }> {
  const client = await createMapillaryClient({
    graphUrl: emulator.graphUrl,
    tilesUrl: emulator.tilesUrl,
    getToken: () => Promise.resolve(emulator.clientToken),
    clientToken: emulator.clientToken,
    storageDir,
  });
  try {
    const model = new ExplorerModel({
      source: createExplorerSource(() => Promise.resolve(client)),
    });
    const org = model.addOrganization({ id: organizationId });
    model.setArea(bbox);
    emulator.resetLog();
    const started = performance.now();
    const children = await model.children(org);
    const ms = performance.now() - started;
    const tileRequests = emulator.count('tiles:mly1_public');
    const sequences = children.filter((c) => c.kind === 'sequence');
    if (sequences.length === 0) throw new Error(`no sequences: ${JSON.stringify(children[0])}`);
    // And one sequence's first page of images (image_ids, then batched ?ids= calls).
    const pageStarted = performance.now();
    const images = await model.children(sequences[0]);
    if (images[0]?.kind !== 'image') throw new Error(`no images: ${JSON.stringify(images[0])}`);
    return {
      ms,
      sequences: sequences.length,
      tileRequests,
      firstPageImagesMs: performance.now() - pageStarted,
    };
  } finally {
    await client.flush();
  }
}

/** Runs the benchmark and returns its figures. */
export async function run(): Promise<Record<string, number | string>> {
  const emulator = await startEmulator({ seed: 1, size: 'city', latencyMs: LATENCY_MS });
  const dir = await mkdtemp(path.join(tmpdir(), 'mly-tree-bench-'));
  try {
    const [lon, lat] = emulator.dataset.center;
    const bbox: Bbox = [
      lon - HALF_SIDE,
      lat - HALF_SIDE * 0.6,
      lon + HALF_SIDE,
      lat + HALF_SIDE * 0.6,
    ];
    // The organization with the most images: the listing with the most to find.
    const counts = new Map<string, number>();
    for (const image of emulator.dataset.images) {
      if (image.organizationId) {
        counts.set(image.organizationId, (counts.get(image.organizationId) ?? 0) + 1);
      }
    }
    const [organizationId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    if (!organizationId) throw new Error('the city has no organization imagery');
    // The emulator draws each tile the first time it is asked, in this process: draw them now so
    // the figures measure the client (requests, decoding, caching), not the emulator.
    await Promise.all(
      tilesCoveringBbox(bbox, 14).map(async (t) => {
        const response = await fetch(
          `${emulator.tilesUrl}/mly1_public/2/14/${t.x}/${t.y}?access_token=${encodeURIComponent(emulator.clientToken)}`,
        );
        await response.arrayBuffer();
      }),
    );
    const first = await expand(emulator, dir, organizationId, bbox);
    const second = await expand(emulator, dir, organizationId, bbox);
    return {
      // The emulator's own speed, which its unit tests no longer time.
      emulatorCityBuildMs: Math.round(emulator.dataset.buildMs),
      latencyMs: LATENCY_MS,
      area: bbox.map((n) => n.toFixed(4)).join(','),
      z14TilesInArea: countTilesCoveringBbox(bbox, 14),
      sequencesFound: first.sequences,
      firstRunTileRequests: first.tileRequests,
      secondRunTileRequests: second.tileRequests,
      firstRunExpandToSequencesMs: first.ms,
      secondRunExpandToSequencesMs: second.ms,
      firstPageOfImagesMs: first.firstPageImagesMs,
    };
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}
