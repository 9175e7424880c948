// The street-level viewer without WebGL, in headless Chromium with WebGL turned off, under the
// page's own policy, with the host side in process against the emulator (bench/viewerHarness.ts):
// it says once that it is the plain picture view, draws the image (never a blank panel), steps with
// → and plays and pauses with space, and draws the image's detections, which a class toggle hides.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { startViewerHarness, type ViewerHarness } from '../../bench/viewerHarness';
import { type ImageRecord } from '../emulator/dataset';
import { waitFor } from '../support/waitFor';
import { viewerSettles, viewerStatus } from './viewerPage';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('end to end: the street-level viewer without WebGL', function () {
  let h: ViewerHarness | undefined;
  let sequence: ImageRecord[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`\n!!! SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`);
      this.skip();
    }
    h = await startViewerHarness({ args: ['--disable-webgl', '--disable-webgl2'] });
    const { dataset } = h.emulator;
    const byId = new Map(dataset.images.map((i) => [i.id, i]));
    const outlined = (image: ImageRecord | undefined): boolean =>
      (image?.detectionIds ?? []).some((d) => {
        const e = dataset.byId.get(d);
        return e?.kind === 'detection' && e.value.shape.kind === 'polygons';
      });
    const seq = dataset.sequences.find(
      (s) => !s.isPano && s.imageIds.length >= 10 && outlined(byId.get(s.imageIds[1] ?? '')),
    );
    assert.ok(seq, 'a sequence whose second image has detections');
    sequence = seq.imageIds.map((id) => byId.get(id)).filter((i): i is ImageRecord => !!i);
  });

  after(async () => {
    await h?.close();
  });

  const harness = (): ViewerHarness => {
    assert.ok(h, 'the harness started');
    return h;
  };
  // Pixels of the detections overlay that are not transparent.
  const overlayPixels = (): Promise<number> =>
    harness().page.$eval('.mly-picture-detections', (el) => {
      const canvas = el as HTMLCanvasElement;
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) return 0;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
      return n;
    });
  const press = (key: string): Promise<void> =>
    harness().page.evaluate((k) => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: k }));
    }, key);

  it('says once that it is the plain picture view, and draws the image with its detections', async () => {
    const { page } = harness();
    const first = sequence[1] as ImageRecord;
    await harness().show(first.id);
    const frame = page.mainFrame();
    const s = await viewerSettles(
      frame,
      (st) => st.drawn === first.id && Object.keys(st.tagPoints).length > 0,
      'the image drawn with its detections',
    );
    assert.equal(s.renderer, 'picture');
    assert.equal(
      harness().notifications.filter((m) => m.type === 'fallback').length,
      1,
      'the host is told once',
    );
    const notice = await page.textContent('#viewer');
    assert.match(notice ?? '', /WebGL is not available here/);
    // Not blank: the picture is loaded and laid out, and the overlay has the outlines' pixels.
    const picture = await page.$eval('.mly-picture-stage img', (el) => {
      const img = el as HTMLImageElement;
      const r = img.getBoundingClientRect();
      return { natural: img.naturalWidth, w: r.width, h: r.height };
    });
    assert.ok(picture.natural > 0 && picture.w > 100 && picture.h > 50, JSON.stringify(picture));
    const [value] = Object.keys(s.tagPoints);
    assert.ok(value);
    const shown = await overlayPixels();
    assert.ok(shown > 100, `${shown} pixels of detections drawn`);
    // The overlay is drawn again when a class is toggled: its pixels drop, then come back.
    await page.uncheck(`input[data-class="${value}"]`);
    const hidden = await waitFor(`${value} hidden`, async () => {
      const n = await overlayPixels();
      return n < shown ? n : undefined;
    });
    assert.ok(hidden < shown);
    await page.check(`input[data-class="${value}"]`);
    await waitFor(`${value} shown again`, async () => (await overlayPixels()) > hidden);
  });

  it('steps with → and plays and pauses with space', async () => {
    const frame = harness().page.mainFrame();
    for (let k = 2; k <= 4; k++) {
      await press('ArrowRight');
      const s = await viewerSettles(frame, (st) => st.imageId === sequence[k]?.id, `image ${k}`);
      assert.equal(s.index, k);
    }
    await press(' ');
    await viewerSettles(frame, (st) => st.playing && st.index >= 6, 'two images played');
    await press(' ');
    const paused = await viewerSettles(frame, (st) => !st.playing, 'paused');
    // A step already asked for may still land; after that nothing moves.
    const settled = await viewerSettles(
      frame,
      (st) => st.state === 'ready' && st.index <= paused.index + 1,
      'the last step landed',
    );
    const now = await viewerStatus(frame);
    assert.ok(!now.playing && now.index >= settled.index);
    assert.equal(harness().violations.length, 0, harness().violations.join('\n'));
  });
});
