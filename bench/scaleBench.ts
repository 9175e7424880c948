// Memory and shards, measured on the built command line under GNU time (`/usr/bin/time -v`)
// against the emulator's city dataset (100,000 images) in a process of its own:
// - peak RSS of the metadata job (CSV) for 10,000 and for 100,000 images, and their ratio (the
//   target: at most 1.3); of downloads of 1,000 and of 10,000 pictures; each also with a CPU
//   burner beside it;
// - the wall time of the metadata of 20,000 images at 50 ms of latency as one run (16 requests in
//   flight) and as 4 shards on this machine (4 in flight each, so as many requests in flight in
//   all) plus `merge`: the overhead of splitting, not a speed-up; with and without a burner.
// Figures describe this machine and this run.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildDataset } from '../test/emulator/dataset';
import { withAndWithoutBurner } from './cpuBurner';
import { startRemoteEmulator } from './remoteEmulator';
import { type TimedRun, ensureCli, timedCli } from './timedCli';

const SEED = 5;
const SHARD_IMAGES = 20_000;
const SHARDS = 4;
// Without the signed picture URLs, which change with the second they are asked for, so that the
// merged output can be compared with the single run's byte for byte.
const STABLE_FIELDS = 'img_id,seq_id,captured_at,compass_angle,lon,lat,width';

/** Runs the benchmark and returns its figures. */
export async function run(): Promise<Record<string, number | string>> {
  ensureCli();
  const emulator = await startRemoteEmulator({ size: 'city', seed: SEED, latencyMs: 0 });
  const dir = await mkdtemp(path.join(tmpdir(), 'mly-scale-bench-'));
  const ids = buildDataset(SEED, 'city').images.map((image) => image.id);
  const idFile = async (count: number) => {
    const file = path.join(dir, `ids-${count}.txt`);
    await writeFile(file, `${ids.slice(0, count).join('\n')}\n`);
    return file;
  };
  let runs = 0;
  const cli = async (args: string[]): Promise<TimedRun> => {
    const urls = ['--api-url', emulator.graphUrl, '--tiles-url', emulator.tilesUrl];
    const result = await timedCli([...urls, ...args], {
      MAPILLARY_ACCESS_TOKEN: emulator.clientToken,
    });
    if (result.code !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
    runs += 1;
    return result;
  };
  try {
    const files = {
      small: await idFile(10_000),
      large: await idFile(100_000),
      pictures: await idFile(1_000),
      morePictures: await idFile(10_000),
      shards: await idFile(SHARD_IMAGES),
    };
    const memory = async () => {
      const out = (name: string) => path.join(dir, `${name}-${runs}`);
      const small = await cli(['metadata', files.small, '-o', `${out('m')}.csv`]);
      const large = await cli(['metadata', files.large, '-o', `${out('m')}.csv`]);
      const few = await cli(['download', files.pictures, '--size', '256', '-d', out('d')]);
      const many = await cli(['download', files.morePictures, '--size', '256', '-d', out('d')]);
      return {
        metadataPeakRss10kMiB: mib(small.rssMiB),
        metadataPeakRss100kMiB: mib(large.rssMiB),
        metadataPeakRss100kOf10k: ratio(large.rssMiB / small.rssMiB),
        metadata100kWallMs: Math.round(large.wallMs),
        downloadPeakRss1kMiB: mib(few.rssMiB),
        downloadPeakRss10kMiB: mib(many.rssMiB),
        downloadPeakRss10kOf1k: ratio(many.rssMiB / few.rssMiB),
      };
    };
    const memoryFigures = await withAndWithoutBurner(memory);

    await emulator.setLatency(50);
    const shards = async () => {
      const single = path.join(dir, `single-${runs}.csv`);
      const job = ['metadata', files.shards, '--fields', STABLE_FIELDS];
      const singleRun = await cli([...job, '-o', single]);
      const split = path.join(dir, `split-${runs}.csv`);
      const started = performance.now();
      await Promise.all(
        Array.from({ length: SHARDS }, (_, k) =>
          cli([...job, '-o', split, '--concurrency', '4', '--shard', `${k + 1}/${SHARDS}`]),
        ),
      );
      const shardsMs = performance.now() - started;
      const merge = await cli(['merge', split]);
      const same = (await readFile(single)).equals(await readFile(split));
      const splitMs = shardsMs + merge.wallMs;
      return {
        shardImages: SHARD_IMAGES,
        singleRunMs: Math.round(singleRun.wallMs),
        fourShardsMs: Math.round(shardsMs),
        mergeMs: Math.round(merge.wallMs),
        fourShardsAndMergeOfSingle: ratio(splitMs / singleRun.wallMs),
        mergedSameBytes: String(same),
      };
    };
    const shardFigures = await withAndWithoutBurner(shards);
    return { ...memoryFigures, ...shardFigures };
  } finally {
    emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const mib = (n: number) => Number(n.toFixed(1));
const ratio = (n: number) => Number(n.toFixed(3));
