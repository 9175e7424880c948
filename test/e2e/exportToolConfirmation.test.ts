// End to end in the real VS Code host: the confirmation the export tool asks for. A small in-host
// suite (test/integration/clicked/) invokes mapillary_exportImages as a chat would; this test answers
// the dialog the workbench shows, as a person clicks it: Yes once (the file is written) and Cancel
// once (nothing is written). The in-host half reports through its results file.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { type Emulator, startEmulator } from '../emulator/emulator';
import { repoRoot } from '../support/fixtures';
import {
  extensionVsix,
  hostUnavailableReason,
  openWorkbench,
  startHost,
  type RunningHost,
  type Workbench,
} from '../support/vscodeHost';

describe('end to end: the export tool asks before writing', function () {
  let emulator: Emulator;
  let host: RunningHost;
  let workbench: Workbench;
  const runnerOut = path.join(repoRoot, 'out', 'e2e-confirmation');
  const results = path.join(repoRoot, 'test-results', 'e2e-confirmation-results.json');

  before(async function () {
    const reason = hostUnavailableReason();
    if (reason) {
      console.warn(`\n!!! SKIPPED end-to-end export confirmation suite: ${reason}\n`);
      this.skip();
    }
    rmSync(results, { force: true });
    const build = spawnSync(
      process.execPath,
      [
        path.join(repoRoot, 'scripts', 'buildIntegration.mjs'),
        '--suites',
        path.join('test', 'integration', 'clicked'),
        '--out',
        runnerOut,
        '--results',
        results,
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    assert.equal(build.status, 0, build.stderr);
    emulator = await startEmulator({ size: 'small', seed: 19 });
    host = await startHost({
      name: `e2e-confirm-${process.pid}`,
      vsixes: [extensionVsix(), path.join(runnerOut, 'mapillary-test-runner.vsix')],
      settings: {
        'mapillary.api.graphUrl': emulator.graphUrl,
        'mapillary.api.tilesUrl': emulator.tilesUrl,
        'mapillary.basemap.url': '',
      },
      workspaceFiles: {
        'ids.json': JSON.stringify(emulator.dataset.images.slice(10, 14).map((i) => i.id)),
      },
      env: { MAPILLARY_ACCESS_TOKEN: emulator.clientToken },
    });
    workbench = await openWorkbench(host);
  });

  after(async () => {
    if (host) writeFileSync(path.join(host.runDir, 'code-server.log'), host.output());
    await workbench?.close();
    await host?.stop();
    await emulator?.close();
  });

  it('writes the file after Yes, and nothing after Cancel', async () => {
    const { page } = workbench;
    const dialog = (file: string) => page.locator('.monaco-dialog-box', { hasText: file }).first();
    const button = (file: string, label: string) =>
      dialog(file).locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^${label}$`) });

    await dialog('mapillary-export/confirmed.geojson').waitFor({ timeout: 120_000 });
    const shown = await dialog('mapillary-export/confirmed.geojson').innerText();
    assert.match(shown, /Export Mapillary metadata/);
    assert.match(shown, /Write the metadata of 4 images as GeoJSON/);
    await page
      .screenshot({
        path: path.join(repoRoot, 'test-results', 'e2e', 'export-tool-confirmation.png'),
      })
      .catch(() => undefined);
    await button('mapillary-export/confirmed.geojson', 'Yes').click();

    await dialog('mapillary-export/cancelled.csv').waitFor({ timeout: 120_000 });
    await button('mapillary-export/cancelled.csv', 'Cancel').click();

    const deadline = Date.now() + 120_000;
    while (!existsSync(results)) {
      if (Date.now() > deadline) throw new Error('the in-host half did not report');
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 200));
    const outcome = JSON.parse(readFileSync(results, 'utf8')) as {
      passed: number;
      failed: number;
      tests: { title: string; state: string; error?: string }[];
    };
    const failures = outcome.tests.filter((t) => t.state !== 'passed');
    assert.deepEqual(failures, [], 'the in-host half passed');
    assert.equal(outcome.passed, 2);
    assert.ok(existsSync(path.join(host.workspaceDir, 'mapillary-export', 'confirmed.geojson')));
    assert.ok(!existsSync(path.join(host.workspaceDir, 'mapillary-export', 'cancelled.csv')));
  });
});
