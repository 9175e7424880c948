import { strict as assert } from 'node:assert';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { bboxAround, dataOf, getJson, tileAt } from './emulatorClient';

describe('emulator at city size', () => {
  let emu: Emulator;

  before(async function () {
    this.timeout(60_000);
    emu = await startEmulator({ size: 'city', seed: 1 });
  });
  after(async () => {
    await emu.close();
  });

  // How fast it is built and answers is a benchmark figure (npm run bench -- --only tree).
  it('holds about 100,000 images', () => {
    assert.ok(emu.dataset.images.length >= 100_000);
  });

  it('answers bbox searches and z14 tiles, and splits dense areas', async () => {
    const [lon, lat] = emu.dataset.center;
    const { status, body } = await getJson(
      emu,
      `/images?bbox=${bboxAround(lon, lat, 0.003)}&fields=id,geometry,captured_at`,
    );
    assert.equal(status, 200);
    assert.ok(dataOf(body).length > 0);
    const dense = await getJson(emu, `/images?bbox=${bboxAround(lon, lat, 0.05)}&fields=id`);
    assert.equal(dense.status, 500);
    const { x, y } = tileAt(lon, lat, 14);
    const res = await fetch(
      `${emu.tilesUrl}/mly1_public/2/14/${x}/${y}?access_token=${encodeURIComponent(emu.clientToken)}`,
    );
    const bytes = await res.arrayBuffer();
    assert.equal(res.status, 200);
    assert.ok(bytes.byteLength > 50_000, `${bytes.byteLength} bytes`);
  });
});
