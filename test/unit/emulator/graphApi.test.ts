import { strict as assert } from 'node:assert';
import { ManualClock } from '../../emulator/clock';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { findImage } from '../../emulator/dataset';
import { bboxAround, dataOf, errorOf, getJson } from './emulatorClient';

describe('emulator graph API', () => {
  let emu: Emulator;
  // Tokens expire only when a test moves this clock.
  const clock = new ManualClock();

  before(async () => {
    emu = await startEmulator({ seed: 1, size: 'small', denseThreshold: 1500, clock });
  });
  after(async () => {
    await emu.close();
  });

  const longest = (): { id: string; imageIds: string[] } =>
    emu.dataset.sequences.reduce((a, b) => (b.imageIds.length > a.imageIds.length ? b : a));

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

  it('answers ?ids= keyed by id, and code 100/33 when one is unknown', async () => {
    const [a, b] = emu.dataset.images;
    assert.ok(a && b);
    const { status, body } = await getJson(emu, `/?ids=${a.id},${b.id}&fields=captured_at`);
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body).sort(), [a.id, b.id].sort());
    assert.deepEqual(body[a.id], { captured_at: a.capturedAt, id: a.id });
    const bad = await getJson(emu, `/?ids=${a.id},1111111111&fields=captured_at`);
    assert.equal(bad.status, 400);
    assert.equal(errorOf(bad.body).code, 100);
    assert.equal(errorOf(bad.body).error_subcode, 33);
  });

  it('answers an unknown id with code 100 subcode 33', async () => {
    const { status, body } = await getJson(emu, '/999999999999999?fields=id');
    assert.equal(status, 400);
    assert.equal(errorOf(body).code, 100);
    assert.equal(errorOf(body).error_subcode, 33);
  });

  it('lists a sequence of 1,000+ image ids in capture order with no paging', async () => {
    const seq = longest();
    const { status, body } = await getJson(emu, `/image_ids?sequence_id=${seq.id}`);
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['data']);
    assert.deepEqual(
      dataOf(body).map((d) => d.id),
      seq.imageIds,
    );
    assert.ok(seq.imageIds.length > 1000);
    const unknown = await getJson(emu, '/image_ids?sequence_id=nosuchsequence');
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.body, { data: [] });
  });

  it('cuts a bbox search at limit with no paging.next', async () => {
    const [lon, lat] = emu.dataset.center;
    const box = bboxAround(lon, lat, 0.002);
    const all = emu.dataset.imageIndex.query({
      minLon: lon - 0.002,
      minLat: lat - 0.002,
      maxLon: lon + 0.002,
      maxLat: lat + 0.002,
    });
    assert.ok(all.length > 10, `${all.length} images in the box`);
    const { body } = await getJson(emu, `/images?bbox=${box}&limit=10&fields=id,geometry`);
    assert.equal(dataOf(body).length, 10);
    assert.equal(body.paging, undefined);
    const full = await getJson(emu, `/images?bbox=${box}&fields=id`);
    assert.equal(dataOf(full.body).length, all.length);
  });

  it('filters a search by time, pano, organization, creator and sequence', async () => {
    const [lon, lat] = emu.dataset.center;
    const box = bboxAround(lon, lat, 0.01);
    const pano = await getJson(emu, `/images?bbox=${box}&is_pano=true&fields=is_pano`);
    assert.ok(dataOf(pano.body).length > 0);
    assert.ok(dataOf(pano.body).every((i) => i.is_pano === true));
    const seq = longest();
    const first = findImage(emu.dataset, seq.imageIds[100] ?? '');
    assert.ok(first);
    const since = new Date(first.capturedAt).toISOString();
    const timed = await getJson(
      emu,
      `/images?sequence_ids=${seq.id}&start_captured_at=${since}&fields=captured_at`,
    );
    assert.ok(dataOf(timed.body).length > 0);
    assert.ok(dataOf(timed.body).every((i) => Number(i.captured_at) >= first.capturedAt));
    const org = emu.dataset.organizations[0];
    assert.ok(org);
    const byOrg = await getJson(
      emu,
      `/images?bbox=${box}&organization_id=${org.id}&fields=id&limit=50`,
    );
    for (const i of dataOf(byOrg.body)) {
      assert.equal(findImage(emu.dataset, String(i.id))?.organizationId, org.id);
    }
  });

  it('answers HTTP 500 "reduce the amount of data" for a dense bbox', async () => {
    const [lon, lat] = emu.dataset.center;
    const { status, body } = await getJson(
      emu,
      `/images?bbox=${bboxAround(lon, lat, 0.05)}&limit=5&fields=id`,
    );
    assert.equal(status, 500);
    const error = errorOf(body);
    assert.equal(error.code, 1);
    assert.match(String(error.message), /reduce the amount of data/);
  });

  it('pages a creator search with an absolute next URL that can be followed', async () => {
    const user = emu.dataset.users[0];
    assert.ok(user);
    const expected = emu.dataset.images.filter((i) => i.creatorId === user.id).map((i) => i.id);
    assert.ok(expected.length > 1000);
    const seen: string[] = [];
    let page = await getJson(emu, `/images?creator_username=${user.username}&limit=500&fields=id`);
    for (let guard = 0; guard < 20; guard++) {
      assert.equal(page.status, 200);
      seen.push(...dataOf(page.body).map((d) => String(d.id)));
      const next = (page.body.paging as { next?: string } | undefined)?.next;
      if (!next) break;
      assert.ok(next.startsWith(emu.graphUrl));
      assert.ok(new URL(next).searchParams.get('access_token'), 'next carries the token');
      // Followed as is, with no header: the URL works on its own.
      const res = await fetch(next);
      page = {
        status: res.status,
        headers: res.headers,
        body: (await res.json()) as Record<string, unknown>,
      };
    }
    assert.deepEqual(seen, expected);
  });

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

  it('answers organizations, users and /me', async () => {
    const org = emu.dataset.organizations[0];
    const user = emu.dataset.users[0];
    assert.ok(org && user);
    const o = await getJson(emu, `/${org.id}?fields=slug,name,description`);
    assert.deepEqual(o.body, {
      slug: org.slug,
      name: org.name,
      description: org.description,
      id: org.id,
    });
    const u = await getJson(emu, `/${user.id}?fields=username`);
    assert.deepEqual(u.body, { username: user.username, id: user.id });
    const me = await getJson(emu, '/me?fields=id,username', emu.issueUserToken());
    assert.deepEqual(me.body, { username: user.username, id: user.id });
    const meClient = await getJson(emu, '/me?fields=id,username');
    assert.equal(meClient.status, 400);
    assert.ok(typeof errorOf(meClient.body).code === 'number');
  });

  it('needs a valid token: header or access_token, and refuses revoked or expired ones', async () => {
    const image = emu.dataset.images[0];
    assert.ok(image);
    const bare = await fetch(`${emu.graphUrl}/${image.id}?fields=id`);
    assert.equal(bare.status, 401);
    assert.equal(errorOf((await bare.json()) as Record<string, unknown>).code, 190);
    const query = await fetch(
      `${emu.graphUrl}/${image.id}?fields=id&access_token=${encodeURIComponent(emu.clientToken)}`,
    );
    assert.equal(query.status, 200);
    // The documented header is `Authorization: OAuth <token>`; another scheme is not read.
    const bearer = await fetch(`${emu.graphUrl}/${image.id}?fields=id`, {
      headers: { Authorization: `Bearer ${emu.clientToken}` },
    });
    assert.equal(bearer.status, 401);
    const wrong = await getJson(emu, `/${image.id}?fields=id`, 'MLY|1|00');
    assert.equal(errorOf(wrong.body).code, 190);
    const user = emu.issueUserToken();
    assert.equal((await getJson(emu, `/${image.id}`, user)).status, 200);
    emu.revokeToken(user);
    assert.equal(errorOf((await getJson(emu, `/${image.id}`, user)).body).code, 190);
    const shortLived = emu.issueUserToken(0.05);
    assert.equal((await getJson(emu, `/${image.id}`, shortLived)).status, 200);
    clock.advance(50);
    assert.equal(errorOf((await getJson(emu, `/${image.id}`, shortLived)).body).code, 190);
  });
});
