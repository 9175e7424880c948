// End to end against the emulator's country dataset: an organization's sequences over the whole
// island (a Cyprus-sized bbox) are listed in the Explorer after the modal that says what the listing
// may cost (declined once: nothing read, then accepted); then "Images Near Here" from the map's own
// context menu lists the images around an image shown on the map, nearest first, opens the nearest,
// and "Export Metadata…" on that search writes its results.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { estimateDescent } from '../../src/shared/explorer/descentPlan';
import { areaFromBbox } from '../../src/shared/geo/area';
import { type Emulator } from '../emulator/emulator';
import { chooseMenuEntry } from './contextMenu';
import { answer, clickTreeRow as clickRow, treeRow as row } from './quickInput';
import { mapFrame, runCommand, type RunningHost } from '../support/vscodeHost';
import { waitFor } from '../support/waitFor';
import { E2E_OUT_DIR as outDir, useE2eSuite } from './e2eSuite';
import { mapBox } from './mapPage';

const CYPRUS = [32.2, 34.5, 34.7, 35.8] as const;

/** The modal dialog whose text holds `text`, and one of its buttons by label. */
function dialog(page: Page, text: string | RegExp): Locator {
  return page.locator('.monaco-dialog-box', { hasText: text }).first();
}

function button(box: Locator, label: string): Locator {
  return box.locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^${label}$`) });
}

describe('end to end: a country-sized listing, and point queries from the map', function () {
  const suite = useE2eSuite({
    name: 'areas',
    emulator: { size: 'country', seed: 1 },
    settings: () => ({ 'workbench.hover.delay': 5000 }),
  });
  let emulator: Emulator;
  let host: RunningHost;
  let page: Page;
  const figures = suite.figures;
  // The organization of the island's west (Pafos Heritage Walks): a short listing.
  const org = () => emulator.dataset.organizations[4] as { id: string; name: string };

  before(() => {
    ({ emulator, host, page } = suite);
  });

  it('lists an organization over the whole island after the modal says what it may cost', async () => {
    await runCommand(page, 'Mapillary: Focus on Explorer View');
    await runCommand(page, 'Mapillary: Add Organization');
    await answer(page, org().id);
    await row(page, org().name).waitFor({ timeout: 30_000 });
    await runCommand(page, 'Mapillary: Set Area');
    await answer(page, CYPRUS.join(','));
    emulator.resetLog();
    await clickRow(page, org().name);
    const plan = estimateDescent(areaFromBbox(CYPRUS));
    const modal = dialog(page, 'list the sequences of this large area');
    await modal.waitFor({ timeout: 30_000 });
    const text = await modal.innerText();
    assert.match(text, new RegExp(`may read up to ${plan.maxTiles.toLocaleString('en-US')}`));
    assert.match(text, /of today's tile requests remain/);
    await page.screenshot({ path: path.join(outDir, 'areas-modal.png') });
    // Declined: nothing is read, and the organization says so.
    await button(modal, 'Cancel').click();
    await row(page, 'Not listed').waitFor({ timeout: 30_000 });
    assert.equal(emulator.count('tiles:'), 0);
    // Retried and accepted: the descent lists the sequences.
    await clickRow(page, 'Not listed');
    const again = dialog(page, 'list the sequences of this large area');
    await again.waitFor({ timeout: 30_000 });
    const started = Date.now();
    await button(again, 'List Sequences').click();
    await row(page, 'images in area').waitFor({ timeout: 120_000 });
    figures.islandListingMs = Date.now() - started;
    figures.islandTilesRead = emulator.count('tiles:');
    figures.islandZ14Tiles = plan.z14BboxTiles;
    assert.ok(emulator.count('tiles:') < plan.z14BboxTiles / 20, `${emulator.count('tiles:')}`);
  });

  it('lists the images near a place from the map’s context menu, and exports them', async () => {
    // An image of the first sequence, shown on the map: the map centres on it.
    await clickRow(page, 'images in area');
    await row(page, /^#1 /).waitFor({ timeout: 30_000 });
    await clickRow(page, /^#1 /);
    // The row's inline action, which hands the command the row's image.
    await row(page, /^#1 /).locator('.action-label[aria-label="Show on Map"]').click();
    const frame = await mapFrame(page);
    await frame.waitForSelector('#map[data-drawn="true"]', { timeout: 30_000 });
    const box = await mapBox(frame);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
    await chooseMenuEntry(page, 'Images Near Here');
    const results = row(page, /Images near [-\d.]+,[-\d.]+ \(\d+\)/);
    await results.waitFor({ timeout: 60_000 });
    const found = Number(/\((\d+)\)/.exec(await results.innerText())?.[1]);
    assert.ok(found > 0);
    // The nearest opens in the street-level viewer.
    await page
      .locator('.tabs-container .tab', { hasText: 'Mapillary Viewer' })
      .first()
      .waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(outDir, 'areas-near-here.png') });
    // The search's own context menu exports its results.
    await page.mouse.move(900, 500);
    await results.click({ button: 'right' });
    await chooseMenuEntry(page, 'Export Metadata…');
    await answer(page, 'CSV');
    const file = path.join(host.workspaceDir, 'mapillary-export', 'metadata.csv');
    await waitFor('the export to be written', () => existsSync(file), { timeoutMs: 60_000 });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, found + 1);
  });
});
