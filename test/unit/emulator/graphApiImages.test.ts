// The emulator's image nodes: exactly the fields asked plus id, every documented field, merge_cc as
// the service writes it, nested fields, missing fields left out, and unknown fields refused.
import { strict as assert } from 'node:assert';
import { type Emulator } from '../../emulator/emulator';
import { errorOf, getJson } from './emulatorClient';
import { useGraphApiEmulator } from './graphApiTestSupport';

describe('emulator graph API: images', () => {
  let emu: Emulator;
  useGraphApiEmulator((started) => (emu = started));

  it('answers an image with exactly the requested fields plus id', async () => {
    const image = emu.dataset.images.find((i) => i.altitude !== undefined && i.make);
    assert.ok(image);
    const { status, headers, body } = await getJson(
      emu,
      `/${image.id}?fields=geometry,captured_at,compass_angle,altitude,make,sequence,is_pano`,
    );
    assert.equal(status, 200);
    const usage = JSON.parse(headers.get('x-app-usage') ?? '{}') as { call_count?: unknown };
    assert.equal(typeof usage.call_count, 'number');
    assert.deepEqual(Object.keys(body).sort(), [
      'altitude',
      'captured_at',
      'compass_angle',
      'geometry',
      'id',
      'is_pano',
      'make',
      'sequence',
    ]);
    assert.equal(body.id, image.id);
    assert.equal(typeof body.id, 'string');
    assert.deepEqual(body.geometry, { type: 'Point', coordinates: [image.lon, image.lat] });
    assert.equal(body.sequence, image.sequenceId);
  });

  it('answers only the id when no fields are asked', async () => {
    const image = emu.dataset.images[0];
    assert.ok(image);
    const { body } = await getJson(emu, `/${image.id}`);
    assert.deepEqual(body, { id: image.id });
  });

  it('serves every documented image field', async () => {
    const image = emu.dataset.images.find(
      (i) =>
        i.meshId &&
        i.computedLon !== undefined &&
        i.altitude !== undefined &&
        i.make &&
        i.cameraType &&
        i.exifOrientation,
    );
    assert.ok(image);
    const fields = [
      'altitude',
      'atomic_scale',
      'camera_parameters',
      'camera_type',
      'captured_at',
      'compass_angle',
      'computed_altitude',
      'computed_compass_angle',
      'computed_geometry',
      'computed_rotation',
      'creator',
      'exif_orientation',
      'geometry',
      'height',
      'width',
      'is_pano',
      'make',
      'model',
      'merge_cc',
      'mesh',
      'quality_score',
      'sequence',
      'sfm_cluster',
      'thumb_256_url',
      'thumb_1024_url',
      'thumb_2048_url',
      'thumb_original_url',
      'detections',
    ];
    const { body } = await getJson(emu, `/${image.id}?fields=${fields.join(',')}`);
    assert.deepEqual(Object.keys(body).sort(), [...fields, 'id'].sort());
    assert.deepEqual(Object.keys(body.creator as object).sort(), ['id', 'username']);
    assert.deepEqual(Object.keys(body.mesh as object).sort(), ['id', 'url']);
    assert.match(
      String(body.thumb_1024_url),
      /^http:\/\/127\.0\.0\.1:\d+\/thumbs\/\d+\/1024\.jpg\?oe=[0-9a-f]+&sig=[0-9a-f]+$/,
    );
    assert.ok(Array.isArray((body.detections as { data: unknown }).data));
  });

  it('writes merge_cc as a float literal in exponent form, as the service does', async () => {
    const image = emu.dataset.images.find((i) => i.mergeCc !== undefined);
    assert.ok(image);
    const res = await fetch(`${emu.graphUrl}/${image.id}?fields=merge_cc`, {
      headers: { Authorization: `OAuth ${emu.clientToken}` },
    });
    const text = await res.text();
    // 14 significant digits, trailing zeros dropped, like "merge_cc": 4.546427159383e+18.
    assert.match(text, /"merge_cc":\d\.\d{1,13}e\+1[78][,}]/);
    const literal = /"merge_cc":([^,}]+)/.exec(text)?.[1] ?? '';
    assert.equal(Number(literal), Number((image.mergeCc ?? 0).toPrecision(14)));
  });

  it('serves the image field organization: {id} by default, nested fields on request', async () => {
    const image = emu.dataset.images.find((i) => i.organizationId !== undefined);
    assert.ok(image);
    const org = emu.dataset.organizations.find((o) => o.id === image.organizationId);
    assert.ok(org);
    const plain = await getJson(emu, `/${image.id}?fields=organization`);
    assert.deepEqual(plain.body, { organization: { id: org.id }, id: image.id });
    const nested = await getJson(emu, `/${image.id}?fields=organization.name,organization.slug`);
    assert.deepEqual(nested.body.organization, { name: org.name, slug: org.slug, id: org.id });
    const braced = await getJson(emu, `/${image.id}?fields=organization{name}`);
    assert.deepEqual(braced.body.organization, { name: org.name, id: org.id });
    const bad = await getJson(emu, `/${image.id}?fields=organization.nonsense`);
    assert.equal(bad.status, 400);
  });

  it('leaves missing fields out instead of sending null', async () => {
    const image = emu.dataset.images.find((i) => i.altitude === undefined);
    assert.ok(image);
    const { body } = await getJson(emu, `/${image.id}?fields=altitude,width`);
    assert.deepEqual(Object.keys(body).sort(), ['id', 'width']);
  });

  it('selects nested fields, dotted or braced', async () => {
    const image = emu.dataset.images.find((i) => i.detectionIds.length > 0);
    assert.ok(image);
    const { body } = await getJson(emu, `/${image.id}?fields=creator.username,detections.value`);
    const creator = body.creator as Record<string, unknown>;
    assert.deepEqual(Object.keys(creator).sort(), ['id', 'username']);
    const dets = (body.detections as { data: Record<string, unknown>[] }).data;
    assert.equal(dets.length, image.detectionIds.length);
    for (const d of dets) {
      assert.deepEqual(Object.keys(d).sort(), ['id', 'value']);
    }
    const braced = await getJson(emu, `/${image.id}?fields=creator{id}`);
    assert.deepEqual(Object.keys(braced.body.creator as object), ['id']);
  });

  it('refuses a field the node does not have with code 100', async () => {
    const image = emu.dataset.images[0];
    assert.ok(image);
    const { status, body } = await getJson(emu, `/${image.id}?fields=no_such_field`);
    assert.equal(status, 400);
    assert.equal(errorOf(body).code, 100);
  });
});
