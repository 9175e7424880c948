// End to end in the real VS Code host: the confirmation the export tool asks for. A small in-host
// suite (test/integration/clicked/) invokes mapillary_exportImages as a chat would; this test answers
// the dialog the workbench shows, as a person clicks it: Yes once (the file is written) and Cancel
// once (nothing is written). The in-host half reports through its results file.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/fixtures';
import { waitFor } from '../support/waitFor';
import { E2E_OUT_DIR as outDir, useE2eSuite } from './e2eSuite';

const runnerOut = path.join(repoRoot, 'out', 'e2e-confirmation');
const results = path.join(repoRoot, 'test-results', 'e2e-confirmation-results.json');

interface InHostOutcome {
  passed: number;
  failed: number;
  tests: { title: string; state: string; error?: string }[];
}

describe('end to end: the export tool asks before writing', function () {
  // The in-host half is built into a runner extension before the shared set-up installs it.
  before(function () {
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
  });

  const suite = useE2eSuite({
    name: 'export-tool-confirmation',
    emulator: { size: 'small', seed: 19 },
    vsixes: [path.join(runnerOut, 'mapillary-test-runner.vsix')],
    workspaceFiles: ({ emulator }) => ({
      'ids.json': JSON.stringify(emulator?.dataset.images.slice(10, 14).map((i) => i.id) ?? []),
    }),
  });

  it('writes the file after Yes, and nothing after Cancel', async () => {
    const { page, host } = suite;
    const dialog = (file: string) => page.locator('.monaco-dialog-box', { hasText: file }).first();
    const button = (file: string, label: string) =>
      dialog(file).locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^${label}$`) });

    await dialog('mapillary-export/confirmed.geojson').waitFor({ timeout: 120_000 });
    const shown = await dialog('mapillary-export/confirmed.geojson').innerText();
    assert.match(shown, /Export Mapillary metadata/);
    assert.match(shown, /Write the metadata of 4 images as GeoJSON/);
    await page
      .screenshot({ path: path.join(outDir, 'export-tool-confirmation.png') })
      .catch(() => undefined);
    await button('mapillary-export/confirmed.geojson', 'Yes').click();

    await dialog('mapillary-export/cancelled.csv').waitFor({ timeout: 120_000 });
    await button('mapillary-export/cancelled.csv', 'Cancel').click();

    // The runner renames its results file into place: it is read whole or not at all.
    const outcome = await waitFor(
      'the in-host half to report',
      () => JSON.parse(readFileSync(results, 'utf8')) as InHostOutcome,
      { timeoutMs: 120_000 },
    );
    const failures = outcome.tests.filter((t) => t.state !== 'passed');
    assert.deepEqual(failures, [], 'the in-host half passed');
    assert.equal(outcome.passed, 2);
    assert.ok(existsSync(path.join(host.workspaceDir, 'mapillary-export', 'confirmed.geojson')));
    assert.ok(!existsSync(path.join(host.workspaceDir, 'mapillary-export', 'cancelled.csv')));
  });
});
