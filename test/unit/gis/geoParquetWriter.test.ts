// The GeoParquet writer, checked by an independent Parquet reader (hyparquet): rows, row groups,
// typed columns, the `geo` metadata of GeoParquet 1.1, and geometries that decode to the input.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { type GeoMetadata, writeGeoParquet } from '../../../src/core/gis/geoParquetWriter';
import { imagesLayer, mapFeaturesLayer } from '../../../src/core/gis/gisRecords';
import { SAMPLE_COLUMNS, sampleImages, streamOf } from '../../support/gisSamples';

const IMAGES = 2_500;

describe('GeoParquet writer, read by hyparquet', () => {
  let dir: string;
  let file: string;
  const images = [...sampleImages(IMAGES)];
  delete images[3]!.geometry;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-parquet-'));
    file = path.join(dir, 'images.parquet');
    await writeGeoParquet(file, imagesLayer(SAMPLE_COLUMNS, streamOf(images)), {
      rowGroupSize: 1_000,
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds every row in row groups of the chosen size, with typed columns', async () => {
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
    assert.equal(metadata.num_rows, BigInt(IMAGES));
    assert.deepEqual(
      metadata.row_groups.map((g) => g.num_rows),
      [1000n, 1000n, 500n],
    );
    const types = Object.fromEntries(metadata.schema.slice(1).map((s) => [s.name, s.type]));
    assert.equal(types.img_id, 'BYTE_ARRAY');
    assert.equal(types.captured_at, 'INT64');
    assert.equal(types.compass_angle, 'DOUBLE');
    assert.equal(types.is_pano, 'BOOLEAN');
    assert.equal(types.geometry, 'BYTE_ARRAY');
    assert.equal(types.computed_geometry, 'BYTE_ARRAY');
  });

  it('has GeoParquet 1.1 `geo` metadata with the real bounding boxes', async () => {
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
    const geo = JSON.parse(
      metadata.key_value_metadata?.find((kv) => kv.key === 'geo')?.value ?? '{}',
    ) as GeoMetadata & { crs?: unknown };
    const xs = images.flatMap((i) =>
      i.geometry ? [(i.geometry as { coordinates: number[] }).coordinates] : [],
    );
    const bbox = [
      Math.min(...xs.map((c) => c[0]!)),
      Math.min(...xs.map((c) => c[1]!)),
      Math.max(...xs.map((c) => c[0]!)),
      Math.max(...xs.map((c) => c[1]!)),
    ];
    assert.equal(geo.version, '1.1.0');
    assert.equal(geo.primary_column, 'geometry');
    assert.deepEqual(geo.columns.geometry, { encoding: 'WKB', geometry_types: ['Point'], bbox });
    assert.equal(geo.columns.computed_geometry?.encoding, 'WKB');
    assert.equal(geo.crs, undefined);
  });

  it('decodes to the input: ids as strings, positions, nulls where there is none', async () => {
    const rows = await parquetReadObjects({
      file: await asyncBufferFromFile(file),
      rowStart: 0,
      rowEnd: 1_200,
    });
    assert.equal(rows.length, 1_200);
    for (const [i, row] of rows.entries()) {
      const image = images[i]!;
      assert.equal(row.img_id, image.id);
      assert.equal(row.captured_at, BigInt(image.captured_at as number));
      assert.equal(row['creator.username'], (image.creator as { username: string }).username);
      assert.deepEqual(row.geometry ?? null, (image.geometry as object | undefined) ?? null);
      assert.deepEqual(
        row.computed_geometry ?? null,
        (image.computed_geometry as object | undefined) ?? null,
      );
    }
    assert.equal(rows[3]!.geometry, null);
  });

  it('writes map features, and an empty file the reader opens', async () => {
    const features = path.join(dir, 'features.parquet');
    await writeGeoParquet(
      features,
      mapFeaturesLayer(
        streamOf([
          {
            id: '9007199254740993',
            object_value: 'object--bench',
            first_seen_at: '2020-01-02T00:00:00Z',
            geometry: { type: 'Point', coordinates: [13, 55] },
          },
        ]),
      ),
    );
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(features) });
    assert.deepEqual(
      rows.map((r): unknown[] => [r.id, r.object_name, r.first_seen_at, r.geometry]),
      [
        [
          '9007199254740993',
          'Bench',
          BigInt(Date.parse('2020-01-02T00:00:00Z')),
          { type: 'Point', coordinates: [13, 55] },
        ],
      ],
    );
    const empty = path.join(dir, 'empty.parquet');
    await writeGeoParquet(empty, imagesLayer(['img_id'], streamOf([])));
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(empty));
    assert.equal(metadata.num_rows, 0n);
    assert.deepEqual(
      (JSON.parse(metadata.key_value_metadata?.[0]?.value ?? '{}') as GeoMetadata).columns.geometry,
      {
        encoding: 'WKB',
        geometry_types: [],
      },
    );
  });
});
