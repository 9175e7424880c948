// End to end in the real VS Code host: the workspace's own geodata on the map. A GeoJSON file is
// shown from the Explorer's context menu, a GeoPackage and a FlatGeobuf file from the command
// palette with the file open; each gets its legend row with its feature count and its pixels on
// the map, and its toggle takes the pixels away and brings them back. A projected file is refused
// with what to do. A point file's points are listed, and choosing one moves the map there and lists
// the images looking at it (a search in the Explorer, its best image opened); so does the button
// of a point's popup on the map. A polygon file becomes the area.
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { serialize } from 'flatgeobuf/lib/mjs/geojson.js';
import type { Frame, Locator, Page } from 'playwright-core';
import { writeGeoPackage } from '../../src/core/gis/geoPackageWriter';
import { mapFrame, runCommand } from '../support/vscodeHost';
import { clickExplorerFile, explorerRow } from '../support/explorerView';
import { waitFor } from '../support/waitFor';
import { chooseMenuEntry, menuEntry } from './contextMenu';
import { useE2eSuite } from './e2eSuite';
import { toast } from './toasts';
import { pagePoint, status } from './mapPage';

const PLACES = {
  type: 'FeatureCollection',
  features: [
    { name: 'Hydrant A', at: [13.0038, 55.605] },
    { name: 'Hydrant B', at: [13.0062, 55.6041] },
    { name: 'Street light C', at: [13.001, 55.6062] },
  ]
    .map(({ name, at }) => ({
      type: 'Feature',
      properties: { name, checked: false },
      geometry: { type: 'Point', coordinates: at },
    }))
    .concat([
      {
        type: 'Feature',
        properties: { name: 'Park', checked: false },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [12.999, 55.603],
              [13.008, 55.603],
              [13.008, 55.607],
              [12.999, 55.607],
              [12.999, 55.603],
            ],
          ],
        } as never,
      },
    ]),
};

const AREA = {
  type: 'Feature',
  properties: {},
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [12.99, 55.59],
        [13.02, 55.59],
        [13.01, 55.61],
        [12.99, 55.59],
      ],
    ],
  },
};

async function* once<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

/** The Explorer's search that "Images Looking at Here" makes for Hydrant B, with its count. */
const LOOKING_AT_B = /Images looking at 13\.0062,55\.6041 \((\d+)\)/;

/** The street-level viewer's tab, where the best image of a point query opens. */
function imageTab(page: Page): Locator {
  return page.locator('.tabs-container .tab', { hasText: 'Mapillary Viewer' }).first();
}

/** Pixels drawn by an overlay's layer (alpha above zero), over all its tile canvases. */
async function overlayPixels(frame: Frame, id: string): Promise<number> {
  return frame.evaluate((cls) => {
    let n = 0;
    for (const canvas of document.querySelectorAll<HTMLCanvasElement>(`.${cls} canvas`)) {
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (!data) continue;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    }
    return n;
  }, `mly-overlay-${id}`);
}

/**
 * Waits for an overlay's legend row to say it was drawn; returns its id and feature count. The map
 * reloads its page when its tab is hidden and shown again (opening a file in its group does that),
 * so the map's frame is looked up afresh each time.
 */
async function drawnRow(page: Page, name: string): Promise<{ id: string; features: number }> {
  return waitFor(
    `${name} drawn on the map`,
    async () => {
      const frame = await mapFrame(page);
      const row = frame.locator('.mly-overlay-row[data-state="shown"]', { hasText: name });
      if ((await row.count().catch(() => 0)) === 0) return undefined;
      const id = await row.getAttribute('data-overlay-id', { timeout: 1000 }).catch(() => null);
      const features = await row.getAttribute('data-features', { timeout: 1000 }).catch(() => null);
      return id && features ? { id, features: Number(features) } : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 200 },
  );
}

/** Waits until an overlay's pixels on the map satisfy `ok`. */
async function pixelsUntil(
  page: Page,
  id: string,
  what: string,
  ok: (n: number) => boolean,
): Promise<number> {
  return waitFor(what, async () => {
    const n = await overlayPixels(await mapFrame(page), id).catch(() => undefined);
    return n !== undefined && ok(n) ? n : undefined;
  });
}

describe('end to end: files of the workspace on the map', function () {
  const suite = useE2eSuite({ name: 'overlays', emulator: { size: 'small' } });
  let page: Page;
  let frame: Frame;
  let workspace: string;

  /**
   * Right-clicks a file in the Explorer and runs an item of its context menu. Right after start-up
   * the menu may open before the extension's items are known: it is closed and opened again until
   * the item is there.
   */
  async function fileMenu(relative: string, item: string): Promise<void> {
    await waitFor(
      `"${item}" in the context menu of ${relative}`,
      async () => {
        await clickExplorerFile(page, relative, 'right');
        try {
          await menuEntry(page, item).waitFor({ timeout: 2_000 });
        } catch {
          await page.keyboard.press('Escape');
          return false;
        }
        await chooseMenuEntry(page, item);
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  }

  before(async () => {
    page = suite.page;
    workspace = suite.host.workspaceDir;
    const data = path.join(workspace, 'data');
    mkdirSync(data, { recursive: true });
    writeFileSync(path.join(data, 'places.geojson'), JSON.stringify(PLACES, null, 1));
    writeFileSync(path.join(data, 'area.geojson'), JSON.stringify(AREA));
    writeFileSync(
      path.join(data, 'projected.geojson'),
      JSON.stringify({ type: 'Point', coordinates: [374_000, 6_163_000] }),
    );
    const lines = [0, 1].map((i) => ({
      geometry: {
        type: 'LineString' as const,
        coordinates: [
          [13.0 + i / 200, 55.6],
          [13.0 + i / 200, 55.61],
        ] as [number, number][],
      },
      values: { route: `R${i}` },
    }));
    const stops = [0, 1, 2].map((i) => ({
      geometry: { type: 'Point' as const, coordinates: [13.0 + i / 200, 55.6] as [number, number] },
      values: { stop: `S${i}` },
    }));
    await writeGeoPackage(path.join(data, 'routes.gpkg'), [
      {
        name: 'routes',
        geometryType: 'LineString',
        columns: [{ name: 'route', type: 'text' }],
        features: once(lines),
      },
      {
        name: 'stops',
        geometryType: 'Point',
        columns: [{ name: 'stop', type: 'text' }],
        features: once(stops),
      },
    ]);
    const assets = {
      type: 'FeatureCollection' as const,
      features: [0, 1, 2, 3].map((i) => ({
        type: 'Feature' as const,
        properties: { asset: `pole ${i}` },
        geometry: { type: 'Point' as const, coordinates: [13.002 + i / 1000, 55.602] },
      })),
    };
    writeFileSync(path.join(data, 'assets.fgb'), serialize(assets, 4326));
    // The files were written after the workbench opened: the Explorer is refreshed until it shows
    // them (a loaded machine may be out of file watches).
    await explorerRow(page, 'data');
  });

  it('shows a GeoJSON file from the Explorer context menu, and toggles it', async () => {
    const started = Date.now();
    await fileMenu('data/places.geojson', 'Show on Map');
    const places = await drawnRow(page, 'places.geojson');
    suite.figures.geojsonShownMs = Date.now() - started;
    frame = await mapFrame(page);
    assert.equal(places.features, 4);
    assert.match(
      (await frame.textContent(`[data-overlay-id="${places.id}"]`)) ?? '',
      /3 points · 1 polygon/,
    );
    const drawn = await overlayPixels(frame, places.id);
    assert.ok(drawn > 100, `the file's pixels are on the map (${drawn})`);
    // The map fitted itself to the file.
    const s = await status(frame);
    assert.ok(s.zoom >= 14, `zoomed to the file (${s.zoom})`);

    const toggle = frame.locator(`[data-overlay-id="${places.id}"] input[type="checkbox"]`);
    await toggle.click();
    await waitFor(
      'the hidden overlay to leave the map',
      async () => (await overlayPixels(frame, places.id)) === 0,
    );
    await toggle.click();
    await waitFor(
      'the overlay to come back',
      async () => (await overlayPixels(frame, places.id)) > 100,
    );
  });

  it('shows a GeoPackage and a FlatGeobuf file from the palette with the file open', async () => {
    await clickExplorerFile(page, 'data/routes.gpkg');
    await page.locator('.tab.active', { hasText: 'routes.gpkg' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'Mapillary: Show File on Map');
    const routes = await drawnRow(page, 'routes.gpkg');
    assert.equal(routes.features, 5, 'both layers: two routes and three stops');
    await pixelsUntil(page, routes.id, 'the GeoPackage drawn', (n) => n > 50);

    await clickExplorerFile(page, 'data/assets.fgb');
    await page.locator('.tab.active', { hasText: 'assets.fgb' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'Mapillary: Show File on Map');
    const assets = await drawnRow(page, 'assets.fgb');
    assert.equal(assets.features, 4);
    await pixelsUntil(page, assets.id, 'the FlatGeobuf drawn', (n) => n > 50);
    // Three files, three rows, each drawn again after the page reloads.
    await drawnRow(page, 'places.geojson');
    await drawnRow(page, 'routes.gpkg');
    frame = await mapFrame(page);
    assert.equal(await frame.locator('.mly-overlay-row[data-state="shown"]').count(), 3);
  });

  it('refuses a projected file, saying how to reproject it', async () => {
    await fileMenu('data/projected.geojson', 'Show on Map');
    await toast(page, /projected.*EPSG:4326/).waitFor({ timeout: 60_000 });
    frame = await mapFrame(page);
    const failed = frame.locator('.mly-overlay-row[data-state="failed"]', {
      hasText: 'projected.geojson',
    });
    await failed.waitFor({ timeout: 10_000 });
    assert.match((await failed.textContent()) ?? '', /ogr2ogr -t_srs EPSG:4326/);
  });

  it("lists a point file's points; choosing one moves the map there and asks for the images looking at it", async () => {
    await clickExplorerFile(page, 'data/places.geojson');
    await page.locator('.tab.active', { hasText: 'places.geojson' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'Mapillary: List Points of File');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: 10_000 });
    const labels = await rows.allInnerTexts();
    for (const name of ['Hydrant A', 'Hydrant B', 'Street light C']) {
      assert.ok(
        labels.some((l) => l.includes(name)),
        `${name} is listed: ${labels.join(' | ')}`,
      );
    }
    await input.fill('Hydrant B');
    await page
      .locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Hydrant B' })
      .waitFor();
    await page.keyboard.press('Enter');
    // The search is in the Explorer with its count, and its best image opens.
    const search = page.locator('.part.sidebar .monaco-list-row', { hasText: LOOKING_AT_B });
    await search.first().waitFor({ timeout: 60_000 });
    const lookingAtB = Number(LOOKING_AT_B.exec(await search.first().innerText())?.[1]);
    assert.ok(lookingAtB > 0, `images look at Hydrant B in the emulator (${lookingAtB})`);
    await imageTab(page).waitFor({ timeout: 60_000 });
    // The image opened in the viewer; on the map's tab, the map shows Hydrant B.
    await page.locator('.tabs-container .tab', { hasText: 'Mapillary Map' }).click();
    await waitFor('the map at Hydrant B', async () => {
      frame = await mapFrame(page);
      const s = await status(frame).catch(() => undefined);
      if (!s) return false;
      return (
        s.zoom === 18 &&
        Math.abs(s.center[0] - 55.6041) < 1e-4 &&
        Math.abs(s.center[1] - 13.0062) < 1e-4
      );
    });
  });

  it("offers the images looking at a point from the point's popup on the map", async () => {
    // Clicks Hydrant B until its popup shows: the first click into the webview may only give it
    // the focus.
    const popupOfB = async (): Promise<Locator> => {
      let shown: Locator | undefined;
      await waitFor(
        "Hydrant B's popup",
        async () => {
          frame = await mapFrame(page);
          shown = frame.locator('.mly-overlay-popup', { hasText: 'Hydrant B' });
          if (await shown.isVisible()) return true;
          const [x, y] = await pagePoint(frame, 55.6041, 13.0062);
          await page.mouse.click(x, y);
          return shown.waitFor({ timeout: 3_000 }).then(
            () => true,
            () => false,
          );
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      return shown!;
    };
    const popup = await popupOfB();
    assert.match((await popup.textContent()) ?? '', /checked\s*false/);
    // The image the list of points opened is closed: the button opens it again.
    await imageTab(page).locator('.tab-actions .action-label').click({ force: true });
    await imageTab(page).waitFor({ state: 'detached', timeout: 10_000 });
    // Closing the tab resizes the map, which can move the popup from under a click that then
    // lands on the map: the button is clicked again (its popup opened again) until the viewer
    // opens.
    await waitFor(
      'the viewer opened from the popup',
      async () => {
        const button = (await popupOfB()).locator('button', { hasText: 'Images looking at here' });
        await button.click();
        return imageTab(page)
          .waitFor({ timeout: 20_000 })
          .then(
            () => true,
            () => false,
          );
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
  });

  it('makes a polygon file the area from the palette', async () => {
    // From the palette with the file open (the file menu holds the Explorer's own "Use as Area").
    await clickExplorerFile(page, 'data/area.geojson');
    await page.locator('.tab.active', { hasText: 'area.geojson' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'Mapillary: Use File as Area');
    await toast(page, 'the area is now data/area.geojson').waitFor({ timeout: 30_000 });
    const settings = JSON.parse(
      readFileSync(path.join(workspace, '.vscode', 'settings.json'), 'utf8'),
    ) as Record<string, unknown>;
    assert.equal(settings['mapillary.area'], 'data/area.geojson');
  });
});
