// End to end in the real VS Code host against the emulator: the map draws Mapillary's coverage
// through the host at every zoom level, layers and filters change what is drawn, a failed tile is
// marked, clicking an image opens its panel with its detections drawn where their geometry says,
// box selection counts images, and the view survives hiding and reloading. Every message crossing
// the webview boundary, every request and the final DOM are searched for the token.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { decodeDetectionGeometry } from '../../src/shared/detections/detectionGeometry';
import { featureName } from '../../src/shared/map/featureNames';
import {
  interiorPoint,
  pointInPolygon,
  type DetectionShape,
} from '../../src/shared/map/detectionPixels';
import { type Emulator } from '../emulator/emulator';
import { startGraphRewriter, type GraphRewriter } from '../support/graphRewriter';
import { mapFrame, runCommand, type RunningHost } from '../support/vscodeHost';
import { E2E_OUT_DIR as outDir, useE2eSuite } from './e2eSuite';
import { toast } from './toasts';
import { answer } from './quickInput';
import { RECORDER, recordAllFrames } from './messageRecorder';
import {
  centerOn,
  holdStill,
  mapBox,
  mapGone,
  pagePoint,
  project,
  settle,
  status,
  type MapStatus,
} from './mapPage';

/**
 * Hovers an image's point until the map names it, then clicks it, and returns the panel once it
 * shows the image. The image should be in view, clear of other points.
 */
async function clickImage(page: Page, frame: Frame, imageId: string, lat: number, lng: number) {
  const [x, y] = await pagePoint(frame, lat, lng);
  await page.mouse.move(x, y);
  await frame.waitForFunction(
    (id) => document.getElementById('map')?.dataset.hover?.includes(id) ?? false,
    imageId,
    { timeout: 5_000 },
  );
  await page.mouse.click(x, y);
  // Where several images are under the pointer, the chooser lists them: pick this one.
  const opened = `.mly-image-panel[data-image-id="${imageId}"]`;
  const choice = `.mly-chooser .mly-choice[data-image-id="${imageId}"]`;
  await frame.waitForSelector(`${opened}, ${choice}`, { timeout: 30_000 });
  if (await frame.$(choice)) await frame.click(choice);
  return frame.waitForSelector(`.mly-image-panel[data-state="ready"][data-image-id="${imageId}"]`, {
    timeout: 30_000,
  });
}

describe('end to end: the Mapillary map against the emulator', function () {
  let graph: GraphRewriter;
  const suite = useE2eSuite({
    name: 'map',
    emulator: { size: 'small' },
    basemap: true,
    // Graph calls go through a pass-through that can answer what the emulator does not.
    settings: async ({ emulator }) => {
      if (!emulator) throw new Error('the suite starts the emulator');
      graph = await startGraphRewriter(emulator.graphUrl);
      suite.onClose(() => graph.close());
      return {
        'mapillary.api.graphUrl': graph.url,
        // Markup in the attribution must show as text, never be rendered.
        'mapillary.basemap.attribution': 'Test basemap <img id="injected" src="x">',
        // This suite tests the map's own image panel: clicks leave the street-level viewer closed.
        'mapillary.viewer.openOnMapClick': false,
      };
    },
  });
  let emulator: Emulator;
  let host: RunningHost;
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
    ({ emulator, host, page } = suite);
    // Zoom in on an image with detections near the middle of the emulated city, so every level
    // down to z20 has coverage in view.
    const [lng0, lat0] = emulator.dataset.center;
    const near = emulator.dataset.images
      .filter((img) => img.detectionIds.length >= 2)
      .sort(
        (a, b) => Math.hypot(a.lat - lat0, a.lon - lng0) - Math.hypot(b.lat - lat0, b.lon - lng0),
      )[0];
    assert.ok(near, 'the dataset has an image with detections');
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

  it('opens a clicked image with its picture, fields and detections drawn where their geometry says', async () => {
    const s = await status(frame);
    // The image with detections nearest the middle of the view.
    const [cx, cy] = project(s.center[0], s.center[1], s.zoom);
    const candidates = emulator.dataset.images
      .filter((img) => img.detectionIds.length >= 2)
      .map((img) => {
        const [px, py] = project(img.lat, img.lon, s.zoom);
        return { img, d: Math.hypot(px - cx, py - cy) };
      })
      .sort((a, b) => a.d - b.d);
    const target = candidates[0]?.img;
    assert.ok(target, 'an image with detections');
    // Centre it so the click is well inside the map, then click exactly on it.
    const [tx, ty] = await pagePoint(frame, target.lat, target.lon);
    const box = await mapBox(frame);
    await page.mouse.move(tx, ty);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2, { steps: 6 });
    await holdStill(frame);
    await page.mouse.up();
    await settle(frame, (st) => st.images > 0, 'images after the pan');
    const panel = await clickImage(page, frame, target.id, target.lat, target.lon);
    const fields = await panel.$$eval('.mly-fields th', (ths) => ths.map((t) => t.textContent));
    assert.ok(fields.includes('Captured') && fields.includes('Sequence'), fields.join());
    await frame.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.mly-picture img');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    // The same detections, fetched here directly, decoded and checked pixel by pixel.
    const response = await fetch(
      `${emulator.graphUrl}/${target.id}/detections?fields=id,value,geometry`,
      { headers: { Authorization: `OAuth ${emulator.clientToken}` } },
    );
    const body = (await response.json()) as {
      data: { id: string; value: string; geometry: string }[];
    };
    const shapes: DetectionShape[] = body.data.map((d) => {
      const decoded = decodeDetectionGeometry(d.geometry);
      assert.ok(decoded.ok);
      return {
        id: d.id,
        value: d.value,
        polygons: decoded.value.features.flatMap((f) => f.polygons),
      };
    });
    const polygonsExpected = shapes.reduce((n, sh) => n + sh.polygons.length, 0);
    const drawnPolygons = Number(await frame.getAttribute('.mly-detections', 'data-polygons'));
    assert.equal(drawnPolygons, polygonsExpected, 'every polygon drawn');
    const pixelAt = (nx: number, ny: number) =>
      frame.$eval(
        '.mly-detections',
        (canvas, [fx, fy]) => {
          const c = canvas as HTMLCanvasElement;
          const ctx = c.getContext('2d')!;
          const px = Math.min(c.width - 1, Math.floor(fx! * c.width));
          const py = Math.min(c.height - 1, Math.floor(fy! * c.height));
          return Array.from(ctx.getImageData(px, py, 1, 1).data);
        },
        [nx, ny],
      );
    const insideAny = (nx: number, ny: number) =>
      shapes.some((sh) => sh.polygons.some((rings) => pointInPolygon(rings, nx, ny)));
    // A probe inside the first polygon, away from every other detection's outline.
    const first = shapes.find((sh) => sh.polygons.length > 0)!;
    const probe = interiorPoint(first.polygons[0]!)!;
    assert.ok(probe);
    const inside = await pixelAt(probe[0], probe[1]);
    assert.ok((inside[3] ?? 0) > 0, `the polygon is drawn at its interior (${inside.join()})`);
    let outsideProbe: [number, number] | undefined;
    for (let i = 1; i < 20 && !outsideProbe; i++) {
      for (let j = 1; j < 20 && !outsideProbe; j++) {
        const p: [number, number] = [i / 20, j / 20];
        const near = [-0.02, 0, 0.02].some((dx) =>
          [-0.02, 0, 0.02].some((dy) => insideAny(p[0] + dx, p[1] + dy)),
        );
        if (!near) outsideProbe = p;
      }
    }
    assert.ok(outsideProbe);
    const outside = await pixelAt(outsideProbe[0], outsideProbe[1]);
    assert.equal(outside[3], 0, 'nothing drawn away from every polygon');
    // Another panel size: the overlay follows the picture, and the polygon is still where its
    // geometry says.
    const sizeBefore = await frame.getAttribute('.mly-detections', 'width');
    await page.setViewportSize({ width: 1150, height: 820 });
    await frame.waitForFunction(
      (w) => document.querySelector('.mly-detections')?.getAttribute('width') !== w,
      sizeBefore,
      { timeout: 5_000 },
    );
    const resized = await frame.$eval('.mly-detections', (c) => {
      const box = c.getBoundingClientRect();
      return {
        css: [box.width, box.height],
        px: [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height],
      };
    });
    assert.equal(resized.px[0], Math.round(resized.css[0]!), 'overlay width in device pixels');
    assert.equal(resized.px[1], Math.round(resized.css[1]!), 'overlay height in device pixels');
    assert.ok(((await pixelAt(probe[0], probe[1]))[3] ?? 0) > 0, 'still drawn at its interior');
    assert.equal((await pixelAt(outsideProbe[0], outsideProbe[1]))[3], 0);
    figures.overlayPixelsResized = resized.px.join('x');
    await page.setViewportSize({ width: 1400, height: 900 });
    await frame.waitForFunction(
      (w) => document.querySelector('.mly-detections')?.getAttribute('width') === w,
      sizeBefore,
      { timeout: 5_000 },
    );
    // Hover shows the class; the class toggle hides it.
    const canvasBox = (await (await frame.$('.mly-detections'))!.boundingBox())!;
    const topmost = [...shapes]
      .reverse()
      .find((sh) => sh.polygons.some((rings) => pointInPolygon(rings, probe[0], probe[1])))!;
    await page.mouse.move(
      canvasBox.x + probe[0] * canvasBox.width,
      canvasBox.y + probe[1] * canvasBox.height,
    );
    await frame.waitForFunction(
      (value) => document.querySelector('.mly-detection-label')?.textContent === value,
      topmost.value,
      { timeout: 5_000 },
    );
    await page.screenshot({ path: path.join(outDir, 'map-image-panel.png') });
    for (const value of new Set(shapes.map((sh) => sh.value))) {
      await frame.uncheck(`.mly-classes input[data-class="${value}"]`);
    }
    assert.equal((await pixelAt(probe[0], probe[1]))[3], 0, 'hidden classes are not drawn');
    for (const value of new Set(shapes.map((sh) => sh.value))) {
      await frame.check(`.mly-classes input[data-class="${value}"]`);
    }
    figures.detectionPolygons = polygonsExpected;
    figures.overlayPixels = `${await frame.getAttribute('.mly-detections', 'width')}x${await frame.getAttribute('.mly-detections', 'height')}`;
    await frame.click('.mly-close');
  });

  it('opens an image whose detections break every limit, saying what was left out', async () => {
    const s = await status(frame);
    const [cx, cy] = project(s.center[0], s.center[1], s.zoom);
    const at = (img: { lat: number; lon: number }) => project(img.lat, img.lon, s.zoom);
    const box = (await (await frame.$('#map'))!.boundingBox())!;
    // The image nearest the middle whose point stands clear of every other image's.
    const target = emulator.dataset.images
      .map((img) => ({ img, p: at(img) }))
      .filter(
        ({ p }) => Math.abs(p[0] - cx) < box.width / 4 && Math.abs(p[1] - cy) < box.height / 4,
      )
      .filter(({ img, p }) =>
        emulator.dataset.images.every((o) => {
          const q = at(o);
          return o.id === img.id || Math.hypot(q[0] - p[0], q[1] - p[1]) > 14;
        }),
      )
      .sort(
        (a, b) => Math.hypot(a.p[0] - cx, a.p[1] - cy) - Math.hypot(b.p[0] - cx, b.p[1] - cy),
      )[0]?.img;
    assert.ok(target, 'an image in view, clear of others');
    // An outline the emulator drew, 6,001 times over (the schema carries 5,000), one of them
    // wrapped over lines as base64 often is.
    const source = emulator.dataset.images.find((img) => img.detectionIds.length > 0)!;
    const response = await fetch(`${emulator.graphUrl}/${source.id}/detections?fields=geometry`, {
      headers: { Authorization: `OAuth ${emulator.clientToken}` },
    });
    const outline = ((await response.json()) as { data: { geometry: string }[] }).data[0]!.geometry;
    const data = Array.from({ length: 6001 }, (_, i) => ({
      id: String(9_000_000_000_000_001 + i),
      value: 'object--vehicle--car',
      geometry: i === 0 ? `${outline.slice(0, 20)}\n${outline.slice(20)}` : outline,
    }));
    graph.replace(`/${target.id}/detections`, { data });
    const panel = await clickImage(page, frame, target.id, target.lat, target.lon);
    assert.ok(graph.replaced() > 0, 'the replaced detections were asked for');
    assert.equal(await panel.getAttribute('data-detections'), '5000');
    assert.equal(await panel.getAttribute('data-notes'), '1');
    assert.match(
      (await panel.$eval('.mly-status', (el) => el.textContent)) ?? '',
      /6,001 detections: only the first 5,000 are shown/,
    );
    await page.screenshot({ path: path.join(outDir, 'map-image-panel-capped.png') });
    figures.cappedDetections = 5000;
    await frame.click('.mly-close');
  });

  it('box-selects images and sends their ids to the host', async () => {
    await frame.click('.mly-select-button');
    const box = await mapBox(frame);
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.8, { steps: 10 });
    await page.mouse.up();
    const count = Number(await frame.getAttribute('.mly-selection', 'data-count'));
    assert.ok(count > 0, `images selected (${count})`);
    await page.screenshot({ path: path.join(outDir, 'map-box-selection.png') });
    const selections = await Promise.all(
      page
        .frames()
        .map((f) =>
          f
            .evaluate(() =>
              ((window as unknown as { __mlyRecorded?: string[] }).__mlyRecorded ?? [])
                .filter((r) => r.includes('"type":"selection"'))
                .map((r) => r.length),
            )
            .catch(() => [] as number[]),
        ),
    );
    assert.ok(selections.flat().length > 0, 'the selection message crossed to the host');
    figures.selectedImages = count;
    await frame.click('.mly-select-button');
  });

  it('exports the box selection: "Export Metadata…" writes exactly the selected images', async () => {
    const selected = Number(await frame.getAttribute('.mly-selection', 'data-count'));
    assert.ok(selected > 0, 'a selection is left from the previous test');
    await runCommand(page, 'Mapillary: Export Metadata…');
    // The map's selection is the input, so the only question is the format.
    await answer(page, 'CSV', 'Metadata format');
    await toast(page, `Export Metadata: ${selected} images written to`).waitFor({
      timeout: 60_000,
    });
    const output = path.join(host.workspaceDir, 'mapillary-export', 'metadata.csv');
    const rows = readFileSync(output, 'utf8').trimEnd().split('\n');
    assert.equal(rows[0], 'seq_id,img_id,captured_at,compass_angle,thumb_256_url,width');
    const known = new Set(emulator.dataset.images.map((image) => image.id));
    const exported = rows.slice(1).map((row) => row.split(',')[1] ?? '');
    assert.equal(exported.length, selected);
    assert.equal(new Set(exported).size, selected, 'no image twice');
    for (const id of exported) assert.ok(known.has(id), `${id} is an image of the dataset`);
  });

  it('never lets the token into the webview: messages, requests and the final DOM are clean', async () => {
    const token = emulator.clientToken;
    const secretPart = token.split('|').pop() ?? token;
    const perFrame = await Promise.all(
      page.frames().map((f) =>
        f
          .evaluate(
            ([t, s]) => {
              const records =
                (window as unknown as { __mlyRecorded?: string[] }).__mlyRecorded ?? [];
              const html = document.documentElement.outerHTML;
              const resources = performance.getEntriesByType('resource').map((e) => e.name);
              return {
                url: location.href.slice(0, 120),
                records: records.length,
                tileAnswers: records.filter(
                  (r) => r.includes('"type":"response"') && r.includes('"method":"tile"'),
                ).length,
                tileRequests: records.filter(
                  (r) => r.includes('"type":"request"') && r.includes('"method":"tile"'),
                ).length,
                leaks: [...records, html, ...resources].filter(
                  (text) => text.includes(t!) || text.includes(s!),
                ).length,
                bytes: records.reduce((n, r) => n + r.length, 0) + html.length,
              };
            },
            [token, secretPart],
          )
          .catch(() => undefined),
      ),
    );
    const frames = perFrame.filter((f) => f !== undefined);
    writeFileSync(path.join(outDir, 'map-token-search.json'), JSON.stringify(frames, null, 2));
    const total = frames.reduce((n, f) => n + f.records, 0);
    assert.ok(total > 0, 'messages were recorded');
    assert.ok(
      frames.some((f) => f.tileAnswers > 0),
      'tile answers (host to webview) were recorded',
    );
    assert.ok(
      frames.some((f) => f.tileRequests > 0),
      'tile requests (webview to host) were recorded',
    );
    assert.equal(
      frames.reduce((n, f) => n + f.leaks, 0),
      0,
      'the token appears nowhere',
    );
    const leakingUrls = requestUrls.filter(
      (u) => u.includes(token) || u.includes(encodeURIComponent(token)) || u.includes(secretPart),
    );
    assert.deepEqual(leakingUrls, [], 'no request URL carries the token');
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
