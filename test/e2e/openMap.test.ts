// End to end, as a person would: the real VS Code workbench in headless Chromium, the extension
// installed from its VSIX, "Mapillary: Open Map" run from the command palette, and the map panel
// checked for a working Leaflet map drawn over a local basemap.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { mapFrame, runCommand } from '../support/vscodeHost';
import { E2E_OUT_DIR as outDir, useE2eSuite } from './e2eSuite';

describe('end to end: Mapillary: Open Map', function () {
  const suite = useE2eSuite({ name: 'open-map', basemap: true });
  const figures = suite.figures;
  let frame: Frame;

  it('runs the command from the palette and draws a Leaflet map with basemap tiles', async () => {
    const { page } = suite;
    const started = Date.now();
    await runCommand(page, 'Mapillary: Open Map');
    frame = await mapFrame(page);
    await frame.waitForSelector('#map[data-drawn="true"]', { timeout: 30_000 });
    figures.openMapToDrawnMs = Date.now() - started;

    const tiles = await frame.$$eval('img.leaflet-tile-loaded', (imgs) =>
      imgs.map((img) => ({
        src: (img as HTMLImageElement).src,
        w: (img as HTMLImageElement).naturalWidth,
      })),
    );
    assert.ok(tiles.length >= 1, 'at least one basemap tile loaded');
    for (const tile of tiles) {
      assert.match(tile.src, /^http:\/\/127\.0\.0\.1:\d+\/\d+\/\d+\/\d+\.png$/);
      assert.equal(tile.w, 256, 'the tile decoded as a 256 px image');
    }
    // Wrapped world copies show the same tile twice; each distinct tile was fetched from the server.
    const distinct = new Set(tiles.map((t) => t.src));
    assert.ok(
      suite.basemap.served() >= distinct.size,
      `served ${suite.basemap.served()} for ${distinct.size} tiles`,
    );
    assert.ok(await frame.$('.leaflet-control-zoom-in'), 'zoom control present');
    const attribution = await frame.textContent('.leaflet-control-attribution');
    assert.match(attribution ?? '', /Test basemap/);
    assert.match(attribution ?? '', /Leaflet/);
    figures.basemapTilesAtFirstDraw = tiles.length;
  });

  it('zooms in when the zoom control is clicked, loading tiles of the next level', async () => {
    const zoomOf = async () => Number(await frame.getAttribute('#map', 'data-zoom'));
    const before = await zoomOf();
    assert.ok(before >= 0 && before < 19, `a zoom level is shown (${before})`);
    await frame.click('.leaflet-control-zoom-in');
    await frame.waitForFunction(
      (z) =>
        Array.from(document.querySelectorAll('img.leaflet-tile-loaded')).some((i) =>
          (i as HTMLImageElement).src.includes(`/${z + 1}/`),
        ),
      before,
      { timeout: 15_000 },
    );
    await frame.waitForSelector(`#map[data-zoom="${before + 1}"]`, { timeout: 5_000 });
  });

  it('runs under a CSP with a nonce and no eval, and has no network besides the basemap', async () => {
    const csp = await frame.$eval('meta[http-equiv="Content-Security-Policy"]', (m) =>
      m.getAttribute('content'),
    );
    assert.match(csp ?? '', /default-src 'none'/);
    assert.match(csp ?? '', /script-src 'nonce-[A-Za-z0-9+/=]{24}'/);
    assert.match(csp ?? '', /connect-src 'none'/);
    assert.doesNotMatch(csp ?? '', /unsafe-eval/);
    assert.match(csp ?? '', /img-src [^;]*http:\/\/127\.0\.0\.1:\d+/);
  });

  it('saves a screenshot of the workbench with the map panel', async () => {
    const file = path.join(outDir, 'open-map.png');
    await suite.page.screenshot({ path: file });
    const tab = suite.page.locator('.tab', { hasText: 'Mapillary Map' });
    assert.equal(await tab.count(), 1, 'the editor tab of the map panel is shown');
  });

  it("reports the extension's activation time as VS Code measured it", async () => {
    const { page } = suite;
    await runCommand(page, 'Developer: Show Running Extensions');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', {
      hasText: 'Mapillary Explorer',
    });
    await row.first().waitFor({ timeout: 20_000 });
    const text = (await row.first().innerText()).replace(/\s+/g, ' ');
    const match = /(\d+)\s*ms/.exec(text);
    assert.ok(match, `an activation time is shown: ${text}`);
    figures.activationMsByVsCode = Number(match[1]);
    figures.activationRow = text;
    await page.screenshot({ path: path.join(outDir, 'running-extensions.png') });
  });
});
