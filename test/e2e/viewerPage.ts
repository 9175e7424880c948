// Reading and driving the street-level viewer webview in the workbench's page: finding its frame,
// what it reports about itself (data attributes on #viewer), the map's current-image marker, and
// the pixels of the viewer's picture.
import { strict as assert } from 'node:assert';
import { decode } from 'jpeg-js';
import type { Frame, Page } from 'playwright-core';
import { waitFor } from '../support/waitFor';

/** What the viewer reports about itself. */
export interface ViewerStatus {
  imageId: string | undefined;
  state: string | undefined;
  renderer: string | undefined;
  drawn: string | undefined;
  bearing: number;
  index: number;
  count: number;
  playing: boolean;
  pano: boolean;
  /** Where each class's first detection is drawn, in pixels of the picture's stage. */
  tagPoints: Record<string, [number, number]>;
}

/** Finds the frame of the viewer webview. */
export async function viewerFrame(page: Page, timeoutMs = 60_000): Promise<Frame> {
  return waitFor(
    'the viewer webview',
    async () => {
      for (const frame of page.frames()) {
        if (await frame.$('#viewer[data-renderer]').catch(() => null)) return frame;
      }
      return undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );
}

/** The viewer's status now. */
export async function viewerStatus(frame: Frame): Promise<ViewerStatus> {
  const d = await frame.$eval('#viewer', (el) => ({ ...(el as HTMLElement).dataset }));
  return {
    imageId: d.imageId,
    state: d.state,
    renderer: d.renderer,
    drawn: d.drawn,
    bearing: Number(d.bearing ?? NaN),
    index: Number(d.index ?? -1),
    count: Number(d.count ?? 0),
    playing: d.playing === 'true',
    pano: d.pano === 'true',
    tagPoints: JSON.parse(d.tagPoints ?? '{}') as Record<string, [number, number]>,
  };
}

/** Waits until the viewer's status satisfies `ok`; returns it. */
export async function viewerSettles(
  frame: Frame,
  ok: (s: ViewerStatus) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<ViewerStatus> {
  let last: ViewerStatus | undefined;
  try {
    return await waitFor(
      what,
      async () => {
        last = await viewerStatus(frame);
        return ok(last) ? last : undefined;
      },
      { timeoutMs, intervalMs: 50 },
    );
  } catch {
    throw new Error(`${what}: ${JSON.stringify(last)}`);
  }
}

/** Resolves after the frame has drawn `count` more animation frames. */
export async function frames(frame: Frame, count: number): Promise<void> {
  await frame.evaluate(async (n) => {
    for (let i = 0; i < n; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  }, count);
}

/** The map's current-image marker: its image id, bearing and centre on the page. */
export async function mapMarker(
  mapFrame: Frame,
): Promise<{ imageId?: string; bearing: number; x: number; y: number } | undefined> {
  const marker = await mapFrame.$('.mly-current-image:not([hidden])');
  if (!marker) return undefined;
  const data = await marker.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
  const box = await marker.boundingBox();
  if (!box) return undefined;
  return {
    imageId: data.imageId,
    bearing: Number(data.bearing ?? NaN),
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
  };
}

/** The mean colour of a 5 × 5 square of the viewer's stage around (x, y), from a screenshot. */
export async function stageColour(
  frame: Frame,
  x: number,
  y: number,
): Promise<[number, number, number]> {
  const stage = await frame.$('.mly-viewer-stage');
  assert.ok(stage, 'the viewer has a stage');
  const shot = await stage.screenshot({ type: 'jpeg', quality: 100 });
  const pixels = decode(shot, { useTArray: true });
  const sum = [0, 0, 0];
  let n = 0;
  for (let dy = -2; dy <= 2; dy++) {
    for (let dx = -2; dx <= 2; dx++) {
      const px = Math.round(x) + dx;
      const py = Math.round(y) + dy;
      if (px < 0 || py < 0 || px >= pixels.width || py >= pixels.height) continue;
      const k = (py * pixels.width + px) * 4;
      sum[0] = (sum[0] ?? 0) + (pixels.data[k] ?? 0);
      sum[1] = (sum[1] ?? 0) + (pixels.data[k + 1] ?? 0);
      sum[2] = (sum[2] ?? 0) + (pixels.data[k + 2] ?? 0);
      n++;
    }
  }
  assert.ok(n > 0, `(${x}, ${y}) lies on the stage`);
  return [(sum[0] ?? 0) / n, (sum[1] ?? 0) / n, (sum[2] ?? 0) / n];
}

/** The largest channel difference between two colours. */
export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - (b[i] ?? 0))));
}
