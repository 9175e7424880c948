// The GIS writers on 100,000 synthetic image records (the fields a metadata export holds, with
// original and computed positions): wall time, peak RSS and file size of GeoPackage, FlatGeobuf and
// GeoParquet against a streaming GeoJSON writer, each in a child process of its own (peak RSS is a
// per-process high-water mark). Also the GeoPackage built in WebAssembly memory and saved at the
// end, as an in-memory SQLite must, to show what the file VFS saves; and the floor: a child that
// loads the same modules and writes nothing. Figures describe this machine and this run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const COUNT = 100_000;
const FORMATS = ['none', 'geojson', 'gpkg', 'gpkg-memory', 'fgb', 'parquet'] as const;
const EXTENSIONS: Record<string, string> = {
  none: 'none',
  geojson: 'geojson',
  gpkg: 'gpkg',
  'gpkg-memory': 'memory.gpkg',
  fgb: 'fgb',
  parquet: 'parquet',
};

interface ChildFigures {
  ms: number;
  maxRssMiB: number;
  bytes: number;
}

function runChild(format: string, out: string): ChildFigures {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'gisBenchChild.ts'), format, out, String(COUNT)],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`${format} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as ChildFigures;
}

/** Runs the benchmark and returns its figures. */
export async function run(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mly-gis-bench-'));
  const figures: Record<string, number | string> = { images: COUNT };
  try {
    const measured: Record<string, ChildFigures> = {};
    for (const format of FORMATS) {
      measured[format] = runChild(format, path.join(dir, `images.${EXTENSIONS[format]}`));
      await Promise.resolve();
    }
    const geojson = measured.geojson as ChildFigures;
    for (const format of FORMATS) {
      const m = measured[format] as ChildFigures;
      figures[`${format}PeakRssMiB`] = Number(m.maxRssMiB.toFixed(1));
      if (format === 'none') continue;
      figures[`${format}WallMs`] = Math.round(m.ms);
      figures[`${format}MiB`] = Number((m.bytes / 2 ** 20).toFixed(2));
      if (format !== 'geojson') {
        figures[`${format}SizeOfGeoJson`] = Number((m.bytes / geojson.bytes).toFixed(3));
        figures[`${format}TimeOfGeoJson`] = Number((m.ms / geojson.ms).toFixed(2));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
