// Item: two processes, one state. Two editor windows, or the editor and the command line, share the
// tile cache and the daily tile budget. Real processes (forks) fill one cache and count into one
// budget file, their steps interleaved on purpose: nothing one of them wrote may be lost or deleted.
// Before, a process opening the cache deleted the tiles another had not indexed yet, the index was
// last-writer-wins (286 of 600 tiles were left), and so was the budget.
import { strict as assert } from 'node:assert';
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../../src/cli/cli';
import { DailyBudget } from '../../../src/core/http/dailyBudget';
import { TileCache } from '../../../src/core/tiles/tileCache';
import { startEmulator } from '../../emulator/emulator';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const WORKER = path.join(__dirname, 'sharedStateWorker.ts');

/** Workers still running; a failed test must not leave them behind (they would keep mocha alive). */
const running = new Set<ChildProcess>();

/** A worker process and a way to wait for its next message. */
class Worker {
  private readonly child: ChildProcess;
  private readonly inbox: Record<string, unknown>[] = [];
  private waiting: (() => void) | undefined;
  readonly exited: Promise<number | null>;

  constructor(kind: 'cache' | 'budget', location: string) {
    this.child = fork(WORKER, [kind, location], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: Record<string, unknown>) => {
      this.inbox.push(message);
      this.waiting?.();
    });
    running.add(this.child);
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code) => {
        running.delete(this.child);
        resolve(code);
      }),
    );
  }

  /** The next message; fails on a worker's error. */
  async next(): Promise<Record<string, unknown>> {
    while (this.inbox.length === 0) await new Promise<void>((resolve) => (this.waiting = resolve));
    const message = this.inbox.shift() as Record<string, unknown>;
    if ('error' in message) throw new Error(String(message.error));
    return message;
  }

  /** Sends a command and waits until it is done. */
  async run(command: Record<string, unknown>): Promise<void> {
    this.child.send(command);
    assert.deepEqual(await this.next(), { done: command.do });
  }

  async exit(): Promise<void> {
    this.child.send({ do: 'exit' });
    assert.equal(await this.exited, 0);
  }
}

describe('security: processes sharing the tile cache and the tile budget', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-shared-'));
  });
  afterEach(() => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const tiles = () => readdirSync(dir).filter((name) => name.endsWith('.tile')).length;

  it('keeps every tile of two processes, one opening the cache while the other writes', async () => {
    const a = new Worker('cache', dir);
    await a.next();
    await a.run({ do: 'put', prefix: 'a', count: 300 });
    // B opens while A's 300 tiles are not in the index yet.
    const b = new Worker('cache', dir);
    await b.next();
    assert.equal(tiles(), 300, 'opening the cache deleted none of the other process’s tiles');
    await b.run({ do: 'put', prefix: 'b', count: 300 });
    await b.run({ do: 'flush' });
    await a.run({ do: 'flush' });
    await Promise.all([a.exit(), b.exit()]);
    assert.equal(tiles(), 600);
    const cache = await TileCache.open({ dir });
    assert.equal(cache.stats().entries, 600);
    for (const prefix of ['a', 'b']) {
      for (const i of [0, 150, 299]) {
        const tile = await cache.get(`mly1_public/14/${prefix}/${i}`);
        assert.deepEqual(tile?.bytes, new Uint8Array(64).fill(i % 256), `${prefix}/${i}`);
      }
    }
  });

  it('keeps every tile when two processes fill the cache at the same time', async () => {
    const workers = [new Worker('cache', dir), new Worker('cache', dir)];
    await Promise.all(workers.map((w) => w.next()));
    await Promise.all(
      workers.map(async (w, n) => {
        for (let round = 0; round < 6; round++) {
          await w.run({ do: 'put', prefix: `${n}-${round}`, count: 50 });
          await w.run({ do: 'flush' });
        }
      }),
    );
    await Promise.all(workers.map((w) => w.exit()));
    const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as {
      entries: Record<string, unknown>;
    };
    assert.equal(Object.keys(index.entries).length, 600);
    assert.equal(tiles(), 600);
  });

  it('adds up what two processes spend from one tile budget', async () => {
    const file = path.join(dir, 'tile-budget.json');
    const workers = [new Worker('budget', file), new Worker('budget', file)];
    await Promise.all(workers.map((w) => w.next()));
    await Promise.all(workers.map((w) => w.run({ do: 'consume', count: 500 })));
    await Promise.all(workers.map((w) => w.run({ do: 'flush' })));
    await Promise.all(workers.map((w) => w.exit()));
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { count: number };
    assert.equal(saved.count, 1000);
    assert.equal((await DailyBudget.open({ file })).used(), 1000);
  });

  it('keeps the command line’s budget between runs, in the state folder, added to the editor’s', async () => {
    const emulator = await startEmulator({ seed: 7, size: 'small' });
    try {
      const file = path.join(dir, 'mapillary-explorer', 'tile-budget.json');
      // The editor (or another run) has spent 5 today.
      const editor = await DailyBudget.open({ file, writeDelayMs: 0 });
      for (let i = 0; i < 5; i++) editor.tryConsume();
      await editor.flush();
      const inspect = async (env: NodeJS.ProcessEnv, extra: string[] = []) => {
        const io = { stdout: new Sink(), stderr: new Sink(), env };
        const code = await runCli(
          [
            '--api-url',
            emulator.graphUrl,
            '--tiles-url',
            emulator.tilesUrl,
            ...extra,
            'tile',
            'inspect',
            '14/0/0',
            '--json',
          ],
          io,
        );
        assert.equal(code, 0, io.stderr.text);
      };
      const env = { MAPILLARY_ACCESS_TOKEN: emulator.clientToken };
      await inspect({ ...env, XDG_STATE_HOME: dir });
      await inspect({ ...env, HOME: '/nonexistent' }, ['--state-dir', path.dirname(file)]);
      assert.equal(emulator.count('tiles:'), 2);
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
        day: new Date().toISOString().slice(0, 10),
        count: 7,
      });
    } finally {
      await emulator.close();
    }
  });
});
