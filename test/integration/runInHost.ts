// Runs the integration suites in the real VS Code host: installs the extension and the test-runner
// extension from their VSIXes, opens the workbench in headless Chromium (which starts the extension
// host), and waits for the runner to write its results file.
// Usage: tsx test/integration/runInHost.ts <results.json>
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/fixtures';
import { extensionVsix, openWorkbench, startHost } from '../support/vscodeHost';
import { waitFor } from '../support/waitFor';

const TIMEOUT_MS = 10 * 60_000;

async function main(): Promise<number> {
  const resultsFile = process.argv[2];
  if (!resultsFile) throw new Error('usage: runInHost.ts <results.json>');
  const host = await startHost({
    name: 'integration',
    vsixes: [
      extensionVsix(),
      path.join(repoRoot, 'out', 'integration', 'mapillary-test-runner.vsix'),
    ],
    // No basemap: the integration suites need no network at all.
    settings: { 'mapillary.basemap.url': '' },
  });
  const workbench = await openWorkbench(host);
  try {
    // The runner renames the finished file into place; it is read whole or not at all.
    await waitFor(
      'the integration suites to finish',
      () => JSON.parse(readFileSync(resultsFile, 'utf8')) as unknown,
      { timeoutMs: TIMEOUT_MS, intervalMs: 250 },
    );
    return 0;
  } finally {
    writeFileSync(path.join(host.runDir, 'code-server.log'), host.output());
    await workbench.close();
    await host.stop();
  }
}

main()
  .then((code) => (process.exitCode = code))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
