// The export formats on the emulator's city dataset: the metadata of all 100,000 images written by
// the built command line as GeoJSON (the baseline), GeoPackage, FlatGeobuf, GeoParquet and CSV, each
// in a process of its own under GNU time: wall time and peak RSS against GeoJSON's, and the file's
// size against the GeoJSON file's. Every run reads the images from the emulator (no latency, in a
// process of its own), so the times include the requests; each format runs twice, in turns, and
// the faster run counts, so that a busy moment of the machine does not land on one format alone.
// Figures describe this machine and this run.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildDataset } from '../test/emulator/dataset';
import { startRemoteEmulator } from './remoteEmulator';
import { type TimedRun, ensureCli, timedCli } from './timedCli';

const SEED = 5;
const IMAGES = 100_000;
const FORMATS = ['geojson', 'gpkg', 'fgb', 'parquet', 'csv'] as const;
const FIELDS = 'img_id,seq_id,captured_at,compass_angle,is_pano,creator.username,width,height';

/** Runs the benchmark and returns its figures. */
export async function run(): Promise<Record<string, number | string>> {
  ensureCli();
  const emulator = await startRemoteEmulator({ size: 'city', seed: SEED, latencyMs: 0 });
  const dir = await mkdtemp(path.join(tmpdir(), 'mly-format-bench-'));
  try {
    const input = path.join(dir, 'ids.txt');
    const ids = buildDataset(SEED, 'city').images.map((image) => image.id);
    await writeFile(input, `${ids.slice(0, IMAGES).join('\n')}\n`);
    const measured: Record<string, TimedRun & { bytes: number }> = {};
    for (const format of [...FORMATS, ...FORMATS]) {
      const output = path.join(dir, `images.${format}`);
      const result = await timedCli(
        [
          ...['--api-url', emulator.graphUrl, '--tiles-url', emulator.tilesUrl],
          ...['metadata', input, '--format', format, '--fields', FIELDS, '-o', output],
        ],
        { MAPILLARY_ACCESS_TOKEN: emulator.clientToken },
      );
      if (result.code !== 0) throw new Error(`${format} failed: ${result.stderr}`);
      const earlier = measured[format];
      if (!earlier || result.wallMs < earlier.wallMs) {
        measured[format] = { ...result, bytes: (await stat(output)).size };
      }
    }
    const geojson = measured.geojson as TimedRun & { bytes: number };
    const figures: Record<string, number | string> = { images: IMAGES };
    for (const format of FORMATS) {
      const m = measured[format] as TimedRun & { bytes: number };
      figures[`${format}WallMs`] = Math.round(m.wallMs);
      figures[`${format}PeakRssMiB`] = Number(m.rssMiB.toFixed(1));
      figures[`${format}MiB`] = Number((m.bytes / 2 ** 20).toFixed(2));
      if (format === 'geojson') continue;
      figures[`${format}TimeOfGeoJson`] = Number((m.wallMs / geojson.wallMs).toFixed(2));
      figures[`${format}RssOfGeoJson`] = Number((m.rssMiB / geojson.rssMiB).toFixed(2));
      figures[`${format}SizeOfGeoJson`] = Number((m.bytes / geojson.bytes).toFixed(3));
    }
    return figures;
  } finally {
    emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}
