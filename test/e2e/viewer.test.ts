// End to end in the real VS Code host against the emulator (street pictures on, its clock standing
// still so no signed URL expires while pictures are drawn): an image clicked on the map opens in the
// street-level viewer beside it; → steps along the sequence three times, and the map's marker
// follows each step; play plays and pause stops; a panorama opened by its link turns when dragged,
// and the map's view cone turns with it; hiding a detection class changes the pixels where its
// outline was drawn; "Other captures here" lists the nearest image of each other sequence at the
// spot, one of them opens, and "Reveal in tree" selects it in the Explorer; zooming asks for the
// 2048 picture, then the original. Everything that crossed a webview's boundary, and both webviews' DOM, are
// searched for the token and for signed URLs. The README's screenshot of the viewer beside the map
// is taken here.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { ManualClock } from '../emulator/clock';
import { type Emulator } from '../emulator/emulator';
import { type ImageRecord } from '../emulator/dataset';
import { mapFrame, runCommand } from '../support/vscodeHost';
import { waitFor } from '../support/waitFor';
import { E2E_OUT_DIR as outDir, useE2eSuite } from './e2eSuite';
import { pagePoint, settle, zoomTo } from './mapPage';
import { RECORDER, recordAllFrames, webviewRecords } from './messageRecorder';
import {
  colourDistance,
  frames,
  mapMarker,
  stageColour,
  viewerFrame,
  viewerSettles,
  viewerStatus,
} from './viewerPage';

const ZOOM = 18;

describe('end to end: the street-level viewer', function () {
  const suite = useE2eSuite({
    name: 'viewer',
    emulator: { size: 'small', pictures: 'streets', clock: new ManualClock() },
    basemap: true,
  });
  const figures = suite.figures;
  let emulator: Emulator;
  let page: Page;
  let map: Frame;
  let viewer: Frame;
  let sequence: ImageRecord[];
  let start: ImageRecord;

  before(() => {
    ({ emulator, page } = suite);
    // A perspective image with detections, a few images into a long sequence, so that → has room.
    const byId = new Map(emulator.dataset.images.map((i) => [i.id, i]));
    const outlined = (id: string | undefined): boolean =>
      (byId.get(id ?? '')?.detectionIds ?? []).some((d) => {
        const e = emulator.dataset.byId.get(d);
        return e?.kind === 'detection' && e.value.shape.kind === 'polygons';
      });
    const seq = emulator.dataset.sequences.find(
      (s) => !s.isPano && s.imageIds.length >= 30 && outlined(s.imageIds[3]),
    );
    assert.ok(seq, 'a sequence whose images have detections');
    sequence = seq.imageIds.map((id) => byId.get(id)).filter((i): i is ImageRecord => !!i);
    start = sequence[2] as ImageRecord;
  });

  it('opens an image clicked on the map in the viewer beside it', async () => {
    await page.context().addInitScript(RECORDER);
    await runCommand(page, 'Mapillary: Open Map');
    map = await mapFrame(page);
    await recordAllFrames(page);
    await map.waitForSelector('#map[data-drawn="true"]', { timeout: 30_000 });
    await zoomTo(map, ZOOM, { page, lat: start.lat, lng: start.lon });
    await settle(map, (s) => s.images > 0, 'images drawn around the start');
    const [x, y] = await pagePoint(map, start.lat, start.lon);
    await page.mouse.move(x, y);
    await map.waitForFunction(
      (id) => document.getElementById('map')?.dataset.hover?.includes(id) ?? false,
      start.id,
      { timeout: 10_000 },
    );
    const clicked = Date.now();
    await page.mouse.click(x, y);
    viewer = await viewerFrame(page);
    await recordAllFrames(page);
    const shown = await viewerSettles(
      viewer,
      (s) => s.drawn === start.id,
      'the clicked image drawn',
    );
    figures.clickToDrawnFirstOpenMs = Date.now() - clicked;
    assert.equal(shown.renderer, 'mapillary', 'MapillaryJS runs (software WebGL)');
    const placed = await viewerSettles(viewer, (s) => s.count > 0, 'its place in the sequence');
    assert.equal(placed.count, sequence.length);
    assert.equal(placed.index, 2);
    // Beside the map: two editor groups, the viewer's tab in the second.
    assert.equal(await page.locator('.editor-group-container').count(), 2);
    assert.equal(await page.locator('.tab', { hasText: 'Mapillary Viewer' }).count(), 1);
    const marker = await waitFor('the marker of the clicked image', async () => {
      const m = await mapMarker(map);
      return m?.imageId === start.id ? m : undefined;
    });
    assert.ok(Number.isFinite(marker.bearing));
  });

  it('steps with → three times, and the map marker follows each step', async () => {
    await viewer.click('.mly-position');
    for (let k = 1; k <= 3; k++) {
      const next = sequence[2 + k] as ImageRecord;
      const pressed = Date.now();
      await page.keyboard.press('ArrowRight');
      const s = await viewerSettles(viewer, (st) => st.imageId === next.id, `image ${2 + k}`);
      figures[`step${k}Ms`] = Date.now() - pressed;
      assert.equal(s.index, 2 + k);
      const marker = await waitFor(`the marker on image ${2 + k}`, async () => {
        const m = await mapMarker(map);
        return m?.imageId === next.id ? m : undefined;
      });
      // The marker stands where the image is (the map may have panned to keep it in view).
      await settle(map, () => true, 'the map after the step');
      const [px, py] = await pagePoint(
        map,
        next.computedLat ?? next.lat,
        next.computedLon ?? next.lon,
      );
      const again = await mapMarker(map);
      assert.ok(again, 'the marker is shown');
      assert.ok(
        Math.hypot(again.x - px, again.y - py) < 12,
        `marker at (${again.x}, ${again.y}), image at (${px}, ${py})`,
      );
      // The cone turns with the viewer (the host passes bearings on at most ten times a second).
      await waitFor('the cone to point where the viewer looks', async () => {
        const m = await mapMarker(map);
        const v = await viewerStatus(viewer);
        const d = Math.abs((m?.bearing ?? NaN) - v.bearing);
        return m?.imageId === next.id && Math.min(d, 360 - d) < 2;
      });
      assert.equal(marker.imageId, next.id);
      assert.equal(s.imageId, next.id);
    }
    await viewerSettles(viewer, (s) => s.drawn === sequence[5]?.id, 'the third step drawn');
  });

  it('hides a detection class: the pixels where its outline was drawn change, and come back', async () => {
    // Back to an image with detections, at rest.
    await page.keyboard.press('Home');
    await viewerSettles(viewer, (s) => s.index === 0 && s.drawn === sequence[0]?.id, 'first image');
    const target = sequence[3] as ImageRecord;
    await viewer.click('.mly-position');
    for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowRight');
    const s = await viewerSettles(
      viewer,
      (st) => st.drawn === target.id && Object.keys(st.tagPoints).length > 0,
      'detections drawn on the image',
    );
    // The class of the biggest outline: segmentations are drawn as large blobs.
    const [value, point] = Object.entries(s.tagPoints)[0] ?? [];
    assert.ok(value && point, 'a class with a point');
    await frames(viewer, 10);
    const shown = await stageColour(viewer, point[0], point[1]);
    await viewer.uncheck(`input[data-class="${value}"]`);
    await frames(viewer, 10);
    const hidden = await stageColour(viewer, point[0], point[1]);
    await viewer.check(`input[data-class="${value}"]`);
    await frames(viewer, 10);
    const back = await stageColour(viewer, point[0], point[1]);
    figures.detectionPixelShown = shown.map(Math.round).join(',');
    figures.detectionPixelHidden = hidden.map(Math.round).join(',');
    assert.ok(colourDistance(shown, hidden) > 20, `${value}: ${shown.join()} vs ${hidden.join()}`);
    assert.ok(colourDistance(shown, back) < 12, `${value} back: ${shown.join()} vs ${back.join()}`);
  });

  it("saves the README's screenshot: the viewer beside the map, with the image's detections", async () => {
    // The map's own image panel and the side bar closed, the pointer off the map's controls.
    await map.click('.mly-image-panel .mly-close').catch(() => undefined);
    await runCommand(page, 'View: Close Primary Side Bar');
    const bar = await viewer.$('.mly-viewer-bar');
    const box = await bar?.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width - 5, box.y + box.height / 2);
    await settle(map, () => true, 'the map after the layout changed');
    await frames(viewer, 10);
    const s = await viewerStatus(viewer);
    assert.ok(Object.keys(s.tagPoints).length > 0, 'detections are drawn');
    assert.ok(await mapMarker(map), 'the current image is on the map');
    // The README's picture (docs/screenshot-viewer.png) is copied from here by hand; a test run
    // leaves the checkout as it was.
    await page.screenshot({ path: path.join(outDir, 'viewer-beside-map.png') });
  });

  it('plays along the sequence and pauses', async () => {
    const before = await viewerStatus(viewer);
    await viewer.click('[data-action="play"]');
    const playing = await viewerSettles(
      viewer,
      (st) => st.playing && st.index >= before.index + 2,
      'two images played',
    );
    assert.ok(playing.playing);
    // While playing, the bar's class toggles change from image to image and the button moves
    // under the pointer, so the pause is the button's own click, not a click at a point.
    await viewer.$eval('[data-action="play"]', (button) => (button as HTMLButtonElement).click());
    const paused = await viewerSettles(viewer, (st) => !st.playing, 'paused');
    // Paused: a step already asked for may still land, then nothing moves any more.
    await frames(viewer, 30);
    const settled = await viewerStatus(viewer);
    assert.ok(settled.index <= paused.index + 1);
    await frames(viewer, 60);
    assert.equal((await viewerStatus(viewer)).index, settled.index, 'nothing moves once paused');
  });

  it('opens a panorama by its link; dragging it turns the view and the map cone', async () => {
    const pano = emulator.dataset.images.find(
      (i) => i.isPano && i.index > 3 && i.detectionIds.length === 0,
    );
    assert.ok(pano, 'a panorama');
    await runCommand(page, 'Mapillary: Open Image');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`https://www.mapillary.com/app/?pKey=${pano.id}`);
    await page.keyboard.press('Enter');
    const opened = await viewerSettles(
      viewer,
      (s) => s.drawn === pano.id && s.pano,
      'the panorama',
    );
    const stage = await viewer.$('.mly-viewer-stage');
    const box = await stage?.boundingBox();
    assert.ok(box);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx - box.width / 3, cy, { steps: 12 });
    await page.mouse.up();
    const turned = await viewerSettles(
      viewer,
      (s) => {
        const d = Math.abs(s.bearing - opened.bearing);
        return Math.min(d, 360 - d) > 15;
      },
      'the panorama turned',
    );
    const turnedBy = Math.abs(turned.bearing - opened.bearing);
    figures.panoramaTurnedDegrees = Math.round(Math.min(turnedBy, 360 - turnedBy));
    await waitFor('the map cone to turn with it', async () => {
      const m = await mapMarker(map);
      const now = await viewerStatus(viewer);
      if (m?.imageId !== pano.id) return false;
      const d = Math.abs(m.bearing - now.bearing);
      return Math.min(d, 360 - d) < 2;
    });
  });

  it('lists the other captures at one spot, jumps to one, and reveals it in the Explorer', async () => {
    // An image with images of other sequences well within the list's 20 m.
    const ds = emulator.dataset;
    const sequenceOf = new Map(ds.sequences.flatMap((s) => s.imageIds.map((id) => [id, s.id])));
    const metres = (a: ImageRecord, b: ImageRecord): number =>
      Math.hypot(
        (a.lat - b.lat) * 111_320,
        (a.lon - b.lon) * 111_320 * Math.cos((a.lat * Math.PI) / 180),
      );
    const nearOf = (a: ImageRecord): ImageRecord[] =>
      ds.images.filter((b) => sequenceOf.get(b.id) !== sequenceOf.get(a.id) && metres(a, b) < 12);
    const here = ds.images.find((i) => !i.isPano && nearOf(i).length >= 2);
    assert.ok(here, 'an image with other captures close to it');
    // The list holds the nearest image of each other sequence: every sequence that has an image
    // within 12 m is there, once, by an image within the 20 m (and a little for rounding).
    const expected = new Set(nearOf(here).map((i) => sequenceOf.get(i.id)));
    await runCommand(page, 'Mapillary: Open Image');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(here.id);
    await page.keyboard.press('Enter');
    await viewerSettles(viewer, (s) => s.drawn === here.id, 'the image opened by its id');
    const listed = await waitFor('the other captures listed', async () => {
      const ids = await viewer.$$eval('.mly-nearby [data-image-id]', (rows) =>
        rows.map((r) => (r as HTMLElement).dataset.imageId ?? ''),
      );
      const sequences = new Set(ids.map((id) => sequenceOf.get(id)));
      return [...expected].every((s) => sequences.has(s)) ? ids : undefined;
    });
    const byId = new Map(ds.images.map((i) => [i.id, i]));
    const listedSequences = listed.map((id) => sequenceOf.get(id));
    assert.equal(new Set(listedSequences).size, listed.length, 'one image per sequence');
    for (const id of listed) {
      const other = byId.get(id);
      assert.ok(other, `${id} is an image of the dataset`);
      assert.notEqual(sequenceOf.get(id), sequenceOf.get(here.id), `${id} is of another sequence`);
      assert.ok(metres(here, other) < 21, `${id} is within 20 m`);
    }
    const target = listed[0] as string;
    await viewer.click('[data-action="nearby"]');
    await viewer.click(`.mly-nearby [data-image-id="${target}"]`);
    await viewerSettles(viewer, (s) => s.drawn === target, 'the other capture shown');
    await viewer.click('[data-action="reveal"]');
    await page
      .locator('.part.sidebar .monaco-list-row.selected', { hasText: target })
      .first()
      .waitFor({ timeout: 30_000 });
  });

  it('steps the resolution up as it zooms: the 2048 picture, then the original', async () => {
    const shown = await viewerStatus(viewer);
    const id = shown.imageId;
    assert.ok(id && !shown.pano, 'a perspective image is shown');
    const asked = async (size: string): Promise<boolean> =>
      (await webviewRecords(page)).some(
        (r) => r.includes('"type":"request"') && r.includes(id) && r.includes(`"size":"${size}"`),
      );
    assert.equal(await asked('original'), false, 'the original is not read before a zoom');
    const stage = await viewer.$('.mly-viewer-stage');
    const box = await stage?.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (const size of ['2048', 'original']) {
      await waitFor(
        `the ${size} picture asked for`,
        async () => {
          if (await asked(size)) return true;
          await page.mouse.wheel(0, -240);
          return false;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
    }
  });

  it('lets no token and no signed URL into either webview', async () => {
    const token = emulator.clientToken;
    const secret = token.split('|')[2] ?? token;
    const texts = await webviewRecords(page);
    for (const frame of [map, viewer]) texts.push(await frame.content());
    const all = texts.join('\n');
    assert.ok(all.length > 10_000, 'messages were recorded');
    assert.ok(all.includes(start.id), 'the recording holds the viewer traffic');
    assert.ok(!all.includes(token) && !all.includes(secret), 'no token');
    assert.ok(!all.includes(encodeURIComponent(token)), 'no encoded token');
    assert.doesNotMatch(
      all,
      /\/thumbs\/\d+\/|[?&]oe=[0-9a-f]+|[?&]sig=[0-9a-f]{8}/,
      'no signed URL',
    );
    const at = all.indexOf(emulator.graphUrl);
    assert.ok(
      at < 0,
      `no URL of the service, found in: ${all.slice(Math.max(0, at - 300), at + 200)}`,
    );
    await page.screenshot({ path: path.join(outDir, 'viewer-final.png') });
  });
});
