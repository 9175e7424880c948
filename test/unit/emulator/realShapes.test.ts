import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { describeWithRealFixtures } from '../../support/fixtures';
import { dataOf, getJson, tileAt } from './emulatorClient';

type Json = Record<string, unknown>;

/** A value's shape: its JSON type, and for objects the shapes of their keys. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.length > 0 ? ['array', shape(value[0])] : ['array'];
  }
  if (value !== null && typeof value === 'object') {
    const out: Json = {};
    for (const key of Object.keys(value).sort()) out[key] = shape((value as Json)[key]);
    return out;
  }
  return typeof value;
}

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

describeWithRealFixtures('emulator responses shaped like the real recordings', (dir) => {
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator({ seed: 1 });
  });
  after(async () => {
    await emu.close();
  });

  it('answers an image with the same fields and value types as the service', async () => {
    const real = readJson(path.join(dir, 'graph', 'images', '135511895288847.json'));
    delete real.comment;
    const fields = Object.keys(real).filter((k) => k !== 'id');
    const full = emu.dataset.images.find(
      (i) =>
        i.meshId !== undefined &&
        i.computedLon !== undefined &&
        i.altitude !== undefined &&
        i.exifOrientation !== undefined &&
        i.cameraType === 'perspective' &&
        i.detectionIds.length > 0,
    );
    assert.ok(full);
    const { body } = await getJson(emu, `/${full.id}?fields=${fields.join(',')}`);
    assert.deepEqual(shape(body), shape(real));
  });

  it('answers a map feature with the same fields and value types as the service', async () => {
    const real = readJson(path.join(dir, 'graph', 'images', '496980935069177.json'));
    const fields = Object.keys(real).filter((k) => k !== 'id');
    const feature = emu.dataset.mapFeatures.find((f) => f.objectType === 'trafficsign');
    assert.ok(feature);
    const { body } = await getJson(emu, `/${feature.id}?fields=${fields.join(',')}`);
    assert.deepEqual(shape(body), shape(real));
    assert.equal(body.object_type, real.object_type);
    const timeFormat = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/;
    assert.match(String(real.first_seen_at), timeFormat);
    assert.match(String(body.first_seen_at), timeFormat);
  });

  it('answers /<image>/detections like the service', async () => {
    const files = readdirSync(path.join(dir, 'graph', 'detections'));
    const real = files
      .map((f) => readJson(path.join(dir, 'graph', 'detections', f)))
      .flatMap((b) => dataOf(b))
      .filter((d) => 'image' in d);
    assert.ok(real.length > 0);
    const fields = Object.keys(real[0] ?? {}).filter((k) => k !== 'id');
    const image = emu.dataset.images.find((i) => i.detectionIds.length > 0);
    assert.ok(image);
    const { body } = await getJson(emu, `/${image.id}/detections?fields=${fields.join(',')}`);
    assert.deepEqual(Object.keys(body), ['data']);
    for (const d of dataOf(body)) assert.deepEqual(shape(d), shape(real[0]));
  });

  it('answers /image_ids like the service', async () => {
    const real = readJson(path.join(dir, 'graph', 'image_ids', '7nfcwfvjdtphz7yj6zat6a.json'));
    const seq = emu.dataset.sequences[1];
    assert.ok(seq);
    const { body } = await getJson(emu, `/image_ids?sequence_id=${seq.id}`);
    assert.deepEqual(shape(body), shape(real));
  });

  it("serves z14 coverage with the real tiles' layers, version, extent and property keys", async () => {
    const realTile = new VectorTile(
      new PbfReader(readFileSync(path.join(dir, 'tiles', 'mly1_public', '14', '3252_6258.mvt'))),
    );
    const [lon, lat] = emu.dataset.center;
    const { x, y } = tileAt(lon, lat, 14);
    const res = await fetch(
      `${emu.tilesUrl}/mly1_public/2/14/${x}/${y}?access_token=${encodeURIComponent(emu.clientToken)}`,
    );
    const ours = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));
    assert.deepEqual(Object.keys(ours.layers).sort(), Object.keys(realTile.layers).sort());
    for (const name of Object.keys(realTile.layers)) {
      const real = realTile.layers[name];
      const mine = ours.layers[name];
      assert.ok(real && mine);
      assert.equal(mine.version, real.version);
      assert.equal(mine.extent, real.extent);
      assert.equal(mine.feature(0).type, real.feature(0).type);
      // The recording predates creator_id; every key it has, the emulator has too.
      const mineKeys = new Set<string>();
      for (let i = 0; i < mine.length; i++)
        Object.keys(mine.feature(i).properties).forEach((k) => mineKeys.add(k));
      for (const key of Object.keys(real.feature(0).properties))
        assert.ok(mineKeys.has(key), `${name}.${key}`);
    }
  });
});
