// End to end in the real VS Code host: the workspace's own geodata on the map. A GeoJSON file is
// shown from the Explorer's context menu, a GeoPackage and a FlatGeobuf file from the command
// palette with the file open; each gets its legend row with its feature count and its pixels on
// the map, and its toggle takes the pixels away and brings them back. A projected file is refused
// with what to do. A point file's points are listed, and choosing one moves the map there and asks
// for the images looking at it; so does the button of a point's popup on the map. A polygon file
// becomes the area.
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { serialize } from 'flatgeobuf/lib/mjs/geojson.js';
import type { Frame, Locator, Page } from 'playwright-core';
import { writeGeoPackage } from '../../src/core/gis/geoPackageWriter';
import { mapFrame, runCommand } from '../support/vscodeHost';
import { waitFor } from '../support/waitFor';
import { useE2eSuite } from './e2eSuite';
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

function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
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

/** Waits for an overlay's legend row to say it was drawn; returns its feature count. */
async function drawnRow(frame: Frame, name: string): Promise<{ id: string; features: number }> {
  const row = frame.locator('.mly-overlay-row', { hasText: name });
  await row.and(frame.locator('[data-state="shown"]')).waitFor({ timeout: 120_000 });
  return {
    id: (await row.getAttribute('data-overlay-id')) ?? '',
    features: Number(await row.getAttribute('data-features')),
  };
}

describe('end to end: files of the workspace on the map', function () {
  const suite = useE2eSuite({ name: 'overlays', emulator: { size: 'small' } });
  let page: Page;
  let frame: Frame;
  let workspace: string;

  /** Clicks a file in the Explorer (opening the folders on the way) with the given button. */
  async function explorerFile(relative: string, button: 'left' | 'right'): Promise<void> {
    await page.keyboard.press('Control+Shift+E');
    const parts = relative.split('/');
    for (const [i, part] of parts.entries()) {
      const row = page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: part })
        .first();
      await row.waitFor({ timeout: 15_000 });
      if (i < parts.length - 1) {
        if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      } else if (button === 'right') await row.click({ button: 'right' });
      else await row.dblclick();
    }
  }

  async function contextMenu(item: string): Promise<void> {
    await page.locator('.monaco-menu .action-item', { hasText: item }).first().click();
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
  });

  it('shows a GeoJSON file from the Explorer context menu, and toggles it', async () => {
    const started = Date.now();
    await explorerFile('data/places.geojson', 'right');
    await contextMenu('Show on Map');
    frame = await mapFrame(page);
    const places = await drawnRow(frame, 'places.geojson');
    suite.figures.geojsonShownMs = Date.now() - started;
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
    await explorerFile('data/routes.gpkg', 'left');
    await page.locator('.tab.active', { hasText: 'routes.gpkg' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'Mapillary: Show File on Map');
    const routes = await drawnRow(frame, 'routes.gpkg');
    assert.equal(routes.features, 5, 'both layers: two routes and three stops');
    await waitFor('the GeoPackage drawn', async () => (await overlayPixels(frame, routes.id)) > 50);

    await explorerFile('data/assets.fgb', 'left');
    await page.locator('.tab.active', { hasText: 'assets.fgb' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'Mapillary: Show File on Map');
    const assets = await drawnRow(frame, 'assets.fgb');
    assert.equal(assets.features, 4);
    await waitFor('the FlatGeobuf drawn', async () => (await overlayPixels(frame, assets.id)) > 50);
    // Three files, three rows, each still drawn.
    assert.equal(await frame.locator('.mly-overlay-row[data-state="shown"]').count(), 3);
  });

  it('refuses a projected file, saying how to reproject it', async () => {
    await explorerFile('data/projected.geojson', 'right');
    await contextMenu('Show on Map');
    await toast(page, /projected.*EPSG:4326/).waitFor({ timeout: 60_000 });
    const failed = frame.locator('.mly-overlay-row[data-state="failed"]', {
      hasText: 'projected.geojson',
    });
    await failed.waitFor({ timeout: 10_000 });
    assert.match((await failed.textContent()) ?? '', /ogr2ogr -t_srs EPSG:4326/);
  });

  it("lists a point file's points; choosing one moves the map there and asks for the images looking at it", async () => {
    await explorerFile('data/places.geojson', 'left');
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
    await toast(page, '13.006200,55.604100').waitFor({ timeout: 30_000 });
    frame = await mapFrame(page);
    await waitFor('the map at Hydrant B', async () => {
      const s = await status(frame);
      return (
        s.zoom === 18 &&
        Math.abs(s.center[0] - 55.6041) < 1e-4 &&
        Math.abs(s.center[1] - 13.0062) < 1e-4
      );
    });
  });

  it("offers the images looking at a point from the point's popup on the map", async () => {
    const [x, y] = await pagePoint(frame, 55.6041, 13.0062);
    await page.mouse.click(x, y);
    const popup = frame.locator('.mly-overlay-popup', { hasText: 'Hydrant B' });
    await popup.waitFor({ timeout: 15_000 });
    assert.match((await popup.textContent()) ?? '', /checked\s*false/);
    await runCommand(page, 'Notifications: Clear All Notifications');
    await toast(page, '13.006200,55.604100').waitFor({ state: 'detached', timeout: 10_000 });
    await popup.locator('button', { hasText: 'Images looking at here' }).click();
    await toast(page, '13.006200,55.604100').waitFor({ timeout: 30_000 });
  });

  it('makes a polygon file the area', async () => {
    await explorerFile('data/area.geojson', 'right');
    await contextMenu('Use File as Area');
    await toast(page, 'the area is now data/area.geojson').waitFor({ timeout: 30_000 });
    const settings = JSON.parse(
      readFileSync(path.join(workspace, '.vscode', 'settings.json'), 'utf8'),
    ) as Record<string, unknown>;
    assert.equal(settings['mapillary.area'], 'data/area.geojson');
  });
});
