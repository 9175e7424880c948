// The pyramid descent on the emulator's country dataset: for each organization (and one creator on
// their own), the tiles it reads per zoom over the whole island's bbox, against the z14 tiles that
// bbox covers (what reading z14 alone, the only other way to find an owner's sequences, costs).
// Tiles are rendered in process (no HTTP), so the wall time is the generator's and the decoder's,
// not the network's. Then one organization again through the wired path (the client's tile fetcher
// and its daily budget, the emulator's `--size country` over HTTP), counting the tiles served. Also:
// how long the dataset takes to start and to render one dense z14 tile. Figures describe this
// machine and this run.
//
// Run alone: `npx tsx bench/descentBench.ts` (or `--json`), or `npm run bench -- --only descent`.
import { createMapillaryClient } from '../src/core/api/mapillaryClient';
import { listOwnerSequences } from '../src/core/explorer/ownerListing';
import { type FetchTile, runDescent } from '../src/core/explorer/sequenceDescent';
import { estimateDescent, initialDescentState } from '../src/shared/explorer/descentPlan';
import { type SequenceOwner } from '../src/shared/explorer/sequenceCollector';
import { areaFromBbox } from '../src/shared/geo/area';
import { lonLatToTile } from '../src/shared/tiles/tileMath';
import { CountryDataset } from '../test/emulator/countryDataset';
import { startEmulator } from '../test/emulator/emulator';

type Figures = Record<string, number | string>;

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Runs the benchmark and returns its figures. */
export async function run(): Promise<Figures> {
  const figures: Figures = {};
  let started = performance.now();
  const dataset = new CountryDataset({ seed: 1 });
  figures.datasetStartMs = performance.now() - started;

  // One dense z14 tile, from a fresh dataset each time (cold cells).
  const centre = lonLatToTile(33.3642, 35.1725, 14);
  const tileMs: number[] = [];
  let tileBytes = 0;
  for (let i = 0; i < 5; i++) {
    const fresh = new CountryDataset({ seed: 1 });
    started = performance.now();
    tileBytes = fresh.tile('mly1_public', 14, centre.x, centre.y)?.length ?? 0;
    tileMs.push(performance.now() - started);
  }
  figures.denseZ14TileMedianMs = median(tileMs);
  figures.denseZ14TileBytes = tileBytes;

  const area = areaFromBbox(dataset.bbox);
  const plan = estimateDescent(area);
  figures.bbox = dataset.bbox.join(',');
  figures.startZoom = plan.startZoom;
  figures.z14TilesOfBbox = plan.z14BboxTiles;
  figures.upperBoundTiles = plan.maxTiles;

  const fetchTile: FetchTile = (set, z, x, y) => {
    const bytes = dataset.tile(set, z, x, y);
    return Promise.resolve(bytes && bytes.length > 0 ? bytes : undefined);
  };
  const owners: [string, SequenceOwner][] = dataset.organizations.map((o) => [
    o.name,
    { organizationId: o.id },
  ]);
  const solo = dataset.world.creatorsOf(-1)[0];
  if (solo) owners.push([`creator ${solo.name}`, { creatorId: solo.id }]);
  for (const [name, owner] of owners) {
    const key = name.replace(/[^A-Za-z0-9]+/g, '');
    started = performance.now();
    const state = initialDescentState(area, owner);
    const result = await runDescent(area, state, fetchTile);
    const ms = performance.now() - started;
    const total = state.tilesRead.reduce((a, b) => a + b, 0);
    const perZoom = state.tilesRead
      .map((n, z) => (n > 0 ? `z${z}:${n}` : ''))
      .filter(Boolean)
      .join(' ');
    figures[`${key}.sequences`] = result.sequences.length;
    figures[`${key}.tilesPerZoom`] = perZoom;
    figures[`${key}.tilesRead`] = total;
    figures[`${key}.z14Read`] = state.tilesRead[14] ?? 0;
    figures[`${key}.readOverZ14OfBbox`] = total / plan.z14BboxTiles;
    figures[`${key}.wallMs`] = ms;
  }
  // The wired path: the command line's listing through the client and the emulator over HTTP,
  // tiles counted where they are served.
  const emulator = await startEmulator({ size: 'country', seed: 1 });
  try {
    const client = await createMapillaryClient({
      graphUrl: emulator.graphUrl,
      tilesUrl: emulator.tilesUrl,
      getToken: () => Promise.resolve(emulator.clientToken),
      clientToken: emulator.clientToken,
    });
    const org = dataset.organizations[0];
    if (org) {
      started = performance.now();
      const listing = await listOwnerSequences(client.tiles, { organizationId: org.id }, area);
      figures['http.organization'] = org.name;
      figures['http.sequences'] = listing.sequences.length;
      figures['http.tilesServed'] = emulator.count('tiles:');
      figures['http.tilesServedOverZ14OfBbox'] = emulator.count('tiles:') / plan.z14BboxTiles;
      figures['http.dailyBudgetLeft'] = client.tiles.remainingTileBudget();
      figures['http.wallMs'] = performance.now() - started;
    }
  } finally {
    await emulator.close();
  }
  const stats = dataset.stats();
  figures.cellsGenerated = stats.cellsGenerated;
  figures.heapUsedMiB = process.memoryUsage().heapUsed / 1024 / 1024;
  return figures;
}

if (process.argv[1]?.endsWith('descentBench.ts')) {
  run()
    .then((figures) => {
      if (process.argv.includes('--json')) {
        console.log(JSON.stringify(figures, null, 2));
        return;
      }
      for (const [key, value] of Object.entries(figures)) {
        const shown = typeof value === 'number' ? Number(value.toFixed(3)) : value;
        console.log(`  ${key.padEnd(44)} ${shown}`);
      }
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exitCode = 1;
    });
}
