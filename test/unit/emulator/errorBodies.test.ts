import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { describeWithRealFixtures } from '../../support/fixtures';
import { errorOf, getJson } from './emulatorClient';

function realError(dir: string, file: string): Record<string, unknown> {
  const body = JSON.parse(readFileSync(path.join(dir, 'graph', 'errors', file), 'utf8')) as Record<
    string,
    unknown
  >;
  return errorOf(body);
}

describeWithRealFixtures('emulator error bodies against the real recordings', (dir) => {
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator({ seed: 1, denseThreshold: 100 });
  });
  after(async () => {
    await emu.close();
  });

  it('sends the invalid-token body with the same keys and values as the service', async () => {
    const real = realError(dir, 'invalid_token_code190.json');
    const image = emu.dataset.images[0];
    assert.ok(image);
    const { body } = await getJson(emu, `/${image.id}?fields=id`, 'MLY|123|nope');
    assert.deepEqual(Object.keys(body), ['error']);
    const ours = errorOf(body);
    assert.deepEqual(Object.keys(ours).sort(), Object.keys(real).sort());
    for (const key of ['message', 'type', 'code']) assert.deepEqual(ours[key], real[key], key);
    assert.deepEqual(ours.error_data, real.error_data);
    assert.equal(typeof ours.fbtrace_id, 'string');
  });

  it('sends the rate-limit body with the same keys and values as the service', async () => {
    const real = realError(dir, 'rate_limit_code4.json');
    emu.addFault({ kind: 'rateLimit', count: 1 });
    const res = await fetch(
      `${emu.graphUrl}/me?access_token=${encodeURIComponent(emu.clientToken)}`,
    );
    const body = (await res.json()) as Record<string, unknown>;
    const ours = errorOf(body);
    assert.deepEqual(Object.keys(ours).sort(), Object.keys(real).sort());
    for (const key of ['message', 'type', 'code', 'is_transient'])
      assert.deepEqual(ours[key], real[key], key);
  });

  it('keeps every other error to the documented key set', async () => {
    const allowed = new Set([
      'message',
      'type',
      'code',
      'error_subcode',
      'error_data',
      'is_transient',
      'fbtrace_id',
    ]);
    const real = realError(dir, 'rate_limit_code4.json');
    for (const key of Object.keys(real)) assert.ok(allowed.has(key), key);
    const [lon, lat] = emu.dataset.center;
    const bodies = [
      (await getJson(emu, '/123456789012345?fields=id')).body,
      (
        await getJson(
          emu,
          `/images?bbox=${lon - 1},${lat - 1},${lon + 1},${lat + 1}&fields=id`,
          emu.clientToken,
        )
      ).body,
      (await getJson(emu, '/images?fields=id')).body,
    ];
    for (const body of bodies) {
      const ours = errorOf(body);
      for (const key of Object.keys(ours)) assert.ok(allowed.has(key), key);
      for (const key of ['message', 'type', 'code', 'fbtrace_id']) assert.ok(key in ours, key);
    }
  });
});
