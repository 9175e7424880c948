// A second (and third) process for the shared-state tests: it opens the tile cache or the tile
// budget in a folder the test names, tells the test, and does what the test says when it says so,
// so the two processes' steps interleave exactly as the test wants.
import { DailyBudget } from '../../../src/core/http/dailyBudget';
import { TileCache } from '../../../src/core/tiles/tileCache';

type Command =
  | { do: 'put'; prefix: string; count: number }
  | { do: 'consume'; count: number }
  | { do: 'flush' }
  | { do: 'exit' };

const [kind, location] = process.argv.slice(2);
const send = (message: unknown) => process.send?.(message);

async function main(): Promise<void> {
  if (!location) throw new Error('usage: sharedStateWorker (cache|budget) <dir-or-file>');
  // Writes happen only when the test asks: no timer races the steps.
  const cache =
    kind === 'cache'
      ? await TileCache.open({ dir: location, indexWriteDelayMs: 3_600_000 })
      : undefined;
  const budget =
    kind === 'budget'
      ? await DailyBudget.open({ file: location, writeDelayMs: 3_600_000 })
      : undefined;
  send({ opened: process.pid });
  process.on('message', (command: Command) => {
    void (async () => {
      switch (command.do) {
        case 'put':
          for (let i = 0; i < command.count; i++) {
            await cache?.put(
              `mly1_public/14/${command.prefix}/${i}`,
              new Uint8Array(64).fill(i % 256),
            );
          }
          break;
        case 'consume':
          for (let i = 0; i < command.count; i++) {
            budget?.tryConsume(1);
            // Interleave: write every 25 requests, as the timer would in a long run.
            if (i % 25 === 24) await budget?.flush();
          }
          break;
        case 'flush':
          await cache?.flush();
          await budget?.flush();
          break;
        case 'exit':
          process.disconnect();
          return;
      }
      send({ done: command.do });
    })();
  });
}

main().catch((error: unknown) => {
  send({ error: String(error) });
  process.exitCode = 1;
});
