// Starts the emulator from the command line and keeps it up until SIGINT or SIGTERM:
//   npx tsx test/emulator/cli.ts [--port 5050] [--size small|city|country] [--seed 1] [--latency 0]
// By default it builds the same dataset as `npm start` (DEMO_DATASET), so ids seen in one work in
// the other.
import { DEMO_DATASET, describeEmulator } from './demo';
import { type EmulatorOptions, startEmulator } from './emulator';

function parseArgs(argv: readonly string[]): EmulatorOptions {
  const options: EmulatorOptions = {
    size: DEMO_DATASET.size,
    seed: DEMO_DATASET.seed,
    pictures: DEMO_DATASET.pictures,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const number = (): number => {
      const n = Number(value);
      if (value === undefined || !Number.isFinite(n)) {
        throw new Error(`${flag} needs a number`);
      }
      i++;
      return n;
    };
    switch (flag) {
      case '--port':
        options.port = number();
        break;
      case '--seed':
        options.seed = number();
        break;
      case '--latency':
        options.latencyMs = number();
        break;
      case '--token-ttl':
        options.tokenTtlSeconds = number();
        break;
      case '--size':
        if (value !== 'small' && value !== 'city' && value !== 'country') {
          throw new Error('--size is small, city or country');
        }
        options.size = value;
        i++;
        break;
      case '--help':
      case '-h':
        console.log(
          `usage: tsx test/emulator/cli.ts [--port 5050] [--size small|city|country (default ${DEMO_DATASET.size})] [--seed ${DEMO_DATASET.seed}] [--latency 0] [--token-ttl seconds]`,
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${String(flag)}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const emulator = await startEmulator(options);
  // Printing the credentials is the point: they are throwaway values for a local emulator.
  for (const line of describeEmulator(emulator)) console.log(line);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
