// Loads the GIS writers on first use: dist/gis.js beside the running bundle (the packaged extension
// and the command line), or the sources in a development checkout. A runtime require that esbuild
// leaves alone, so the writers stay out of the bundle that calls this.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { type GisWriters } from './gisWriters';

/** The file name of the writers' bundle in dist/. */
export const GIS_BUNDLE = 'gis.js';

let writers: GisWriters | undefined;

/** The GIS writers, loaded once. */
export function loadGisWriters(): GisWriters {
  if (writers) return writers;
  const load = createRequire(__filename);
  const bundled = path.join(__dirname, GIS_BUNDLE);
  writers = (existsSync(bundled) ? load(bundled) : load('./gisWriters')) as GisWriters;
  return writers;
}
