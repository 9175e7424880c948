// End to end in the real VS Code host against the emulator: the map draws Mapillary's coverage
// through the host at every zoom level, layers and filters change what is drawn, a failed tile is
// marked, and the view survives hiding and reloading. Every message crossing the webview boundary,
// every request and the final DOM are searched for the token. (The map's image panel and box
// selection have a suite of their own, mapImages.test.ts.)
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { featureName } from '../../src/shared/map/featureNames';
import { type Emulator } from '../emulator/emulator';
import { mapFrame, runCommand } from '../support/vscodeHost';
import { E2E_OUT_DIR as outDir, useE2eSuite } from './e2eSuite';
import { RECORDER, assertNoToken, recordAllFrames } from './messageRecorder';
import {
  centerOn,
  imageWithDetectionsNearCentre,
  mapGone,
  pagePoint,
  project,
  settle,
  status,
  type MapStatus,
} from './mapPage';

describe('end to end: the Mapillary map against the emulator', function () {
  const suite = useE2eSuite({
    name: 'map',
    emulator: { size: 'small' },
    basemap: true,
    settings: () => ({
      // Markup in the attribution must show as text, never be rendered.
      'mapillary.basemap.attribution': 'Test basemap <img id="injected" src="x">',
    }),
  });
  let emulator: Emulator;
  let context: BrowserContext;
  let page: Page;
  let frame: Frame;
  const requestUrls: string[] = [];
  const figures = suite.figures;
  const malmo = { lat: 55.605, lng: 13.0038 };
  // A filter redraws in the workers: the status is read once every canvas shows the new drawing.
  const redrawn = (ok: (s: MapStatus) => boolean = () => true) =>
    settle(frame, ok, 'redrawn after a filter change');

  before(async () => {
    ({ emulator, page } = suite);
    // Zoom in on an image with detections near the middle of the emulated city, so every level
    // down to z20 has coverage in view.
    const near = imageWithDetectionsNearCentre(emulator);
    malmo.lat = near.lat;
    malmo.lng = near.lon;
    context = page.context();
    await context.addInitScript(RECORDER);
    await recordAllFrames(page);
    context.on('request', (request) => requestUrls.push(request.url()));
  });

  it('opens the map and draws the overview coverage through the host', async () => {
    await runCommand(page, 'Mapillary: Open Map');
    frame = await mapFrame(page);
    await recordAllFrames(page);
    await frame.waitForSelector('#map[data-drawn="true"]', { timeout: 30_000 });
    const attribution = await frame.textContent('.leaflet-control-attribution');
    assert.ok(attribution?.includes('Test basemap <img id="injected" src="x">'), attribution ?? '');
    assert.equal(await frame.locator('#injected').count(), 0, 'the markup was not rendered');
    // Put Malmö in the middle: drag it there, as a person would.
    await centerOn(page, frame, malmo.lat, malmo.lng);
    const s = await settle(frame, (st) => st.overview > 0, 'overview points drawn');
    assert.equal(s.failedTiles, 0);
    assert.ok(emulator.count('tiles:') > 0, 'the host fetched tiles from the emulator');
    await page.screenshot({ path: path.join(outDir, 'map-z2-overview.png') });
  });

  it('zooms through every level, drawing overview, sequences and images, with failed tiles marked', async () => {
    // Every z8 tile fails (an HTML page instead of a tile): marked, and the map keeps working.
    emulator.addFault({ kind: 'html', status: 200, match: '/mly1_public/2/8/' });
    const drawnPerZoom: string[] = [];
    for (let z = (await status(frame)).zoom; z < 20; z++) {
      await frame.click('.leaflet-control-zoom-in');
      await frame.waitForSelector(`#map[data-zoom="${z + 1}"]`, { timeout: 10_000 });
      const zoom = z + 1;
      // Each step doubles any offset: pan Malmö back to the middle as a person would.
      await centerOn(page, frame, malmo.lat, malmo.lng);
      const s = await settle(
        frame,
        (st) =>
          zoom === 8
            ? st.failedTiles > 0
            : zoom <= 5
              ? st.overview > 0
              : zoom < 14
                ? st.sequences > 0
                : st.images > 0,
        `coverage at z${zoom}`,
      );
      drawnPerZoom.push(`z${zoom}:${s.overview}/${s.sequences}/${s.images}/${s.failedTiles}`);
      if (zoom === 8) {
        const failed = await frame.$$eval('canvas.mly-tile-failed', (els) =>
          els.map((e) => (e as HTMLCanvasElement).dataset.error ?? ''),
        );
        assert.ok(failed.length > 0 && failed.every((m) => m.length > 0), 'failed tiles marked');
        // The mark is visible: the canvas is shown and its centre holds the red cross.
        const mark = await frame.$eval('canvas.mly-tile-failed', (canvas) => {
          const c = canvas as HTMLCanvasElement;
          const pixel = c.getContext('2d')!.getImageData(c.width / 2, c.height / 2, 1, 1).data;
          return { visibility: getComputedStyle(c).visibility, pixel: Array.from(pixel) };
        });
        assert.notEqual(mark.visibility, 'hidden');
        assert.ok(
          (mark.pixel[0] ?? 0) > 150 && (mark.pixel[3] ?? 0) > 0,
          `red mark: ${mark.pixel.join()}`,
        );
        await page.screenshot({ path: path.join(outDir, 'map-z8-failed-tiles.png') });
      } else {
        assert.equal(s.failedTiles, 0, `no failed tile at z${zoom}`);
      }
      if (zoom === 10 || zoom === 14 || zoom === 17 || zoom === 20) {
        await page.screenshot({ path: path.join(outDir, `map-z${zoom}.png`) });
      }
    }
    emulator.clearFaults();
    figures.drawnPerZoom = drawnPerZoom.join(' ');
  });

  it('toggles every layer and filter, redrawing without refetching for filters', async () => {
    for (let z = (await status(frame)).zoom; z > 17; z--) {
      await frame.click('.leaflet-control-zoom-out');
      await frame.waitForSelector(`#map[data-zoom="${z - 1}"]`, { timeout: 10_000 });
    }
    const base = await settle(frame, (s) => s.images > 0, 'images at z17');
    await frame.check('input[name="signs"]');
    await frame.check('input[name="points"]');
    const withFeatures = await settle(frame, (s) => s.features > 0, 'map features drawn');
    assert.ok(withFeatures.features > 0);
    assert.ok((await frame.$$('.mly-legend-row')).length >= 3, 'the legend lists feature classes');
    await page.screenshot({ path: path.join(outDir, 'map-z17-features.png') });
    // Hovering a traffic sign shows its value.
    const view = await status(frame);
    const [vx, vy] = project(view.center[0], view.center[1], view.zoom);
    const sign = emulator.dataset.mapFeatures
      .filter((f) => f.objectType === 'trafficsign')
      .map((f) => {
        const [px, py] = project(f.lat, f.lon, view.zoom);
        return { f, d: Math.hypot(px - vx, py - vy) };
      })
      .sort((a, b) => a.d - b.d)[0]?.f;
    assert.ok(sign, 'a traffic sign in the dataset');
    const [sx, sy] = await pagePoint(frame, sign.lat, sign.lon);
    await page.mouse.move(sx, sy);
    // The label names the sign in words; the element keeps the value it stands for.
    await frame.waitForFunction(
      (value) => document.getElementById('map')?.dataset.hoverValue === value,
      sign.objectValue,
      { timeout: 5_000 },
    );
    assert.equal(
      await frame.$eval('#map', (el) => (el as HTMLElement).dataset.hover),
      featureName(sign.objectValue),
    );
    figures.hoveredSign = sign.objectValue;
    const tilesBefore = emulator.count('tiles:');
    const counts: Record<string, number> = {};
    for (const [name, value] of [
      ['pano', 'pano'],
      ['pano', 'perspective'],
    ] as const) {
      await frame.selectOption(`select[name="${name}"]`, value);
      counts[value] = (await redrawn()).images;
    }
    await frame.selectOption('select[name="pano"]', 'all');
    assert.equal(
      (counts.pano ?? 0) + (counts.perspective ?? 0),
      base.images,
      'pano + perspective = all',
    );
    const org = emulator.dataset.organizations[0]!.id;
    await frame.fill('input[name="organizationId"]', org);
    await frame.dispatchEvent('input[name="organizationId"]', 'change');
    const byOrg = (await redrawn()).images;
    assert.ok(byOrg < base.images, `organization filter keeps fewer (${byOrg} < ${base.images})`);
    await frame.fill('input[name="organizationId"]', '');
    await frame.dispatchEvent('input[name="organizationId"]', 'change');
    const creator = emulator.dataset.users[0]!.id;
    await frame.fill('input[name="creator"]', creator);
    await frame.dispatchEvent('input[name="creator"]', 'change');
    const byCreator = (await redrawn()).images;
    assert.ok(byCreator < base.images, 'creator filter keeps fewer');
    await frame.fill('input[name="creator"]', '');
    await frame.dispatchEvent('input[name="creator"]', 'change');
    await redrawn();
    await frame.fill('input[name="fromDate"]', '2100-01-01');
    await frame.dispatchEvent('input[name="fromDate"]', 'change');
    assert.equal((await redrawn((st) => st.images === 0)).images, 0, 'no image from the future');
    await frame.fill('input[name="fromDate"]', '');
    await frame.dispatchEvent('input[name="fromDate"]', 'change');
    assert.equal((await redrawn()).images, base.images, 'filters cleared');
    assert.equal(emulator.count('tiles:'), tilesBefore, 'filters did not fetch tiles');
    figures.imagesAtZ17 = base.images;
    figures.panoImages = counts.pano ?? 0;
    figures.orgImages = byOrg;
    // Computed positions: another tile set, fetched through the host.
    await frame.check('input[name="computed"]');
    await settle(
      frame,
      (s) => s.images > 0 && emulator.count('tiles:mly1_computed') > 0,
      'computed',
    );
    await frame.uncheck('input[name="computed"]');
    await frame.uncheck('input[name="points"]');
    await frame.uncheck('input[name="signs"]');
    await frame.uncheck('input[name="coverage"]');
    await settle(frame, (s) => s.images === 0 && s.features === 0, 'everything off');
    await frame.check('input[name="coverage"]');
    await settle(frame, (s) => s.images > 0, 'coverage back');
  });

  it('never lets the token into the webview: messages, requests and the final DOM are clean', async () => {
    const report = path.join(outDir, 'map-token-search.json');
    const frames = await assertNoToken(page, emulator.clientToken, requestUrls, report);
    const total = frames.reduce((n, f) => n + f.records, 0);
    figures.recordedMessages = total;
    figures.recordedBytes = frames.reduce((n, f) => n + f.bytes, 0);
    figures.requestUrls = requestUrls.length;
  });

  it('keeps the view, layers and filters when the panel is hidden and shown again, and after a reload', async () => {
    await frame.check('input[name="signs"]');
    await settle(frame, () => true, 'signs on');
    const before = await status(frame);
    // A new editor hides the map, whose webview is then disposed (it keeps no context hidden).
    await page.keyboard.press('Control+N');
    await mapGone(page);
    await page.locator('.tab', { hasText: 'Mapillary Map' }).click();
    frame = await mapFrame(page);
    await frame.waitForSelector('#map[data-drawn="true"]', { timeout: 30_000 });
    const shown = await settle(frame, (s) => s.images > 0, 'redrawn after showing');
    assert.equal(shown.zoom, before.zoom);
    assert.ok(Math.abs(shown.center[0] - before.center[0]) < 1e-6);
    assert.ok(Math.abs(shown.center[1] - before.center[1]) < 1e-6);
    assert.equal(await frame.isChecked('input[name="signs"]'), true);
    const pageLoaded = page.waitForEvent('load', { timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await pageLoaded;
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.locator('.tab', { hasText: 'Mapillary Map' }).first().click({ timeout: 30_000 });
    frame = await mapFrame(page, 60_000);
    await frame.waitForSelector('#map[data-drawn="true"]', { timeout: 30_000 });
    const reloaded = await settle(frame, (s) => s.images > 0, 'redrawn after reload');
    assert.equal(reloaded.zoom, before.zoom);
    assert.ok(Math.abs(reloaded.center[0] - before.center[0]) < 1e-6);
    assert.equal(await frame.isChecked('input[name="signs"]'), true);
    await page.screenshot({ path: path.join(outDir, 'map-after-reload.png') });
    // The restored panel's document holds no token either.
    const token = emulator.clientToken;
    const leaks = await Promise.all(
      page
        .frames()
        .map((f) =>
          f
            .evaluate((t) => document.documentElement.outerHTML.includes(t), token)
            .catch(() => false),
        ),
    );
    assert.equal(leaks.filter(Boolean).length, 0, 'no token in any document after the reload');
  });
});
