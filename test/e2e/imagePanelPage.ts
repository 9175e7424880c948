// The map's image panel as the end-to-end suites drive it: clicking an image on the map, the
// detections the service holds for it, and the pixels its detection overlay drew.
import { strict as assert } from 'node:assert';
import type { ElementHandle, Frame, Page } from 'playwright-core';
import { decodeDetectionGeometry } from '../../src/shared/detections/detectionGeometry';
import { pointInPolygon, type DetectionShape } from '../../src/shared/map/detectionPixels';
import { type Emulator } from '../emulator/emulator';
import { pagePoint } from './mapPage';

/**
 * Hovers an image's point until the map names it, then clicks it, and returns the panel once it
 * shows the image. The image should be in view, clear of other points.
 */
export async function clickImage(
  page: Page,
  frame: Frame,
  imageId: string,
  lat: number,
  lng: number,
): Promise<ElementHandle> {
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

/** An image's detections as the emulator serves them, decoded, read here directly. */
export async function detectionShapes(
  emulator: Emulator,
  imageId: string,
): Promise<DetectionShape[]> {
  const response = await fetch(
    `${emulator.graphUrl}/${imageId}/detections?fields=id,value,geometry`,
    { headers: { Authorization: `OAuth ${emulator.clientToken}` } },
  );
  const body = (await response.json()) as {
    data: { id: string; value: string; geometry: string }[];
  };
  return body.data.map((d) => {
    const decoded = decodeDetectionGeometry(d.geometry);
    assert.ok(decoded.ok);
    return {
      id: d.id,
      value: d.value,
      polygons: decoded.value.features.flatMap((f) => f.polygons),
    };
  });
}

/** The RGBA of the detection overlay at a point given in fractions of the picture. */
export function overlayPixel(frame: Frame, nx: number, ny: number): Promise<number[]> {
  return frame.$eval(
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
}

/** A point of the picture (fractions) at least 0.02 away from every detection's polygons. */
export function clearOfDetections(shapes: readonly DetectionShape[]): [number, number] {
  const insideAny = (nx: number, ny: number) =>
    shapes.some((sh) => sh.polygons.some((rings) => pointInPolygon(rings, nx, ny)));
  for (let i = 1; i < 20; i++) {
    for (let j = 1; j < 20; j++) {
      const p: [number, number] = [i / 20, j / 20];
      const near = [-0.02, 0, 0.02].some((dx) =>
        [-0.02, 0, 0.02].some((dy) => insideAny(p[0] + dx, p[1] + dy)),
      );
      if (!near) return p;
    }
  }
  throw new Error('no point of the picture is clear of the detections');
}
