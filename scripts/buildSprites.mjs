// Packs Mapillary's sign and object icons (the SVGs of the `mapillary_sprite_source` package, MIT,
// the ones mapillary.com and iD draw) into one PNG atlas with an index of where each icon is, for
// the map webview (see src/shared/map/spriteIndex.ts). Each SVG is rasterised once, with resvg,
// fitted into a square cell and centred. The result is cached under node_modules/.cache keyed by
// the package's version and this script, so a rebuild costs a file copy.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
/** Side of a cell in pixels (src/shared/map/spriteIndex.ts says the same). */
export const CELL = 32;
const FOLDERS = ['package_signs', 'package_objects'];

function sourceDir() {
  return path.dirname(require.resolve('mapillary_sprite_source/package.json'));
}

function cacheKey(dir) {
  const version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  const script = readFileSync(fileURLToPath(import.meta.url));
  return createHash('sha256').update(version).update(script).digest('hex').slice(0, 16);
}

function render() {
  const { Resvg } = require('@resvg/resvg-js');
  const { PNG } = require('pngjs');
  const dir = sourceDir();
  const files = FOLDERS.flatMap((folder) =>
    readdirSync(path.join(dir, folder))
      .filter((name) => name.endsWith('.svg'))
      .map((name) => ({ name: name.slice(0, -4), file: path.join(dir, folder, name) })),
  ).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const columns = Math.ceil(Math.sqrt(files.length));
  const rows = Math.ceil(files.length / columns);
  const atlas = new PNG({ width: columns * CELL, height: rows * CELL });
  atlas.data.fill(0);
  const icons = {};
  let skipped = 0;
  files.forEach(({ name, file }, i) => {
    let image;
    try {
      const svg = readFileSync(file);
      const probe = new Resvg(svg);
      // Fit the longer side into the cell, keeping the aspect.
      const fit =
        probe.width >= probe.height
          ? { mode: 'width', value: CELL }
          : { mode: 'height', value: CELL };
      image = new Resvg(svg, { fitTo: fit }).render();
    } catch {
      skipped++;
      return;
    }
    const w = Math.min(CELL, image.width);
    const h = Math.min(CELL, image.height);
    const cx = (i % columns) * CELL;
    const cy = Math.floor(i / columns) * CELL;
    const ox = cx + Math.floor((CELL - w) / 2);
    const oy = cy + Math.floor((CELL - h) / 2);
    const pixels = image.pixels;
    for (let y = 0; y < h; y++) {
      const from = y * image.width * 4;
      pixels.copy(atlas.data, ((oy + y) * atlas.width + ox) * 4, from, from + w * 4);
    }
    icons[name] = [ox, oy, w, h];
  });
  const png = PNG.sync.write(atlas, { colorType: 6, deflateLevel: 9 });
  const index = { cell: CELL, width: atlas.width, height: atlas.height, icons };
  return { png, index, skipped };
}

/**
 * Writes `sprites.png` and `sprites.json` into `outDir`, rendering them only when the cache has
 * none for this version of the icons and of this script. Returns the atlas's size for the report.
 */
export function buildSprites(outDir) {
  const dir = sourceDir();
  const cache = path.join('node_modules', '.cache', 'mapillary-sprites', cacheKey(dir));
  const cachedPng = path.join(cache, 'sprites.png');
  const cachedIndex = path.join(cache, 'sprites.json');
  if (!existsSync(cachedPng) || !existsSync(cachedIndex)) {
    const { png, index, skipped } = render();
    if (skipped) console.warn(`sprites: ${skipped} icons could not be rendered and were left out`);
    mkdirSync(cache, { recursive: true });
    writeFileSync(cachedIndex, JSON.stringify(index));
    writeFileSync(cachedPng, png);
  }
  mkdirSync(outDir, { recursive: true });
  copyFileSync(cachedPng, path.join(outDir, 'sprites.png'));
  copyFileSync(cachedIndex, path.join(outDir, 'sprites.json'));
  const index = JSON.parse(readFileSync(cachedIndex, 'utf8'));
  return { icons: Object.keys(index.icons).length, width: index.width, height: index.height };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(buildSprites(process.argv[2] ?? 'dist/webview'));
}
