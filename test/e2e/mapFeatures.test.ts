// End to end in the real VS Code host against the emulator: the map opens on the Explorer's area;
// a traffic sign is drawn as its own icon (its pixels compared with the sprite atlas the build
// made); a click on a sign opens its panel with the images that detected it, and a thumbnail opens
// its image in the street-level viewer with the sign's detection highlighted; a feature exports
// from its panel; and every filter applies to the feature layers. (The creator filter, the image
// chooser and the selection across a tab switch are in mapChoices.test.ts.)
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { featureName } from '../../src/shared/map/featureNames';
import type { SpriteIndex } from '../../src/shared/map/spriteIndex';
import { type Emulator } from '../emulator/emulator';
import { repoRoot } from '../support/fixtures';
import { waitFor } from '../support/waitFor';
import { mapFrame, runCommand, type RunningHost } from '../support/vscodeHost';
import { frames, viewerFrame } from './viewerPage';
import { E2E_OUT_DIR as outDir, useE2eSuite } from './e2eSuite';
import {
  centerOn,
  isolatedSign,
  mapBox,
  mapPanelSettings,
  pagePoint,
  settle,
  zoomTo,
} from './mapPage';

describe('end to end: map features and their filters', function () {
  let emulator: Emulator;
  let host: RunningHost;
  let page: Page;
  let frame: Frame;
  let area: number[] = [];
  const suite = useE2eSuite({
    name: 'map-features',
    emulator: { size: 'small' },
    settings: ({ emulator: e }) => {
      if (!e) throw new Error('the suite starts the emulator');
      const given = mapPanelSettings(e);
      area = given.area;
      return given.settings;
    },
  });
  const figures = suite.figures;

  before(() => {
    ({ emulator, host, page } = suite);
  });

  it('opens the map for the first time on the Explorer area, not on the whole world', async () => {
    await runCommand(page, 'Mapillary: Open Map');
    frame = await mapFrame(page);
    await frame.waitForSelector('#map[data-drawn="true"]', { timeout: 30_000 });
    const s = await settle(frame, (st) => st.zoom > 0, 'the first view');
    const [w, south, e, n] = area as [number, number, number, number];
    assert.ok(s.center[1] > w && s.center[1] < e, `centre longitude ${s.center[1]} in the area`);
    assert.ok(s.center[0] > south && s.center[0] < n, `centre latitude ${s.center[0]} in the area`);
    // The world view is zoom 2; the area (about 1 km) fills the map at zoom 14 to 16.
    assert.ok(s.zoom >= 13 && s.zoom <= 17, `zoom ${s.zoom} fits the area`);
    // The whole area is in view.
    const box = await mapBox(frame);
    const [x0, y0] = await pagePoint(frame, n, w);
    const [x1, y1] = await pagePoint(frame, south, e);
    assert.ok(
      x0 >= box.x - 1 &&
        y0 >= box.y - 1 &&
        x1 <= box.x + box.width + 1 &&
        y1 <= box.y + box.height + 1,
    );
    figures.firstOpenZoom = s.zoom;
  });

  it('draws a traffic sign as its own icon: the pixels are those of the sprite atlas', async () => {
    await frame.check('input[name="signs"]');
    const sign = isolatedSign(emulator);
    await zoomTo(frame, 17);
    await centerOn(page, frame, sign.lat, sign.lon);
    await zoomTo(frame, 18);
    await centerOn(page, frame, sign.lat, sign.lon);
    await settle(frame, (s) => s.features > 0, 'signs drawn at z18');
    const indexFile = path.join(repoRoot, 'dist', 'webview', 'sprites.json');
    const index = JSON.parse(readFileSync(indexFile, 'utf8')) as SpriteIndex;
    const rect = index.icons[sign.objectValue];
    assert.ok(rect, `the atlas has an icon for ${sign.objectValue}`);
    const atlas = PNG.sync.read(
      readFileSync(path.join(repoRoot, 'dist', 'webview', 'sprites.png')),
    );
    const [px, py] = await pagePoint(frame, sign.lat, sign.lon);
    const box = await mapBox(frame);
    // The icon's cell as the canvas holds it, a few pixels around where the sign should be.
    const grab = await frame.evaluate(
      ([x, y]) => {
        for (const canvas of document.querySelectorAll<HTMLCanvasElement>('.mly-features canvas')) {
          const r = canvas.getBoundingClientRect();
          if (x < r.left || x >= r.right || y < r.top || y >= r.bottom) continue;
          const dpr = canvas.width / r.width;
          const left = Math.round((x - r.left) * dpr) - 24;
          const top = Math.round((y - r.top) * dpr) - 24;
          const data = canvas.getContext('2d')!.getImageData(left, top, 48, 48).data;
          return { dpr, pixels: Array.from(data) };
        }
        return undefined;
      },
      [px - box.x, py - box.y] as const,
    );
    assert.ok(grab, 'a feature canvas holds the sign');
    assert.equal(grab.dpr, 1, 'the test page has one device pixel per CSS pixel');
    const [ax, ay, aw, ah] = rect;
    const ox = Math.floor((index.cell - aw) / 2);
    const oy = Math.floor((index.cell - ah) / 2);
    // The best placement within a few pixels (tile coordinates round to a pixel at z18).
    let best = { diff: Infinity, compared: 0 };
    for (let dy = 0; dy <= 16; dy++) {
      for (let dx = 0; dx <= 16; dx++) {
        let diff = 0;
        let compared = 0;
        for (let y = 0; y < ah; y++) {
          for (let x = 0; x < aw; x++) {
            const a = ((ay + y) * atlas.width + ax + x) * 4;
            if ((atlas.data[a + 3] ?? 0) < 250) continue;
            const c = ((dy + oy + y) * 48 + dx + ox + x) * 4;
            for (let k = 0; k < 3; k++)
              diff += Math.abs((atlas.data[a + k] ?? 0) - (grab.pixels[c + k] ?? 0));
            compared++;
          }
        }
        if (compared && diff / compared < best.diff) best = { diff: diff / compared, compared };
      }
    }
    figures.iconPixelsCompared = best.compared;
    figures.iconMeanDifference = Number(best.diff.toFixed(2));
    assert.ok(best.compared > 100, `opaque icon pixels compared (${best.compared})`);
    // Exact copies differ by rounding only; the fallback glyph or another icon differ by far more.
    assert.ok(best.diff < 6, `the sign is drawn with its icon (mean difference ${best.diff})`);
    await page.screenshot({ path: path.join(outDir, 'map-features-sign-icon.png') });
  });

  it('opens a clicked sign in its panel, and one of its images with the detection highlighted', async () => {
    const sign = isolatedSign(emulator);
    const [x, y] = await pagePoint(frame, sign.lat, sign.lon);
    await page.mouse.move(x, y);
    await frame.waitForFunction(
      (value) => document.getElementById('map')?.dataset.hoverValue === value,
      sign.objectValue,
      { timeout: 5_000 },
    );
    await page.mouse.click(x, y);
    const panel = await frame.waitForSelector(
      `.mly-feature-panel[data-state="ready"][data-feature-id="${sign.id}"]`,
      { timeout: 30_000 },
    );
    assert.equal(
      (await panel.$eval('h2', (h) => h.textContent))?.trim(),
      featureName(sign.objectValue),
    );
    const shown = await panel.$$eval('.mly-feature-image', (els) =>
      els.map((e) => ({
        image: (e as HTMLElement).dataset.imageId ?? '',
        detection: (e as HTMLElement).dataset.detectionId ?? '',
        picture: e.querySelector('img') !== null,
      })),
    );
    assert.deepEqual(
      shown.map((s) => s.image).sort(),
      [...new Set(sign.imageIds)].sort(),
      'every image that detected the sign is listed',
    );
    assert.ok(
      shown.every((s) => s.picture),
      'each with its thumbnail',
    );
    const fields = await panel.$$eval('.mly-fields th', (ths) => ths.map((t) => t.textContent));
    assert.ok(fields.includes('First seen') && fields.includes('Facing'), fields.join());
    await page.screenshot({ path: path.join(outDir, 'map-features-panel.png') });
    const first = shown[0]!;
    assert.ok(
      sign.detectionIds.includes(first.detection),
      'the thumbnail names the sign detection',
    );
    await panel.$eval(`.mly-feature-image[data-image-id="${first.image}"]`, (b) =>
      (b as HTMLElement).click(),
    );
    // The street-level viewer shows it, the sign's detection highlighted.
    const viewer = await viewerFrame(page);
    await viewer.waitForSelector(
      `#viewer[data-image-id="${first.image}"][data-highlighted="${first.detection}"]`,
      { timeout: 60_000 },
    );
    await frames(viewer, 10);
    await page.screenshot({ path: path.join(outDir, 'map-features-detection.png') });
    // The viewer's tab is closed again, so the rest of the suite has the map to itself.
    const viewerTab = page.locator('.tab', { hasText: 'Mapillary Viewer' });
    await viewerTab.locator('.tab-actions .action-label').click({ force: true });
    await viewerTab.waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('exports a map feature from its panel', async () => {
    const sign = isolatedSign(emulator);
    const [x, y] = await pagePoint(frame, sign.lat, sign.lon);
    await page.mouse.click(x, y);
    await frame.waitForSelector(
      `.mly-feature-panel[data-state="ready"][data-feature-id="${sign.id}"]`,
    );
    await frame.click('.mly-feature-panel .mly-export');
    const output = path.join(host.workspaceDir, 'mapillary-export', 'map-features.geojson');
    await waitFor('the map feature export', () => existsSync(output) || undefined, {
      timeoutMs: 60_000,
    });
    await waitFor(
      'the export to hold the feature',
      () => {
        const text = readFileSync(output, 'utf8');
        return text.includes(sign.id) || undefined;
      },
      { timeoutMs: 60_000 },
    );
    const geojson = JSON.parse(readFileSync(output, 'utf8')) as {
      features: { properties: { id?: string; object_value?: string; object_name?: string } }[];
    };
    assert.ok(geojson.features.length >= 1);
    assert.ok(geojson.features.every((f) => f.properties.object_value === sign.objectValue));
    assert.ok(
      geojson.features.every((f) => f.properties.object_name === featureName(sign.objectValue)),
    );
    await frame.click('.mly-feature-panel .mly-close');
  });

  it('applies every filter to the map features: seen dates, value toggles and wildcards', async () => {
    await frame.check('input[name="points"]');
    await zoomTo(frame, 16);
    const redrawn = (ok: (n: number) => boolean = () => true) =>
      settle(frame, (s) => ok(s.features), 'features redrawn');
    const base = (await redrawn((n) => n > 0)).features;
    const tilesBefore = emulator.count('tiles:');
    const setDate = async (name: string, value: string) => {
      await frame.fill(`input[name="${name}"]`, value);
      await frame.dispatchEvent(`input[name="${name}"]`, 'change');
    };
    // Seen dates: the features' sightings span a known range.
    const seen = emulator.dataset.mapFeatures.map((f) => f.lastSeenAt).sort((a, b) => a - b);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    await setDate('fromDate', '2100-01-01');
    assert.equal((await redrawn((n) => n === 0)).features, 0, 'nothing seen after 2100');
    await setDate('fromDate', day(seen[Math.floor(seen.length / 2)]!));
    const later = (await redrawn()).features;
    assert.ok(later > 0 && later < base, `seen since the median day: ${later} of ${base}`);
    await setDate('fromDate', '');
    await setDate('toDate', '2000-01-01');
    assert.equal((await redrawn((n) => n === 0)).features, 0, 'nothing first seen before 2000');
    await setDate('toDate', '');
    assert.equal((await redrawn((n) => n === base)).features, base);
    // A legend toggle hides one value.
    const value = await frame.$eval(
      '.mly-legend-value input',
      (input) => (input as HTMLInputElement).dataset.value ?? '',
    );
    await frame.uncheck(`.mly-legend-value input[data-value="${value}"]`);
    const without = (await redrawn((n) => n < base)).features;
    assert.ok(without < base, `hiding ${value} drew fewer (${without} < ${base})`);
    await frame.check(`.mly-legend-value input[data-value="${value}"]`);
    await redrawn((n) => n === base);
    // The text box keeps what its wildcards match.
    await frame.fill('input[name="values"]', 'regulatory--*');
    await frame.dispatchEvent('input[name="values"]', 'change');
    const regulatory = (await redrawn((n) => n < base)).features;
    assert.ok(regulatory > 0, 'regulatory signs are kept');
    await frame.fill('input[name="values"]', 'nothing--like--this*');
    await frame.dispatchEvent('input[name="values"]', 'change');
    assert.equal((await redrawn((n) => n === 0)).features, 0);
    await frame.fill('input[name="values"]', '');
    await frame.dispatchEvent('input[name="values"]', 'change');
    assert.equal((await redrawn((n) => n === base)).features, base);
    assert.equal(emulator.count('tiles:'), tilesBefore, 'filters fetched no tile');
    figures.featuresAtZ16 = base;
    figures.regulatoryAtZ16 = regulatory;
    figures.featuresSeenSinceMedian = later;
    await frame.uncheck('input[name="points"]');
    await frame.uncheck('input[name="signs"]');
  });
});
