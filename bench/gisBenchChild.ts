// One run of the GIS benchmark in a process of its own, so its peak memory is its own: writes
// COUNT synthetic image records to OUT in FORMAT and prints {ms, maxRssMiB, bytes} as JSON.
// FORMAT: gpkg, gpkg-memory (the database built in memory, for comparison), fgb, parquet, geojson
// (a streaming GeoJSON writer: the strongest fair baseline), none (the process's floor).
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { imagesLayer } from '../src/core/gis/gisRecords';
import { writeFlatGeobuf } from '../src/core/gis/flatGeobufWriter';
import { writeGeoPackage } from '../src/core/gis/geoPackageWriter';
import { writeGeoParquet } from '../src/core/gis/geoParquetWriter';
import { columnValue } from '../src/core/export/metadataColumns';
import { SAMPLE_COLUMNS, sampleImages, streamOf } from '../test/support/gisSamples';

async function writeGeoJson(file: string, images: Iterable<Record<string, unknown>>) {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('{"type":"FeatureCollection","features":[\n');
  let first = true;
  for (const image of images) {
    const properties: Record<string, unknown> = {};
    for (const column of SAMPLE_COLUMNS) properties[column] = columnValue(image, column);
    const feature = { type: 'Feature', id: image.id, geometry: image.geometry ?? null, properties };
    await write(`${first ? '' : ',\n'}${JSON.stringify(feature)}`);
    first = false;
  }
  await write('\n]}\n');
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const [format, out, countText] = process.argv.slice(2);
  const count = Number(countText);
  if (!format || !out || !Number.isSafeInteger(count)) {
    throw new Error('usage: gisBenchChild FORMAT OUT COUNT');
  }
  const images = () => streamOf(sampleImages(count));
  const started = performance.now();
  if (format === 'gpkg' || format === 'gpkg-memory') {
    await writeGeoPackage(out, [imagesLayer(SAMPLE_COLUMNS, images())], {
      inMemory: format === 'gpkg-memory',
    });
  } else if (format === 'fgb') {
    await writeFlatGeobuf(out, imagesLayer(SAMPLE_COLUMNS, images()));
  } else if (format === 'parquet') {
    await writeGeoParquet(out, imagesLayer(SAMPLE_COLUMNS, images()));
  } else if (format === 'geojson') {
    await writeGeoJson(out, sampleImages(count));
  } else if (format !== 'none') {
    throw new Error(`unknown format ${format}`);
  }
  const ms = performance.now() - started;
  const bytes = format === 'none' ? 0 : statSync(out).size;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ms, maxRssMiB, bytes }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
