// End to end in the real VS Code host against the emulator: what the person chooses on the map.
// The creator filter takes a username, resolved once and remembered; a click on overlapping images
// lists them to choose from; and a box selection survives a tab switch, is listed whole in the
// tree, leaves the zoom alone, and is what "Export Metadata…" writes, only while the map shows it.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { type Emulator } from '../emulator/emulator';
import { waitFor } from '../support/waitFor';
import { mapFrame, runCommand, type RunningHost } from '../support/vscodeHost';
import { E2E_OUT_DIR as outDir, useE2eSuite } from './e2eSuite';
import { toast } from './toasts';
import { answer } from './quickInput';
import {
  boxSelect,
  centerOn,
  isolatedSign,
  mapBox,
  mapGone,
  mapPanelSettings,
  pagePoint,
  project,
  settle,
  status,
  zoomTo,
} from './mapPage';

describe('end to end: the creator filter, the image chooser and the selection on the map', function () {
  let emulator: Emulator;
  let host: RunningHost;
  let page: Page;
  let frame: Frame;
  const suite = useE2eSuite({
    name: 'map-choices',
    emulator: { size: 'small' },
    settings: ({ emulator: e }) => {
      if (!e) throw new Error('the suite starts the emulator');
      return mapPanelSettings(e).settings;
    },
  });
  const figures = suite.figures;

  before(async () => {
    ({ emulator, host, page } = suite);
    // The map on the Explorer's area at zoom 16, around a sign near its middle: every image is
    // drawn, and some of different sequences overlap.
    await runCommand(page, 'Mapillary: Open Map');
    frame = await mapFrame(page);
    await frame.waitForSelector('#map[data-drawn="true"]', { timeout: 30_000 });
    await zoomTo(frame, 16);
    const sign = isolatedSign(emulator);
    await centerOn(page, frame, sign.lat, sign.lon);
    await settle(frame, (s) => s.images > 0, 'images at z16');
  });

  it('filters images by a creator username, resolved once and remembered', async () => {
    const user = emulator.dataset.users[0]!;
    const base = (await settle(frame, (s) => s.images > 0, 'images')).images;
    const asked = () => emulator.count('graph:images');
    const before = asked();
    const setCreator = async (text: string) => {
      await frame.fill('input[name="creator"]', text);
      await frame.dispatchEvent('input[name="creator"]', 'change');
    };
    await setCreator(user.username);
    const byName = (await settle(frame, (s) => s.images < base, 'creator filter')).images;
    assert.ok(asked() > before, 'the username was looked up');
    await setCreator('');
    await settle(frame, (s) => s.images === base, 'creator filter cleared');
    await setCreator(user.id);
    const byId = (await settle(frame, (s) => s.images < base, 'creator id filter')).images;
    assert.equal(byName, byId, 'the username and the id keep the same images');
    const after = asked();
    await setCreator(user.username);
    await settle(frame, (s) => s.images === byId, 'creator filter again');
    assert.equal(asked(), after, 'the username was remembered, not looked up again');
    await setCreator('no-such-user-here');
    await frame.waitForFunction(() =>
      document.querySelector('.mly-field-note')?.textContent?.includes('no images by'),
    );
    assert.ok(await frame.$('input[name="creator"].mly-invalid'));
    await setCreator('');
    await settle(frame, (s) => s.images === base, 'creator filter cleared');
    figures.creatorImages = byName;
  });

  it('lists the images under a click on overlapping points, and opens the one chosen', async () => {
    const s = await status(frame);
    const [cx, cy] = project(s.center[0], s.center[1], s.zoom);
    const box = await mapBox(frame);
    const images = emulator.dataset.images
      .map((img) => ({ img, p: project(img.lat, img.lon, s.zoom) }))
      .filter(
        ({ p }) => Math.abs(p[0] - cx) < box.width / 3 && Math.abs(p[1] - cy) < box.height / 3,
      );
    // Two images of different sequences a pixel or two apart.
    let pair: [(typeof images)[number], (typeof images)[number]] | undefined;
    for (const a of images) {
      for (const b of images) {
        if (a.img.sequenceId === b.img.sequenceId || a.img.id >= b.img.id) continue;
        if (Math.hypot(a.p[0] - b.p[0], a.p[1] - b.p[1]) < 1.5) pair = [a, b];
      }
    }
    assert.ok(pair, 'two overlapping images of different sequences in view');
    const [a, b] = pair;
    const [x, y] = await pagePoint(frame, (a.img.lat + b.img.lat) / 2, (a.img.lon + b.img.lon) / 2);
    await page.mouse.move(x, y);
    await page.mouse.click(x, y);
    const chooser = await frame.waitForSelector('.mly-chooser:not([hidden])', { timeout: 10_000 });
    const listed = await chooser.$$eval('.mly-choice', (rows) =>
      rows.map((r) => ({
        id: (r as HTMLElement).dataset.imageId ?? '',
        text: r.textContent ?? '',
      })),
    );
    const ids = listed.map((r) => r.id);
    assert.ok(ids.includes(a.img.id) && ids.includes(b.img.id), `both listed: ${ids.join()}`);
    const rowB = listed.find((r) => r.id === b.img.id)!;
    assert.match(
      rowB.text,
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} · sequence \S+ · (panorama|perspective)$/,
    );
    assert.ok(rowB.text.includes(b.img.sequenceId.slice(0, 8)));
    await page.screenshot({ path: path.join(outDir, 'map-features-chooser.png') });
    // A click the page is too busy to take leaves the list open: clicked again until it opens.
    const panelB = `.mly-image-panel[data-state="ready"][data-image-id="${b.img.id}"]`;
    await waitFor(
      `image ${b.img.id} chosen from the list`,
      async () => {
        const choice = frame.locator(
          `.mly-chooser:not([hidden]) .mly-choice[data-image-id="${b.img.id}"]`,
        );
        if (await choice.isVisible()) await choice.click();
        return frame.waitForSelector(panelB, { timeout: 10_000 }).then(
          () => true,
          () => false,
        );
      },
      { timeoutMs: 60_000 },
    );
    // Its sequence is drawn as the current one.
    await frame.waitForSelector(`#map[data-current-sequence="${b.img.sequenceId}"]`);
    figures.chooserRows = listed.length;
    await frame.click('.mly-image-panel .mly-close');
  });

  it('keeps a box selection across a tab switch, lists it in the tree, and exports only what is seen', async () => {
    // The Explorer shows what is selected; the map stays in view beside it.
    await runCommand(page, 'Mapillary: Focus on Explorer View');
    const zoomBefore = (await status(frame)).zoom;
    await boxSelect(page, frame, [0.3, 0.3], [0.6, 0.7]);
    const count = Number(await frame.getAttribute('.mly-selection', 'data-count'));
    assert.ok(count > 1, `images selected (${count})`);
    // The tree lists the whole selection as one root, and the map did not move or zoom.
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: `Selected on the map (${count})` })
      .waitFor({ timeout: 30_000 });
    assert.equal((await status(frame)).zoom, zoomBefore, 'the box selection kept the zoom');
    // Another tab hides the map; its webview is gone. An export now asks for ids.
    await page.keyboard.press('Control+N');
    await mapGone(page);
    await runCommand(page, 'Mapillary: Export Metadata…');
    await page
      .locator('.quick-input-widget', { hasText: 'Image ids' })
      .waitFor({ timeout: 15_000 });
    await page.keyboard.press('Escape');
    // Back on the map, the selection is there again and is what the export writes.
    await page.locator('.tab', { hasText: 'Mapillary Map' }).click();
    frame = await mapFrame(page);
    await frame.waitForSelector(`.mly-selection[data-count="${count}"]`, { timeout: 30_000 });
    await runCommand(page, 'Mapillary: Export Metadata…');
    await answer(page, 'CSV', 'Metadata format');
    await toast(page, `Export Metadata: ${count} images written to`).waitFor({ timeout: 60_000 });
    const csv = path.join(host.workspaceDir, 'mapillary-export', 'metadata.csv');
    const rows = readFileSync(csv, 'utf8').trimEnd().split('\n').slice(1);
    assert.equal(rows.length, count, 'exactly the selected images');
    figures.selectionAfterTabSwitch = count;
    figures.exportFiles = readdirSync(path.dirname(csv)).length;
  });
});
