// Shared setup of the client tests: an emulator, a clock whose waits are recorded and skipped, and
// a fetch that records what the client sent (URLs and headers) so tests can check where tokens went.
import { type Clock } from '../../../src/core/http/clock';
import { GraphClient, type GraphClientOptions } from '../../../src/core/http/graphClient';
import { type RequestEvent } from '../../../src/core/http/mapillaryHttp';
import { type Emulator, startEmulator } from '../../emulator/emulator';

/**
 * A clock that stands still but for the sleeps it is asked for, which pass at once and are
 * remembered: the time the client sees depends on what it waited, never on the machine's speed.
 */
export class FakeClock implements Clock {
  offset = 0;
  readonly sleeps: number[] = [];
  private readonly base = Date.now();
  now(): number {
    return this.base + this.offset;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    this.sleeps.push(ms);
    this.offset += ms;
    return Promise.resolve();
  }
}

/** One request the client sent. */
export interface SentRequest {
  url: string;
  headers: Record<string, string>;
}

/** Wraps global fetch, recording each request. */
export function recordingFetch(sent: SentRequest[]): typeof fetch {
  return (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    sent.push({ url: inputUrl(input), headers });
    return fetch(input, init);
  };
}

/** A client wired to the emulator with a fake clock and recorders. */
export interface Harness {
  client: GraphClient;
  clock: FakeClock;
  sent: SentRequest[];
  events: RequestEvent[];
}

/** Builds a Graph client against `emulator`. */
export function makeClient(
  emulator: Emulator,
  overrides: Partial<GraphClientOptions> = {},
): Harness {
  const clock = new FakeClock();
  const sent: SentRequest[] = [];
  const events: RequestEvent[] = [];
  const client = new GraphClient({
    baseUrl: emulator.graphUrl,
    getToken: () => Promise.resolve(emulator.clientToken),
    clock,
    random: () => 0.5,
    fetch: recordingFetch(sent),
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return { client, clock, sent, events };
}

/** Starts one emulator for a suite and closes it afterwards. */
export function useEmulator(options: Parameters<typeof startEmulator>[0] = {}): () => Emulator {
  let emulator: Emulator | undefined;
  before(async function () {
    this.timeout(60_000);
    emulator = await startEmulator({ seed: 7, ...options });
  });
  beforeEach(() => {
    emulator?.clearFaults();
    emulator?.setLatency(options.latencyMs ?? 0);
    emulator?.resetLog();
  });
  after(async () => {
    await emulator?.close();
  });
  return () => {
    if (!emulator) throw new Error('emulator not started');
    return emulator;
  };
}

/** The id of the dataset's first image, once `emulator` has started. */
export function firstImageId(emulator: () => Emulator): () => string {
  return () => emulator().dataset.images[0]?.id as string;
}

/** Collects an async iterator into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Runs `promise` and returns the error it rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The URL of a fetch input, whatever form it takes. */
export function inputUrl(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}
