// Each export command killed with kill -9 mid-way in a child process, then run again: the kill leaves
// nothing partial under a final name and the re-run writes the same bytes as an uninterrupted run.
import { existsSync } from 'node:fs';
import { busyOrganization } from './exportHarness';
import { countFiles, useKilledRuns } from './killResumeSupport';

describe('resume after kill -9 (the command line in a child process): exports', function () {
  this.timeout(60_000);
  const { emulator, check, partCount } = useKilledRuns();

  it('sequences', async () => {
    const org = busyOrganization(emulator());
    await check(
      'sequences',
      (out) => [
        'sequences',
        '--org',
        org.id,
        '--bbox',
        org.bbox.join(','),
        '-o',
        out,
        '--concurrency',
        '1',
      ],
      (out) => existsSync(`${out}.partial/job.json`),
      false,
    );
  });

  it('images', async () => {
    const org = busyOrganization(emulator());
    const ids = org.sequences.map((s) => s.id).join(',');
    await check(
      'images',
      (out) => ['images', '--ids', ids, '-o', out, '--concurrency', '1'],
      (out) => partCount(out) >= 2,
    );
  });

  it('metadata', async () => {
    const org = busyOrganization(emulator());
    const ids = org.sequences
      .flatMap((s) => s.imageIds)
      .slice(0, 200)
      .join(',');
    await check(
      'metadata',
      (out) => [
        'metadata',
        '--ids',
        ids,
        '--fields',
        'seq_id,img_id,captured_at,compass_angle,lon,lat,width',
        '--batch-size',
        '20',
        '--concurrency',
        '1',
        '-o',
        out,
      ],
      (out) => partCount(out) >= 3,
    );
  });

  for (const format of ['gpkg', 'parquet']) {
    it(`metadata as ${format === 'gpkg' ? 'GeoPackage' : 'GeoParquet'}`, async () => {
      const org = busyOrganization(emulator());
      const ids = org.sequences
        .flatMap((s) => s.imageIds)
        .slice(0, 200)
        .join(',');
      await check(
        `metadata-${format}`,
        (out) => [
          'metadata',
          '--ids',
          ids,
          '--format',
          format,
          '--fields',
          'seq_id,img_id,captured_at,compass_angle,creator.username',
          '--batch-size',
          '20',
          '--concurrency',
          '1',
          '-o',
          out,
        ],
        (out) => partCount(out) >= 3,
      );
    });
  }

  it('detections', async () => {
    const ids = emulator()
      .dataset.images.filter((i) => i.detectionIds.length > 0)
      .slice(0, 75)
      .map((i) => i.id)
      .join(',');
    await check(
      'detections',
      (out) => ['detections', '--ids', ids, '--format', 'coco', '--concurrency', '1', '-o', out],
      (out) => partCount(out) >= 1,
    );
  });

  it('map-features', async () => {
    const org = busyOrganization(emulator());
    await check(
      'map-features',
      (out) => ['map-features', '--bbox', org.bbox.join(','), '-o', out],
      (out) => existsSync(`${out}.partial/job.json`),
      false,
    );
  });

  it('download', async () => {
    const sequence = busyOrganization(emulator()).sequences[0];
    const ids = (sequence?.imageIds ?? []).slice(0, 40).join(',');
    await check(
      'download',
      (out) => ['download', '--ids', ids, '--size', '256', '--concurrency', '2', '-d', out],
      (out) => countFiles(out, '.jpg') >= 10,
    );
  });
});
