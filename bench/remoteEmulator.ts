// The emulator in a child process of its own, driven through its control endpoints: the service is
// remote, so its work must not share the event loop (or the CPU time) of the client measured.
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { type FaultSpec } from '../test/emulator/faults';

/** A running emulator process. */
export interface RemoteEmulator {
  graphUrl: string;
  tilesUrl: string;
  clientToken: string;
  addFault(fault: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  resetLog(): Promise<void>;
  requestCount(): Promise<number>;
  setLatency(ms: number): Promise<void>;
  close(): void;
}

/** Starts the emulator with `size`, `seed` and `latencyMs` on a free port. */
export async function startRemoteEmulator(options: {
  size: 'small' | 'city';
  seed: number;
  latencyMs: number;
}): Promise<RemoteEmulator> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(__dirname, '../test/emulator/cli.ts'),
      ...['--port', '0', '--size', options.size, '--seed', String(options.seed)],
      ...['--latency', String(options.latencyMs)],
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // Port 0: the emulator picks a free port and prints its URLs.
  const base = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const url = /graph:\s+(http:\/\/\S+)/.exec(seen)?.[1];
      if (url) resolve(url.replace(/\/+$/, ''));
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
  });
  const control = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${base}/__emulator/${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.json();
  };
  const summary = (await control('GET', 'dataset')) as {
    graphUrl: string;
    tilesUrl: string;
    clientToken: string;
  };
  return {
    graphUrl: summary.graphUrl,
    tilesUrl: summary.tilesUrl,
    clientToken: summary.clientToken,
    addFault: async (fault) => void (await control('POST', 'faults', fault)),
    clearFaults: async () => void (await control('DELETE', 'faults')),
    resetLog: async () => void (await control('DELETE', 'requests')),
    requestCount: async () =>
      ((await control('GET', 'requests')) as { requests: unknown[] }).requests.length,
    setLatency: async (ms) => void (await control('POST', 'latency', { ms })),
    close: () => child.kill('SIGTERM'),
  };
}
