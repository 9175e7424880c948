// Map benchmark, in headless Chromium, on the real z14 tiles of ../shared/fixtures/real/tiles:
// - one dense tile (954 KB, 31,261 images) decoded and drawn, ours against the common approach
//   (`toGeoJSON` into `L.geoJSON` with Leaflet's canvas renderer);
// - the four real tiles shown by our layer, by Leaflet.VectorGrid (its canvas renderer) and by
//   MapLibre GL JS (WebGL2, which this headless Chromium without a GPU gives through SwiftShader, a
//   software renderer), with the ratios, so a regression shows;
// - 4 and 16 dense tiles (the real ones repeated) loaded through our layer and its drawing
//   workers, on an idle machine and beside a CPU-burning process: main-thread long tasks while
//   loading, the redraw of every canvas after a filter change, and the frame interval while panning;
// - hover-pick latency, and the size of the sprite atlas of sign icons.
// The page is bundled here with esbuild from the webview's own modules (see mapBenchPage); tiles
// are served to it from the fixtures, standing in for the extension host.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { type Page } from 'playwright-core';
import { realFixturesDir, repoRoot } from '../test/support/fixtures';
import { bundleBenchPage, launchBenchBrowser, openBenchPage } from './benchBrowser';
import { startCpuBurner } from './cpuBurner';
import { BASELINES_ENTRY } from './mapBenchBaselines';
import { PAGE_ENTRY } from './mapBenchPage';

type Figures = Record<string, number | string>;

const ORIGIN = 'http://bench.invalid';
/** Spinning threads of the burner: one per core, so the browser shares a fully loaded machine. */
const BURNER_THREADS = Number(process.env.BURNER_THREADS ?? availableParallelism());

function tileBytes(dir: string, name: string): Buffer {
  return readFileSync(path.join(dir, 'tiles', 'mly1_public', '14', `${name}.mvt`));
}

// The real tiles repeated over the grid: (x, y) of z14 shows the fixture at the same parity.
function fixtureName(x: number, y: number): string {
  const fx = 3251 + ((((x - 3251) % 2) + 2) % 2);
  const fy = 6257 + ((((y - 6257) % 2) + 2) % 2);
  return `${fx}_${fy}`;
}

async function openPage(
  code: string,
  dir: string,
): Promise<{ page: Page; close(): Promise<void> }> {
  const vectorGrid = path.join(
    repoRoot,
    'node_modules/leaflet.vectorgrid/dist/Leaflet.VectorGrid.bundled.min.js',
  );
  // MapLibre GL JS as published: an ES module that starts its worker from the module beside it.
  const mapLibreDir = path.join(repoRoot, 'node_modules/maplibre-gl/dist');
  // WebGL2 on SwiftShader for MapLibre GL JS (Playwright passes it too; said here, not assumed).
  const browser = await launchBenchBrowser(['--enable-unsafe-swiftshader']);
  const context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
  const page = await context.newPage();
  const mvt = 'application/x-protobuf';
  // MapLibre GL JS starts its worker from its own module's URL on this origin.
  await openBenchPage(page, ORIGIN, code, (url) => {
    const mapLibre = /^\/maplibre\/(maplibre-gl(?:-worker)?\.mjs)$/.exec(url.pathname);
    if (mapLibre?.[1]) {
      const body = readFileSync(path.join(mapLibreDir, mapLibre[1]));
      return { contentType: 'text/javascript', body };
    }
    const tile = /^\/tiles\/(\d+_\d+)\.mvt$/.exec(url.pathname);
    if (tile?.[1]) return { contentType: mvt, body: tileBytes(dir, tile[1]) };
    const grid = /^\/mvt\/14\/(\d+)\/(\d+)\.mvt$/.exec(url.pathname);
    if (grid?.[1] && grid[2]) {
      return {
        contentType: mvt,
        body: tileBytes(dir, fixtureName(Number(grid[1]), Number(grid[2]))),
      };
    }
    return undefined;
  });
  await page.addScriptTag({ path: vectorGrid });
  return { page, close: () => browser.close() };
}

function spriteFigures(): Figures {
  const png = path.join(repoRoot, 'dist', 'webview', 'sprites.png');
  const index = path.join(repoRoot, 'dist', 'webview', 'sprites.json');
  if (!existsSync(png) || !existsSync(index)) return { spriteAtlas: 'not built (npm run build)' };
  const parsed = JSON.parse(readFileSync(index, 'utf8')) as {
    width: number;
    height: number;
    icons: Record<string, unknown>;
  };
  return {
    spriteAtlasPngBytes: readFileSync(png).length,
    spriteAtlasIndexBytes: readFileSync(index).length,
    spriteAtlasPixels: `${parsed.width}x${parsed.height}`,
    spriteAtlasIcons: Object.keys(parsed.icons).length,
  };
}

/** Runs the map benchmark and returns its figures. */
export async function run(): Promise<Figures> {
  const dir = realFixturesDir();
  if (!dir) return { skipped: 'the real fixtures (../shared/fixtures/real/) are absent' };
  const code = await bundleBenchPage({
    contents: PAGE_ENTRY + BASELINES_ENTRY,
    sourcefile: 'benchPage.ts',
    worker: { name: 'tileWorker', entry: 'src/webview/tileWorker.ts' },
  });
  const figures: Figures = { cores: availableParallelism(), burnerThreads: BURNER_THREADS };
  const idle = await openPage(code, dir);
  try {
    Object.assign(figures, await idle.page.evaluate<Figures>('window.bench.denseTile()'));
    Object.assign(figures, await idle.page.evaluate<Figures>('window.bench.baselines()'));
    Object.assign(figures, await idle.page.evaluate<Figures>('window.bench.loadTiles(2, false)'));
    Object.assign(figures, await idle.page.evaluate<Figures>('window.bench.loadTiles(4, false)'));
    figures.chromium = idle.page.context().browser()?.version() ?? '';
  } finally {
    await idle.close();
  }
  const burner = startCpuBurner(BURNER_THREADS);
  try {
    const busy = await openPage(code, dir);
    try {
      Object.assign(figures, await busy.page.evaluate<Figures>('window.bench.loadTiles(2, true)'));
      Object.assign(figures, await busy.page.evaluate<Figures>('window.bench.loadTiles(4, true)'));
    } finally {
      await busy.close();
    }
  } finally {
    burner.stop();
  }
  Object.assign(figures, spriteFigures());
  const out: Figures = {};
  for (const [key, value] of Object.entries(figures)) {
    out[key] = typeof value === 'number' ? Number(value.toFixed(3)) : value;
  }
  return out;
}
