// Jobs split with --shard k/n and put together with `merge`: the merged output is byte for byte what
// one run writes, each shard resumes on its own, and a merge refuses what is not one whole,
// finished job.
import { strict as assert } from 'node:assert';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ownsUnit, parseShard } from '../../../src/core/export/jobShard';
import { useEmulator } from '../core/harness';
import { busyOrganization, cliAgainst } from './exportHarness';
import { tree } from './killResumeSupport';

describe('shards and merge', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-shard-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs a command that must end with `code` (1: done, but something was skipped). */
  const ok = async (args: string[], env?: NodeJS.ProcessEnv, code = 0) => {
    const run = await cliAgainst(emulator(), args, env);
    assert.equal(run.code, code, run.stderr + run.stdout);
    return run.stdout;
  };
  const imageIds = (n: number) =>
    busyOrganization(emulator())
      .sequences.flatMap((s) => s.imageIds)
      .slice(0, n);

  it('splits units by k-1 modulo n: each unit in exactly one shard', () => {
    for (const count of [1, 2, 3, 7]) {
      for (let unit = 0; unit < 40; unit++) {
        const owners = Array.from({ length: count }, (_, k) => k + 1).filter((index) =>
          ownsUnit({ index, count }, unit),
        );
        assert.deepEqual(owners, [(unit % count) + 1]);
      }
    }
    assert.deepEqual(parseShard(' 2/4 '), { index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '2/0', 'a/b', '2', '1/1001']) {
      assert.equal(typeof parseShard(bad), 'string', bad);
    }
  });

  for (const format of ['csv', 'gpkg', 'parquet'] as const) {
    it(`merges three metadata shards (${format}) into the bytes of one run`, async () => {
      const ids = imageIds(230).join(',');
      const env = { SOURCE_DATE_EPOCH: '1767225600' };
      const args = (out: string) => [
        'metadata',
        '--ids',
        `${ids},12ab`,
        '--format',
        format,
        '--fields',
        'img_id,seq_id,captured_at,lon,lat,creator.username',
        '--batch-size',
        '20',
        '-o',
        out,
      ];
      const single = path.join(dir, `single.${format}`);
      const merged = path.join(dir, `merged.${format}`);
      // The malformed id is skipped by every run, so each ends with 1.
      await ok(args(single), env, 1);
      for (const k of [3, 1, 2]) {
        const said = await ok([...args(merged), '--shard', `${k}/3`], env, 1);
        assert.match(said, new RegExp(`shard ${k}/3 finished \\(\\d+ unit\\(s\\)`));
        assert.ok(!existsSync(merged), 'a shard writes no output');
      }
      assert.ok(existsSync(`${merged}.shard-2-of-3/complete.json`));
      const said = await ok(['merge', merged], env, 1);
      assert.match(said, /230 images written/);
      assert.deepEqual(readFileSync(merged), readFileSync(single));
      assert.deepEqual(
        readFileSync(`${merged}.skipped.csv`),
        readFileSync(`${single}.skipped.csv`),
      );
      assert.deepEqual(
        readdirSync(dir).filter((n) => n.includes('.shard-')),
        [],
        'the shards are removed',
      );
    });
  }

  it('resumes each shard on its own, and a run without --shard takes the shards as done', async () => {
    const emu = emulator();
    const ids = emu.dataset.images
      .filter((i) => i.detectionIds.length > 0)
      .slice(0, 80)
      .map((i) => i.id);
    const args = (out: string) => [
      'detections',
      '--ids',
      ids.join(','),
      '--format',
      'coco',
      '-o',
      out,
    ];
    const single = path.join(dir, 'single.json');
    const merged = path.join(dir, 'merged.json');
    await ok(args(single));
    // Shard 1's third image keeps failing: that shard stays unfinished, its other units kept.
    emu.addFault({ kind: 'serverError', match: `/${ids[2]}/detections` });
    const failing = await cliAgainst(emu, ['--retries', '0', ...args(merged), '--shard', '1/2']);
    assert.equal(failing.code, 1);
    assert.match(failing.stdout, /not finished/);
    await ok([...args(merged), '--shard', '2/2']);
    const early = await cliAgainst(emu, ['merge', merged]);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /Shard 1\/2 of .*merged\.json has not finished: run it again/);
    emu.clearFaults();
    emu.resetLog();
    const resumed = await ok([...args(merged), '--shard', '1/2']);
    assert.match(resumed, /taken from an earlier run/);
    assert.equal(emu.count('graph:detections'), 25, 'only the failed batch ran again');
    emu.resetLog();
    // The job's own command without --shard: every unit comes from the shards.
    await ok(args(merged));
    assert.equal(emu.count('graph:'), 0);
    assert.deepEqual(readFileSync(merged), readFileSync(single));
  });

  it('merges download shards run in two places into the same folder and manifest', async () => {
    const ids = imageIds(70).join(',');
    const args = (out: string) => ['download', '--ids', ids, '--size', '256', '-d', out];
    const single = path.join(dir, 'single', 'pictures');
    await ok(args(single));
    // Two machines: each shard writes its own copy of the folder.
    const machines = ['a', 'b'].map((m) => path.join(dir, m, 'pictures'));
    await ok([...args(machines[0] as string), '--shard', '1/2']);
    await ok([...args(machines[1] as string), '--shard', '2/2']);
    const here = path.join(dir, 'here', 'pictures');
    mkdirSync(path.dirname(here), { recursive: true });
    // Only the shards' state copied, not the pictures: the merge says what is missing.
    for (const [i, machine] of machines.entries()) {
      cpSync(`${machine}.shard-${i + 1}-of-2`, `${here}.shard-${i + 1}-of-2`, { recursive: true });
    }
    const missing = await cliAgainst(emulator(), ['merge', here]);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /is not in .*pictures as its shard downloaded it: copy every shard/,
    );
    for (const machine of machines) cpSync(machine, here, { recursive: true });
    emulator().resetLog();
    await ok(['merge', here]);
    assert.equal(emulator().requests().length, 0, 'a merge asks nothing of the service');
    assert.deepEqual(tree(here), tree(single));
  });

  it('refuses to merge what is not one whole job, saying what to do', async () => {
    const out = path.join(dir, 'm.csv');
    const none = await cliAgainst(emulator(), ['merge', out]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /No shard of .*m\.csv is here: run the job with --shard k\/n first/);
    const ids = imageIds(60).join(',');
    const metadata = (k: string, extra: string[] = []) =>
      ok(['metadata', '--ids', ids, '--batch-size', '10', '-o', out, '--shard', k, ...extra]);
    await metadata('1/3');
    await metadata('3/3');
    const gap = await cliAgainst(emulator(), ['merge', out]);
    assert.match(
      gap.stderr,
      /Shard 2\/3 of .*m\.csv is missing: run it, or copy its m\.csv\.shard-k-of-3/,
    );
    // A shard of the same output with other fields is another job.
    await metadata('2/3', ['--fields', 'img_id']);
    const mixed = await cliAgainst(emulator(), ['merge', out]);
    assert.match(mixed.stderr, /belong to different jobs/);
    assert.ok(!existsSync(out));
    const usage = await cliAgainst(emulator(), ['metadata', '--ids', ids, '--shard', '4/3']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--shard must be k\/n with 1 ≤ k ≤ n/);
  });
});
