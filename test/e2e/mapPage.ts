// Reading and driving the map webview in the workbench's page: its status (the map writes it on
// its element as data attributes), waiting until it has settled, where a position is on the page,
// and dragging it as a person would.
import { strict as assert } from 'node:assert';
import type { Frame, Page } from 'playwright-core';
import type { ImageRecord, MapFeature } from '../emulator/dataset';
import { type Emulator } from '../emulator/emulator';
import { waitFor } from '../support/waitFor';

/** What the map reports about itself. */
export interface MapStatus {
  zoom: number;
  center: [number, number];
  coverageTiles: number;
  failedTiles: number;
  loadingTiles: number;
  images: number;
  sequences: number;
  overview: number;
  features: number;
}

/** The map's status now. */
export async function status(frame: Frame): Promise<MapStatus> {
  return frame.$eval('#map', (el) => {
    const d = (el as HTMLElement).dataset;
    const [lat, lng] = (d.center ?? '0,0').split(',').map(Number);
    return {
      zoom: Number(d.zoom),
      center: [lat ?? 0, lng ?? 0] as [number, number],
      coverageTiles: Number(d.coverageTiles ?? 0),
      failedTiles: Number(d.failedTiles ?? 0),
      loadingTiles: Number(d.loadingTiles ?? 0),
      images: Number(d.drawnImages ?? 0),
      sequences: Number(d.drawnSequences ?? 0),
      overview: Number(d.drawnOverview ?? 0),
      features: Number(d.drawnFeatures ?? 0),
    };
  });
}

/** Resolves after the frame has drawn `count` more frames (work started on a move is under way). */
export async function nextFrames(frame: Frame, count = 2): Promise<void> {
  // No named inner functions: the test runner's transform would wrap them in a helper the page
  // does not have.
  await frame.evaluate(async (n) => {
    for (let i = 0; i < n; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  }, count);
}

/** Waits until no tile is loading and the status satisfies `ok`; returns that status. */
export async function settle(
  frame: Frame,
  ok: (s: MapStatus) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<MapStatus> {
  let last: MapStatus | undefined;
  try {
    return await waitFor(
      what,
      async () => {
        last = await status(frame);
        if (last.loadingTiles !== 0 || !ok(last)) return undefined;
        // Tiles asked for by the latest move start within a frame or two: trust "nothing loading"
        // only when it still holds after them.
        await nextFrames(frame);
        const again = await status(frame);
        return again.loadingTiles === 0 && ok(again) ? again : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
  } catch {
    throw new Error(`${what}: ${JSON.stringify(last)}`);
  }
}

/** Web Mercator pixel of a position at a zoom (256 px tiles). */
export function project(lat: number, lng: number, zoom: number): [number, number] {
  const scale = 256 * 2 ** zoom;
  const rad = (lat * Math.PI) / 180;
  return [
    ((lng + 180) / 360) * scale,
    ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * scale,
  ];
}

/** The map element's box on the page. */
export async function mapBox(
  frame: Frame,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await (await frame.$('#map'))?.boundingBox();
  assert.ok(box, 'the map has a box on the page');
  return box;
}

/** Where a position is on the page, given the map's current center and zoom. */
export async function pagePoint(frame: Frame, lat: number, lng: number): Promise<[number, number]> {
  const s = await status(frame);
  const box = await mapBox(frame);
  const [px, py] = project(lat, lng, s.zoom);
  const [cx, cy] = project(s.center[0], s.center[1], s.zoom);
  return [box.x + box.width / 2 + (px - cx), box.y + box.height / 2 + (py - cy)];
}

/**
 * Waits until Leaflet's inertia window has passed since the pointer last moved: it glides on only
 * when the pointer moved in the last 50 ms before the release (by the page's clock).
 */
export async function holdStill(frame: Frame): Promise<void> {
  const since = await frame.evaluate(() => Date.now());
  await frame.waitForFunction((t) => Date.now() - t > 60, since);
}

/** Drags the map so that a position comes to the middle, as a person would (no inertia). */
export async function centerOn(page: Page, frame: Frame, lat: number, lng: number): Promise<void> {
  const [x, y] = await pagePoint(frame, lat, lng);
  const box = await mapBox(frame);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // Small offsets are left alone: a drag shorter than Leaflet's click tolerance is a click.
  if (Math.hypot(x - cx, y - cy) < 12) return;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(cx, cy, { steps: 8 });
  await holdStill(frame);
  await page.mouse.up();
}

/**
 * Box-selects on the map: turns the selection mode on, drags from one point to another (given as
 * fractions of the map's box) and turns it off again.
 */
export async function boxSelect(
  page: Page,
  frame: Frame,
  from: readonly [number, number],
  to: readonly [number, number],
): Promise<void> {
  await frame.click('.mly-select-button');
  const box = await mapBox(frame);
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 10 });
  await page.mouse.up();
  await frame.click('.mly-select-button');
}

/** Waits until no frame of the page holds a map any more (its webview was disposed). */
export async function mapGone(page: Page): Promise<void> {
  await waitFor('the map webview to go', async () => {
    for (const frame of page.frames()) {
      if (await frame.$('#map.leaflet-container').catch(() => null)) return false;
    }
    return true;
  });
}

const METERS_PER_DEGREE = 111_320;

/**
 * Zooms the map with its buttons until it shows `zoom`. With `around`, the position is dragged
 * back to the middle after each step (each step doubles any offset), as a person would.
 */
export async function zoomTo(
  frame: Frame,
  zoom: number,
  around?: { page: Page; lat: number; lng: number },
): Promise<void> {
  for (let z = (await status(frame)).zoom; z !== zoom; z = (await status(frame)).zoom) {
    await frame.click(z < zoom ? '.leaflet-control-zoom-in' : '.leaflet-control-zoom-out');
    await frame.waitForSelector(`#map[data-zoom="${z < zoom ? z + 1 : z - 1}"]`, {
      timeout: 10_000,
    });
    if (around) await centerOn(around.page, frame, around.lat, around.lng);
  }
}

/** The sign nearest the area's centre that stands clear of every other map feature. */
export function isolatedSign(emulator: Emulator): MapFeature {
  const [lon0, lat0] = emulator.dataset.center;
  const features = emulator.dataset.mapFeatures;
  const far = (a: MapFeature, b: MapFeature) =>
    Math.hypot((a.lon - b.lon) * Math.cos((a.lat * Math.PI) / 180), a.lat - b.lat) *
      METERS_PER_DEGREE >
    25;
  const sign = features
    .filter((f) => f.objectType === 'trafficsign' && f.imageIds.length > 0)
    .filter((f) => features.every((o) => o === f || far(o, f)))
    .sort(
      (a, b) => Math.hypot(a.lon - lon0, a.lat - lat0) - Math.hypot(b.lon - lon0, b.lat - lat0),
    )[0];
  assert.ok(sign, 'the dataset has an isolated traffic sign with detections');
  return sign;
}

/** The image with two or more detections nearest the middle of the emulated city. */
export function imageWithDetectionsNearCentre(emulator: Emulator): ImageRecord {
  const [lng0, lat0] = emulator.dataset.center;
  const near = emulator.dataset.images
    .filter((img) => img.detectionIds.length >= 2)
    .sort(
      (a, b) => Math.hypot(a.lat - lat0, a.lon - lng0) - Math.hypot(b.lat - lat0, b.lon - lng0),
    )[0];
  assert.ok(near, 'the dataset has an image with detections');
  return near;
}

/**
 * The Explorer's area around the emulated city's middle (about 1 km across) as [west, south, east,
 * north], and the settings the map suites give: that area, and clicks that leave the street-level
 * viewer closed (they test the map's own panels).
 */
export function mapPanelSettings(emulator: Emulator): {
  area: [number, number, number, number];
  settings: Record<string, unknown>;
} {
  const [lon, lat] = emulator.dataset.center;
  const area: [number, number, number, number] = [
    lon - 0.008,
    lat - 0.005,
    lon + 0.008,
    lat + 0.005,
  ];
  return {
    area,
    settings: {
      'mapillary.area': area.map((n) => n.toFixed(6)).join(','),
      'mapillary.viewer.openOnMapClick': false,
    },
  };
}
