import { strict as assert } from 'node:assert';
import { decode } from 'jpeg-js';
import { ManualClock } from '../../emulator/clock';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { getJson } from './emulatorClient';

/** Width and height from the SOF0/SOF2 segment, and the text of every COM segment. */
function parseJpeg(bytes: Buffer): { width: number; height: number; comments: string[] } {
  assert.equal(bytes.readUInt16BE(0), 0xffd8, 'starts with SOI');
  let pos = 2;
  let size: { width: number; height: number } | undefined;
  const comments: string[] = [];
  while (pos + 4 <= bytes.length) {
    assert.equal(bytes[pos], 0xff, `marker at ${pos}`);
    const marker = bytes[pos + 1] ?? 0;
    const length = bytes.readUInt16BE(pos + 2);
    if (marker === 0xfe) comments.push(bytes.toString('latin1', pos + 4, pos + 2 + length));
    if (marker === 0xc0 || marker === 0xc2) {
      size = { height: bytes.readUInt16BE(pos + 5), width: bytes.readUInt16BE(pos + 7) };
    }
    if (marker === 0xda) break; // start of scan: the headers are over
    pos += 2 + length;
  }
  assert.ok(size, 'has a SOF segment');
  return { ...size, comments };
}

describe('emulator thumbnails', () => {
  let emu: Emulator;
  // The emulator's time stands still until a test moves it, so no URL expires while JPEGs are drawn.
  const clock = new ManualClock();

  before(async () => {
    emu = await startEmulator({ seed: 1, thumbTtlSeconds: 600, clock });
  });
  after(async () => {
    await emu.close();
  });

  const imageWith = (
    pred: (w: number, h: number) => boolean,
  ): { id: string; width: number; height: number } => {
    const image = emu.dataset.images.find((i) => pred(i.width, i.height));
    assert.ok(image);
    return image;
  };

  it("serves real JPEGs of the stated width, in the image's aspect, carrying the image id", async () => {
    const image = imageWith((w, h) => w > h && w > 2048);
    const { body } = await getJson(
      emu,
      `/${image.id}?fields=thumb_256_url,thumb_1024_url,thumb_2048_url,thumb_original_url`,
    );
    const expected: Record<string, number> = {
      thumb_256_url: 256,
      thumb_1024_url: 1024,
      thumb_2048_url: 2048,
      thumb_original_url: 2048, // the original is capped at 2048 for speed
    };
    for (const [field, width] of Object.entries(expected)) {
      const res = await fetch(String(body[field]));
      assert.equal(res.status, 200, field);
      assert.equal(res.headers.get('content-type'), 'image/jpeg');
      const bytes = Buffer.from(await res.arrayBuffer());
      const jpeg = parseJpeg(bytes);
      assert.equal(jpeg.width, width, field);
      assert.equal(jpeg.height, Math.round((width * image.height) / image.width), field);
      assert.ok(
        jpeg.comments.some((c) => c.includes(image.id)),
        'COM segment names the image',
      );
      if (width === 256) {
        const pixels = decode(bytes, { useTArray: true });
        assert.equal(pixels.width, 256, 'decodes as a JPEG');
      }
    }
  });

  it('gives two images different bytes for the same size', async () => {
    const [a, b] = emu.dataset.images;
    assert.ok(a && b);
    const { body } = await getJson(emu, `/?ids=${a.id},${b.id}&fields=thumb_256_url`);
    const ua = (body[a.id] as { thumb_256_url: string }).thumb_256_url;
    const ub = (body[b.id] as { thumb_256_url: string }).thumb_256_url;
    const ba = Buffer.from(await (await fetch(ua)).arrayBuffer());
    const bb = Buffer.from(await (await fetch(ub)).arrayBuffer());
    assert.notDeepEqual(ba, bb);
  });

  it('refuses a tampered URL and an expired one with 403', async () => {
    const image = emu.dataset.images[0];
    assert.ok(image);
    const { body } = await getJson(emu, `/${image.id}?fields=thumb_256_url`);
    const url = String(body.thumb_256_url);
    const tampered = url.replace(
      /sig=([0-9a-f])/,
      (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`,
    );
    assert.equal((await fetch(tampered)).status, 403);
    const otherImage = url.replace(`/thumbs/${image.id}/`, `/thumbs/${emu.dataset.images[1]?.id}/`);
    assert.equal((await fetch(otherImage)).status, 403);
    assert.equal((await fetch(url)).status, 200);
    // `oe` is the expiry in whole seconds, rounded down: valid 599 s on, expired at 600 s.
    clock.advance(598_000);
    assert.equal((await fetch(url)).status, 200, 'still valid just before its lifetime ends');
    clock.advance(2_000);
    const expired = await fetch(url);
    assert.equal(expired.status, 403, 'expired');
    assert.equal(await expired.text(), 'URL signature expired');
    // A URL asked for now is good again.
    const fresh = await getJson(emu, `/${image.id}?fields=thumb_256_url`);
    assert.equal((await fetch(String(fresh.body.thumb_256_url))).status, 200);
  });

  it('makes a valid thumbnail URL answer 403 under the expiredThumb fault', async () => {
    const image = emu.dataset.images[0];
    assert.ok(image);
    const { body } = await getJson(emu, `/${image.id}?fields=thumb_1024_url`);
    emu.addFault({ kind: 'expiredThumb', count: 1 });
    // The fault skips non-thumbnail requests, so this Graph call does not use it up.
    assert.equal((await getJson(emu, `/${image.id}?fields=id`)).status, 200);
    assert.equal((await fetch(String(body.thumb_1024_url))).status, 403);
    assert.equal((await fetch(String(body.thumb_1024_url))).status, 200);
  });
});
