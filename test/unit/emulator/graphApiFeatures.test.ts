// The emulator's map features and detections: searches by bbox, values and seen times, a feature's
// detections, an image's detections, and a detection search.
import { strict as assert } from 'node:assert';
import { type Emulator } from '../../emulator/emulator';
import { bboxAround, dataOf, getJson } from './emulatorClient';
import { useGraphApiEmulator } from './graphApiTestSupport';

describe('emulator graph API: map features and detections', () => {
  let emu: Emulator;
  useGraphApiEmulator((started) => (emu = started));

  it('searches map features by bbox, wildcard values and seen times', async () => {
    const [lon, lat] = emu.dataset.center;
    const box = bboxAround(lon, lat, 0.02);
    const { status, body } = await getJson(
      emu,
      `/map_features?bbox=${box}&object_values=regulatory--*,object--fire-hydrant&fields=object_value,object_type,geometry,first_seen_at,last_seen_at,images,aligned_direction`,
    );
    assert.equal(status, 200);
    const data = dataOf(body);
    assert.ok(data.length > 0);
    for (const f of data) {
      assert.match(String(f.object_value), /^(regulatory--.*|object--fire-hydrant)$/);
      assert.match(String(f.first_seen_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
      const images = (f.images as { data: Record<string, unknown>[] }).data;
      assert.ok(images.length > 0);
      assert.deepEqual(Object.keys(images[0] ?? {}).sort(), ['geometry', 'id']);
    }
    const later = await getJson(
      emu,
      `/map_features?bbox=${box}&start_first_seen_at=2030-01-01T00:00:00Z&fields=id`,
    );
    assert.deepEqual(dataOf(later.body), []);
    const limited = await getJson(emu, `/map_features?bbox=${box}&limit=3&fields=id`);
    assert.equal(dataOf(limited.body).length, 3);
  });

  it('answers a map feature and its detections', async () => {
    const feature = emu.dataset.mapFeatures[0];
    assert.ok(feature);
    const { body } = await getJson(emu, `/${feature.id}?fields=object_value,object_type,geometry`);
    assert.equal(body.object_value, feature.objectValue);
    assert.ok(body.object_type === 'trafficsign' || body.object_type === 'point');
    const dets = await getJson(
      emu,
      `/${feature.id}/detections?fields=value,geometry,image,created_at`,
    );
    assert.equal(dataOf(dets.body).length, feature.detectionIds.length);
    for (const d of dataOf(dets.body)) {
      assert.equal(d.value, feature.objectValue);
      assert.equal(typeof d.geometry, 'string');
      assert.deepEqual(Object.keys(d.image as object).sort(), ['geometry', 'id']);
    }
  });

  it("answers an image's detections and a detection search", async () => {
    const image = emu.dataset.images.find((i) => i.detectionIds.length > 1);
    assert.ok(image);
    const { body } = await getJson(emu, `/${image.id}/detections?fields=value,created_at`);
    assert.deepEqual(
      dataOf(body).map((d) => d.id),
      image.detectionIds,
    );
    const search = await getJson(
      emu,
      `/detections?bbox=${bboxAround(image.lon, image.lat, 0.0005)}&values=nature--*&fields=value,image`,
    );
    assert.equal(search.status, 200);
    assert.ok(dataOf(search.body).every((d) => String(d.value).startsWith('nature--')));
  });
});
