// End to end in the real VS Code host against the emulator: the map's own panels for what is
// clicked and selected on it. A clicked image opens its panel with its picture, its fields and its
// detections drawn where their geometry says, at any panel size, with class labels and toggles; an
// image with more detections than the panel takes says what it left out; a box selection counts
// images, and "Export Metadata…" writes exactly those. Every message crossing the webview
// boundary, every request and the final DOM are searched for the token.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { interiorPoint, pointInPolygon } from '../../src/shared/map/detectionPixels';
import { type Emulator } from '../emulator/emulator';
import { startGraphRewriter, type GraphRewriter } from '../support/graphRewriter';
import { mapFrame, runCommand, type RunningHost } from '../support/vscodeHost';
import { E2E_OUT_DIR as outDir, useE2eSuite } from './e2eSuite';
import { clearOfDetections, clickImage, detectionShapes, overlayPixel } from './imagePanelPage';
import {
  boxSelect,
  holdStill,
  imageWithDetectionsNearCentre,
  mapBox,
  pagePoint,
  project,
  settle,
  status,
  zoomTo,
} from './mapPage';
import { RECORDER, assertNoToken, recordAllFrames } from './messageRecorder';
import { answer } from './quickInput';
import { toast } from './toasts';

/** The zoom the panels are tested at: every image is drawn, and points stand apart. */
const ZOOM = 17;

describe("end to end: the map's image panel and box selection", function () {
  let graph: GraphRewriter;
  const suite = useE2eSuite({
    name: 'map-images',
    emulator: { size: 'small' },
    basemap: true,
    // Graph calls go through a pass-through that can answer what the emulator does not.
    settings: async ({ emulator }) => {
      if (!emulator) throw new Error('the suite starts the emulator');
      graph = await startGraphRewriter(emulator.graphUrl);
      suite.onClose(() => graph.close());
      return {
        'mapillary.api.graphUrl': graph.url,
        // This suite tests the map's own image panel: clicks leave the street-level viewer closed.
        'mapillary.viewer.openOnMapClick': false,
      };
    },
  });
  let emulator: Emulator;
  let host: RunningHost;
  let page: Page;
  let frame: Frame;
  const requestUrls: string[] = [];
  const figures = suite.figures;

  before(async () => {
    ({ emulator, host, page } = suite);
    await page.context().addInitScript(RECORDER);
    page.context().on('request', (request) => requestUrls.push(request.url()));
    const near = imageWithDetectionsNearCentre(emulator);
    await runCommand(page, 'Mapillary: Open Map');
    frame = await mapFrame(page);
    await recordAllFrames(page);
    await frame.waitForSelector('#map[data-drawn="true"]', { timeout: 30_000 });
    await zoomTo(frame, ZOOM, { page, lat: near.lat, lng: near.lon });
    await settle(frame, (s) => s.images > 0, `images at z${ZOOM}`);
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
    const shapes = await detectionShapes(emulator, target.id);
    const polygonsExpected = shapes.reduce((n, sh) => n + sh.polygons.length, 0);
    const drawnPolygons = Number(await frame.getAttribute('.mly-detections', 'data-polygons'));
    assert.equal(drawnPolygons, polygonsExpected, 'every polygon drawn');
    const pixelAt = (nx: number, ny: number) => overlayPixel(frame, nx, ny);
    // A probe inside the first polygon, away from every other detection's outline.
    const first = shapes.find((sh) => sh.polygons.length > 0)!;
    const probe = interiorPoint(first.polygons[0]!)!;
    assert.ok(probe);
    const inside = await pixelAt(probe[0], probe[1]);
    assert.ok((inside[3] ?? 0) > 0, `the polygon is drawn at its interior (${inside.join()})`);
    const outsideProbe = clearOfDetections(shapes);
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
    await boxSelect(page, frame, [0.2, 0.2], [0.7, 0.8]);
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
    const report = path.join(outDir, 'map-images-token-search.json');
    await assertNoToken(page, emulator.clientToken, requestUrls, report);
  });
});
