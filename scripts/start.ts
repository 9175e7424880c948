// `npm start`: builds and packages the extension, installs it into the real VS Code host
// (code-server), starts it on 127.0.0.1 and prints the URL to open. By default the extension talks to
// the bundled emulator of the Mapillary service, so it shows real-looking data with no account; with
// a token (--token or MAPILLARY_ACCESS_TOKEN) it talks to the real service instead. Tiles need the
// app's client token: --client-token or MAPILLARY_CLIENT_TOKEN (else the token, if it is one).
//
// Usage: npm start -- [--port 8080] [--token MLY|…] [--client-token MLY|…] [--size small|city|country]
//                     [--latency ms]
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_DATASET, describeEmulator } from '../test/emulator/demo';
import { startEmulator } from '../test/emulator/emulator';
import { repoRoot } from '../test/support/fixtures';
import { extensionVsix, startHost } from '../test/support/vscodeHost';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    token: { type: 'string' },
    'client-token': { type: 'string' },
    size: { type: 'string', default: DEMO_DATASET.size },
    latency: { type: 'string', default: '0' },
  },
});

function step(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\nfailed: ${command} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

async function main(): Promise<void> {
  step('bash', [path.join(repoRoot, 'scripts', 'installVscodeHost.sh')]);
  step('npm', ['run', '--silent', 'package']);

  const token = values.token ?? process.env.MAPILLARY_ACCESS_TOKEN;
  const clientToken = values['client-token'] ?? process.env.MAPILLARY_CLIENT_TOKEN;
  const settings: Record<string, unknown> = {};
  const env: Record<string, string> = {};
  let emulatorClose: (() => Promise<void>) | undefined;
  if (token || clientToken) {
    console.log('Using the real Mapillary service with the given token.');
    if (token) env.MAPILLARY_ACCESS_TOKEN = token;
    if (clientToken) env.MAPILLARY_CLIENT_TOKEN = clientToken;
  } else {
    const size =
      values.size === 'small' || values.size === 'country' ? values.size : DEMO_DATASET.size;
    const emulator = await startEmulator({
      size,
      seed: DEMO_DATASET.seed,
      pictures: DEMO_DATASET.pictures,
      latencyMs: Number(values.latency),
    });
    emulatorClose = () => emulator.close();
    settings['mapillary.api.graphUrl'] = emulator.graphUrl;
    settings['mapillary.api.tilesUrl'] = emulator.tilesUrl;
    settings['mapillary.oauth.authorizeUrl'] = emulator.authorizeUrl;
    settings['mapillary.oauth.clientId'] = emulator.oauthClient.id;
    // A starting area around the emulated city's centre, so the Explorer has something to list.
    const [lon, lat] = emulator.dataset.center;
    const area = [lon - 0.01, lat - 0.006, lon + 0.01, lat + 0.006].map((v) => v.toFixed(4));
    settings['mapillary.area'] = area.join(',');
    // The emulator's client token is a throwaway value; it reaches the extension host through its
    // environment, never a settings file: for Graph calls until someone signs in, and for tiles.
    env.MAPILLARY_ACCESS_TOKEN = emulator.clientToken;
    env.MAPILLARY_CLIENT_TOKEN = emulator.clientToken;
    console.log('Using the local Mapillary emulator:');
    for (const line of describeEmulator(emulator)) console.log(`  ${line}`);
  }

  const host = await startHost({
    name: 'dev',
    runDir: path.join(repoRoot, '.vscode-test', 'dev'),
    keep: true,
    port: Number(values.port),
    vsixes: [extensionVsix()],
    settings,
    env,
  });
  console.log(`\nMapillary Explorer is running in VS Code at:\n\n    ${host.url}\n`);
  console.log(
    'Open it in a browser, then run "Mapillary: Open Map" from the command palette. Ctrl+C stops.',
  );

  const stop = (): void => {
    void host
      .stop()
      .then(() => emulatorClose?.())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
