// End to end: the Explorer tree in the real VS Code workbench against the emulator. An organization
// is added by id, an area is set (with a refused input first), an organization is expanded to its
// sequences and a 1,150-image sequence to its images, "Load more…" is used, an expired token in the
// middle of an expansion gives an error node whose Retry works, an image's details are opened, both
// searches run, an embed snippet is copied, and a selection made on the map is listed in the tree.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { countTilesCoveringBbox } from '../../src/shared/tiles/tileMath';
import { type Emulator } from '../emulator/emulator';
import { answer, clickTreeRow as clickRow, quickInput, treeRow as row } from './quickInput';
import { mapFrame, runCommand, type RunningHost } from '../support/vscodeHost';
import { waitFor } from '../support/waitFor';
import { E2E_OUT_DIR as outDir, useE2eSuite } from './e2eSuite';
import { mapBox, settle, status } from './mapPage';

describe('end to end: the Explorer tree', function () {
  const suite = useE2eSuite({
    name: 'tree',
    emulator: { size: 'small' },
    // Tooltips open slowly, so they do not cover the rows the test clicks.
    settings: () => ({ 'workbench.hover.delay': 5000 }),
  });
  let emulator: Emulator;
  let host: RunningHost;
  let page: Page;
  const figures = suite.figures;
  const long = () => emulator.dataset.sequences[0] as { id: string; organizationId?: string };
  const org = () =>
    emulator.dataset.organizations.find((o) => o.id === long().organizationId) as {
      id: string;
      name: string;
    };
  const area = () => {
    const [lon, lat] = emulator.dataset.center;
    return [lon - 0.006, lat - 0.0036, lon + 0.006, lat + 0.0036].map((n) => n.toFixed(6));
  };

  before(async () => {
    ({ emulator, host, page } = suite);
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url })
      .catch(() => undefined);
  });

  it('shows the welcome view, refuses an unknown organization, and adds one by id', async () => {
    await runCommand(page, 'Mapillary: Focus on Explorer View');
    await page
      .locator('.part.sidebar .welcome-view-content', { hasText: 'Add Organization' })
      .first()
      .waitFor({ timeout: 30_000 });
    await runCommand(page, 'Mapillary: Add Organization');
    await answer(page, '123456789');
    await page
      .locator('.notifications-toasts', { hasText: 'No organization with id 123456789' })
      .first()
      .waitFor({ timeout: 30_000 });
    await runCommand(page, 'Mapillary: Add Organization');
    await answer(page, org().id);
    await row(page, org().name).waitFor({ timeout: 30_000 });
    // Without an area the organization says how to set one.
    await clickRow(page, org().name);
    await row(page, 'Set an area to list sequences').waitFor({ timeout: 30_000 });
  });

  it('validates the area as it is typed, then lists the sequences in it', async () => {
    await runCommand(page, 'Mapillary: Set Area');
    const [minLon, minLat, maxLon, maxLat] = area();
    await quickInput(page).waitFor({ state: 'visible' });
    await quickInput(page).fill(`${maxLon},${maxLat},${minLon},${minLat}`);
    await page
      .locator('.quick-input-widget', { hasText: 'The corners are swapped' })
      .first()
      .waitFor({ timeout: 10_000 });
    await quickInput(page).fill('0,-95,1,1');
    await page
      .locator('.quick-input-widget', { hasText: 'Latitudes must lie between -90 and 90' })
      .first()
      .waitFor({ timeout: 10_000 });
    emulator.resetLog();
    const started = Date.now();
    await answer(page, `${minLon},${minLat},${maxLon},${maxLat}`);
    await row(page, 'images in area').waitFor({ timeout: 60_000 });
    figures.setAreaToSequencesMs = Date.now() - started;
    figures.tileRequests = emulator.count('tiles:mly1_public');
    // Exactly the z14 tiles the area intersects, each once.
    const bbox = [minLon, minLat, maxLon, maxLat].map(Number) as [number, number, number, number];
    assert.equal(emulator.count('tiles:mly1_public'), countTilesCoveringBbox(bbox, 14));
    await row(page, '2023-07-18').waitFor();
  });

  it('expands the long sequence to its images and loads more', async () => {
    await clickRow(page, '2023-07-18');
    await row(page, '1150 images').waitFor({ timeout: 30_000 });
    await row(page, /^#1 /).waitFor({ timeout: 30_000 });
    // The list is virtual (rows out of sight are not in the page): a window tall enough for two
    // pages of images keeps every row in the page.
    await page.setViewportSize({ width: 1400, height: 4800 });
    try {
      const more = row(page, 'Load more…');
      await more.waitFor({ timeout: 10_000 });
      assert.match(await more.innerText(), /1050 more/);
      await page.mouse.move(900, 500);
      await more.click();
      await row(page, '950 more').waitFor({ timeout: 30_000 });
      await row(page, /^#200 /).waitFor({ timeout: 10_000 });
      assert.equal(await row(page, /^#201 /).count(), 0, 'one page at a time');
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('turns an expired token in the middle of an expansion into an error node with Retry', async () => {
    // Collapse the long sequence first so the next sequence is in view.
    await clickRow(page, '1150 images');
    emulator.addFault({ kind: 'invalidToken', match: '/image_ids', count: 10 });
    await clickRow(page, '2015-12-31');
    const error = row(page, 'Error: ');
    await error.waitFor({ timeout: 60_000 });
    assert.match(await error.innerText(), /sign in again/);
    emulator.clearFaults();
    await page.mouse.move(900, 500);
    await error.click();
    await row(page, /^#1 /).waitFor({ timeout: 30_000 });
  });

  it('opens an image’s details and copies its embed snippet', async () => {
    // The row's inline action, which hands the command the row's image. A click while the row is
    // drawn again can be lost, so it is clicked again until the details show.
    const details = page.locator('.tabs-container .tab', { hasText: /^image-\d+\.json/ }).first();
    await waitFor(
      'the image details after Show Details',
      async () => {
        await clickRow(page, /^#1 /);
        await row(page, /^#1 /)
          .locator('.action-label[aria-label="Show Details"]')
          .click({ timeout: 5_000 })
          .catch(() => undefined);
        return details.waitFor({ timeout: 10_000 }).then(
          () => true,
          () => false,
        );
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await page
      .locator('.monaco-editor .view-lines', { hasText: 'captured_at' })
      .first()
      .waitFor({ timeout: 30_000 });
    await clickRow(page, /^#1 /);
    await runCommand(page, 'Mapillary: Copy Embed Snippet');
    await answer(page, 'split');
    await page
      .locator('.statusbar', { hasText: 'Copied the embed snippet' })
      .first()
      .waitFor({ timeout: 10_000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText()).catch(() => undefined);
    if (copied !== undefined) {
      assert.match(
        copied,
        /<iframe src="https:\/\/www\.mapillary\.com\/embed\?image_key=\d+&style=split"/,
      );
    }
  });

  it('runs both searches in the area', async () => {
    await runCommand(page, 'Mapillary: Search Images in Area');
    await answer(page, '', 'Captured between');
    await answer(page, 'Any images', 'Panoramas?');
    await answer(page, 'Any organization', 'Organization');
    await answer(page, '', 'Creator');
    await row(page, /Images \(\d+\)/).waitFor({ timeout: 60_000 });
    await runCommand(page, 'Mapillary: Search Map Features in Area');
    await answer(page, 'regulatory--*', 'Object values');
    await answer(page, '', 'First seen between');
    await answer(page, '', 'Last seen between');
    await row(page, /Map features \(\d+\)/).waitFor({ timeout: 60_000 });
    await row(page, 'regulatory--').waitFor({ timeout: 30_000 });
  });

  it('opens an image from a link and refuses a link that is not an image link', async () => {
    await runCommand(page, 'Mapillary: Open Image');
    await quickInput(page).fill('https://www.mapillary.com/app/?mapFeatureKey=1');
    await page
      .locator('.quick-input-widget', { hasText: 'points to a map feature' })
      .first()
      .waitFor({ timeout: 10_000 });
    const imageId = emulator.dataset.images[5]?.id as string;
    await answer(page, `https://www.mapillary.com/app/?pKey=${imageId}`);
    await row(page, `Image ${imageId}`).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(outDir, 'tree.png') });
    await page.locator('.part.sidebar').screenshot({ path: path.join(outDir, 'tree-sidebar.png') });
  });

  it('lists in the tree exactly the images selected on the map, without moving the map', async () => {
    // The opened image is still selected in the tree.
    await runCommand(page, 'Mapillary: Show on Map');
    const frame = await mapFrame(page);
    await frame.waitForSelector('#map[data-drawn="true"]', { timeout: 30_000 });
    // The box is drawn over images the map shows, once their tiles are in.
    const before = await settle(frame, (s) => s.images > 0, 'images on the map');
    const box = await mapBox(frame);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.keyboard.down('Shift');
    await page.mouse.move(cx - 60, cy - 60);
    await page.mouse.down();
    await page.mouse.move(cx + 60, cy + 60, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const count = Number(await frame.getAttribute('.mly-selection', 'data-count'));
    assert.ok(count > 0, `images selected (${count})`);
    // One root holds the whole selection, expanded to its first page of images.
    await row(page, `Selected on the map (${count})`).waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>('.part.sidebar .monaco-list-row')].some((r) =>
          /#1 \d{4}-\d{2}-\d{2} /.test(r.innerText),
        ),
      undefined,
      { timeout: 30_000 },
    );
    const after = await status(frame);
    assert.equal(after.zoom, before.zoom, 'the selection did not zoom the map');
    assert.ok(Math.abs(after.center[0] - before.center[0]) < 1e-9, 'nor move it');
    await page.screenshot({ path: path.join(outDir, 'tree-reveal.png') });
  });

  it('screenshots the tree: organization, sequences, searches and an image tooltip', async () => {
    await page.mouse.move(900, 500);
    await page.locator('.part.sidebar .action-label[aria-label="Collapse All"]').first().click();
    // A wider sidebar shows the labels whole.
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    assert.ok(sidebar);
    await page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + 400);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + sidebar.width + 260, sidebar.y + 400, { steps: 10 });
    await page.mouse.up();
    await clickRow(page, org().name);
    await row(page, '2023-07-18').waitFor();
    await clickRow(page, /Images \(\d+\)/);
    const image = row(page, /^#3 /);
    await image.waitFor({ timeout: 30_000 });
    await image.hover();
    await page
      .locator('.monaco-hover', { hasText: 'Captured' })
      .first()
      .waitFor({ timeout: 15_000 });
    // The thumbnail is downloaded when the tooltip opens and shown from its bytes.
    await page
      .locator('.monaco-hover img[src^="data:image/jpeg;base64,"]')
      .first()
      .waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(outDir, 'tree-overview.png') });
  });
});
