// Loads SQLite compiled to WebAssembly (the official @sqlite.org/sqlite-wasm build, which has the
// R-tree module a GeoPackage spatial index needs) once per process, from the .wasm file on disk:
// beside the bundle in the packaged extension and the command line (esbuild.mjs copies it to
// dist/), from the package in a development checkout. Nothing is fetched from the network.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { type Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { type VfsErrors, installNodeFileVfs } from './nodeFileVfs';

/** SQLite and the errors its file VFS met. */
export interface LoadedSqlite {
  sqlite3: Sqlite3Static;
  vfsErrors: VfsErrors;
}

const WASM_FILE = 'sqlite3.wasm';

/** Where the .wasm file is: beside the running bundle, or in the package. */
export function sqliteWasmPath(): string {
  const bundled = path.join(__dirname, WASM_FILE);
  if (existsSync(bundled)) return bundled;
  // Not `require.resolve`, which esbuild would try to bundle.
  return createRequire(__filename).resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm');
}

let loading: Promise<LoadedSqlite> | undefined;

/** SQLite, loaded on first use. */
export function loadSqlite(): Promise<LoadedSqlite> {
  loading ??= (async () => {
    const wasmPath = sqliteWasmPath();
    const { default: init } = await import('@sqlite.org/sqlite-wasm');
    // The typings declare no options; the Emscripten module underneath takes these.
    const start = init as unknown as (options: object) => Promise<Sqlite3Static>;
    const sqlite3 = await start({
      wasmBinary: readFileSync(wasmPath),
      locateFile: () => wasmPath,
      print: () => undefined,
      printErr: () => undefined,
    });
    return { sqlite3, vfsErrors: installNodeFileVfs(sqlite3) };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
