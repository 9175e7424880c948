// End to end in the real VS Code host: "Mapillary: Export Metadata…" from the palette against the
// emulator, cancelled from its progress notification mid-way, then run again: the cancellation
// leaves no file under the final name and keeps the work done, and the second run finishes it
// without asking the service again for what it already had.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startEmulator, type Emulator } from '../emulator/emulator';
import {
  extensionVsix,
  hostUnavailableReason,
  openWorkbench,
  runCommand,
  startHost,
  type RunningHost,
  type Workbench,
} from '../support/vscodeHost';

const TITLE = 'Mapillary: Export Metadata…';

async function exportMetadata(page: Page, ids: string[]): Promise<void> {
  await runCommand(page, TITLE);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await page.locator('.quick-input-widget', { hasText: 'Image ids' }).waitFor({ timeout: 10_000 });
  await input.fill(ids.join(','));
  await page.keyboard.press('Enter');
  // The format: CSV is the first choice.
  await page
    .locator('.quick-input-widget', { hasText: 'Metadata format' })
    .waitFor({ timeout: 10_000 });
  await input.fill('CSV');
  await page.keyboard.press('Enter');
}

function toast(page: Page, text: string | RegExp) {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text });
}

describe('end to end: cancel an export from its progress notification', function () {
  let emulator: Emulator;
  let host: RunningHost;
  let workbench: Workbench;

  before(async function () {
    const reason = hostUnavailableReason();
    if (reason) {
      console.warn(`\n!!! SKIPPED end-to-end export suite: ${reason}\n`);
      this.skip();
    }
    emulator = await startEmulator({ size: 'small', seed: 7 });
    host = await startHost({
      name: 'e2e-export-cancel',
      vsixes: [extensionVsix()],
      settings: {
        'mapillary.basemap.url': '',
        'mapillary.api.graphUrl': emulator.graphUrl,
        'mapillary.api.tilesUrl': emulator.tilesUrl,
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

  it('cancels mid-way, keeps the work, and the re-run completes it', async () => {
    const { page } = workbench;
    const ids = emulator.dataset.images.map((image) => image.id);
    const batches = Math.ceil(ids.length / 50);
    const folder = path.join(host.workspaceDir, 'mapillary-export');
    const output = path.join(folder, 'metadata.csv');
    const state = `${output}.partial`;

    // Slow answers, so that the first round of batches is done well before the last.
    emulator.setLatency(2_500);
    await exportMetadata(page, ids);
    const progress = toast(page, /Export Metadata/);
    await progress.waitFor({ state: 'visible', timeout: 30_000 });
    await toast(page, /[1-9]\d*\/2000 images/).waitFor({ timeout: 30_000 });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await toast(page, /Export Metadata: cancelled/).waitFor({ timeout: 30_000 });

    assert.ok(!existsSync(output), 'nothing under the final name');
    const kept = readdirSync(state).filter((name) => name.startsWith('batch-')).length;
    assert.ok(kept > 0 && kept < batches, `${kept} of ${batches} batches kept`);

    emulator.setLatency(0);
    // Requests cancelled in flight still reach the emulator's log after its latency.
    await page.waitForTimeout(3_000);
    emulator.resetLog();
    await exportMetadata(page, ids);
    await toast(page, /Export Metadata: 2000 images written to/).waitFor({ timeout: 60_000 });
    const rows = readFileSync(output, 'utf8').trimEnd().split('\n');
    assert.equal(rows[0], 'seq_id,img_id,captured_at,compass_angle,thumb_256_url,width');
    assert.deepEqual(
      rows.slice(1).map((row) => row.split(',')[1]),
      ids,
    );
    assert.ok(!existsSync(state), 'the state is gone once the export is complete');
    const asked = emulator.requests().filter((r) => r.path === '/').length;
    assert.equal(asked, batches - kept, 'only the batches not kept were asked for again');
  });
});
