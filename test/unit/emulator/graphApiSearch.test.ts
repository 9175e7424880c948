// The emulator's lookups and searches: ?ids=, unknown ids, a sequence's image ids, bbox searches with
// their limit, filters and dense-area 500, and paging that can be followed.
import { strict as assert } from 'node:assert';
import { type Emulator } from '../../emulator/emulator';
import { findImage } from '../../emulator/dataset';
import { bboxAround, dataOf, errorOf, getJson } from './emulatorClient';
import { useGraphApiEmulator } from './graphApiTestSupport';

describe('emulator graph API: ids and searches', () => {
  let emu: Emulator;
  useGraphApiEmulator((started) => (emu = started));

  const longest = (): { id: string; imageIds: string[] } =>
    emu.dataset.sequences.reduce((a, b) => (b.imageIds.length > a.imageIds.length ? b : a));

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
});
