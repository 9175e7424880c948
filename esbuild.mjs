// Builds the bundles: the extension (Node, CommonJS), the map and viewer webviews (browser, with
// their CSS) and the command-line entry point (Node). `--production` minifies and drops source
// maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildSprites } from './scripts/buildSprites.mjs';
import { mapillaryFilterPlugin } from './scripts/mapillaryFilterPlugin.mjs';
import { workerTextPlugin } from './scripts/workerTextPlugin.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: production ? 'none' : 'eof',
  logLevel: 'warning',
  metafile: true,
};

/**
 * The Node bundles: the extension, its lazily loaded features, the command line, the GIS writers.
 * @type {esbuild.BuildOptions}
 */
const node = { ...common, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20' };

/**
 * The webview pages (map and viewer), with their icons as files.
 * @type {esbuild.BuildOptions}
 */
const page = {
  ...common,
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  loader: { '.png': 'file', '.svg': 'file' },
  assetNames: 'assets/[name]-[hash]',
};

/** @type {esbuild.BuildOptions} */
const workerOptions = {
  ...common,
  entryPoints: ['src/webview/tileWorker.ts'],
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  sourcemap: false,
  metafile: true,
  write: false,
  outfile: 'tileWorker.js',
};

// The map's workers (the tile decoder, and the overlay worker that reads files shown over the map)
// are built first and embedded in map.js as text, which starts each from a Blob URL: a webview
// cannot load a worker from its resource origin, and the CSP allows `blob:`.
/** @returns {esbuild.Plugin} */
function workerPlugin(name, entry) {
  const filter = new RegExp(`^virtual:${name}$`);
  return {
    name,
    setup(build) {
      build.onResolve({ filter }, () => ({ path: name, namespace: name }));
      build.onLoad({ filter: /.*/, namespace: name }, async () => {
        const result = await esbuild.build({
          ...workerOptions,
          entryPoints: [entry],
          outfile: `${name}.js`,
        });
        const code = result.outputFiles?.[0]?.text ?? '';
        return {
          contents: `export default ${JSON.stringify(code)};`,
          loader: 'js',
          watchFiles: Object.keys(result.metafile?.inputs ?? {}),
        };
      });
    },
  };
}
const tileWorkerPlugin = workerPlugin('tileWorker', 'src/webview/tileWorker.ts');
const overlayWorkerPlugin = workerPlugin('overlayWorker', 'src/webview/overlayWorker.ts');

/** @type {esbuild.BuildOptions[]} */
const bundles = [
  {
    ...node,
    entryPoints: { extension: 'src/extension/extension.ts' },
    // features.js is loaded on first use (see src/extension/extension.ts), not bundled in.
    external: ['vscode'],
    // Lets the extension report how long its own bundle took to evaluate.
    banner: { js: 'globalThis.__mapillaryBundleStart = performance.now();' },
  },
  { ...node, entryPoints: { features: 'src/extension/features.ts' }, external: ['vscode'] },
  {
    ...node,
    entryPoints: { cli: 'src/cli/main.ts' },
    banner: { js: '#!/usr/bin/env node' },
  },
  // The GIS writers (GeoPackage, FlatGeobuf, GeoParquet), loaded on first use by the extension and
  // the command line (src/core/gis/loadGisWriters.ts). SQLite's ES module finds its .wasm through
  // import.meta.url, which a CommonJS bundle lacks: it is defined as the bundle's own file URL, and
  // the .wasm is copied beside the bundle.
  {
    ...node,
    entryPoints: { gis: 'src/core/gis/gisWriters.ts' },
    define: { 'import.meta.url': '__gisBundleUrl' },
    banner: { js: 'var __gisBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  },
  {
    ...page,
    entryPoints: { map: 'src/webview/main.ts' },
    plugins: [tileWorkerPlugin, overlayWorkerPlugin],
  },
  // The street-level viewer: MapillaryJS with its one use of `new Function` replaced at build time
  // (scripts/mapillaryFilterPlugin.mjs), so it runs under the same CSP as the map, without eval.
  {
    ...page,
    entryPoints: { viewer: 'src/webview/viewer/viewerMain.ts' },
    plugins: [
      mapillaryFilterPlugin,
      workerTextPlugin('tileCutterWorker', 'src/webview/viewer/tileCutterWorker.ts', {
        minify: production,
      }),
    ],
  },
];

/** Copies SQLite's WebAssembly binary beside dist/gis.js, which loads it from disk. */
function copyWasm() {
  const wasm = createRequire(import.meta.url).resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm');
  mkdirSync('dist', { recursive: true });
  copyFileSync(wasm, 'dist/sqlite3.wasm');
}

function report(results) {
  for (const result of results) {
    for (const [file] of Object.entries(result.metafile?.outputs ?? {})) {
      if (file.endsWith('.map')) continue;
      const kib = (statSync(file).size / 1024).toFixed(1);
      console.log(`  ${file.padEnd(40)} ${kib.padStart(8)} KiB`);
    }
  }
  for (const file of [
    'dist/sqlite3.wasm',
    'dist/webview/sprites.png',
    'dist/webview/sprites.json',
  ]) {
    const kib = (statSync(file).size / 1024).toFixed(1);
    console.log(`  ${file.padEnd(40)} ${kib.padStart(8)} KiB`);
  }
}

if (watch) {
  const contexts = await Promise.all(bundles.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  copyWasm();
  buildSprites('dist/webview');
  console.log('[watch] build started; watching for changes');
} else {
  // A clean folder, so no stale file (a source map from a development build, say) is packaged.
  rmSync('dist', { recursive: true, force: true });
  const results = await Promise.all(bundles.map((b) => esbuild.build(b)));
  copyWasm();
  // The map's sign and object icons, packed into one atlas (see scripts/buildSprites.mjs).
  buildSprites('dist/webview');
  console.log(`built ${production ? 'production' : 'development'} bundles:`);
  report(results);
}
