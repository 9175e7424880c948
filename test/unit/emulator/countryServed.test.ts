// The emulator's `--size country`: the routes of the built datasets, answered from the country
// dataset generated on demand (tiles, entities, batches, a sequence's images, bbox searches with
// their dense-area 500, organizations and users).
import { strict as assert } from 'node:assert';
import { CountryDataset } from '../../emulator/countryDataset';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { decodeTile } from '../../../src/shared/tiles/boundedDecoder';
import { dataOf, errorOf, getJson, tileAt } from './emulatorClient';

const NICOSIA: [number, number] = [33.3642, 35.1725];

describe('emulator --size country', () => {
  let emu: Emulator;
  const country = new CountryDataset({ seed: 4 });

  before(async () => {
    emu = await startEmulator({ size: 'country', seed: 4, denseThreshold: 3000 });
  });
  after(async () => {
    await emu.close();
  });

  /** A few images and a sequence from the centre of the capital. */
  function sample(): { imageIds: string[]; sequenceId: string } {
    const ids: string[] = [];
    country.forEachImageIn(33.36, 35.17, 33.37, 35.175, (image) => {
      ids.push(image.id);
      return ids.length < 60;
    });
    const first = country.image(ids[0] ?? '');
    assert.ok(first, 'the capital has images');
    return { imageIds: ids, sequenceId: first.sequenceId };
  }

  it('holds nothing up front and describes itself as generated on demand', async () => {
    assert.equal(emu.dataset.size, 'country');
    assert.equal(emu.dataset.images.length, 0);
    assert.ok(emu.dataset.lazy);
    const res = await fetch(`${emu.graphUrl}/__emulator/dataset`);
    const summary = (await res.json()) as {
      generatedOnDemand?: boolean;
      bbox: number[];
      samples: { imageIds: string[]; organizations: unknown[] };
    };
    assert.equal(summary.generatedOnDemand, true);
    assert.deepEqual(summary.bbox, [32.2, 34.5, 34.7, 35.8]);
    assert.equal(summary.samples.organizations.length, 6);
    assert.ok(summary.samples.imageIds.length > 0);
  });

  it('serves the country tiles, byte for byte, and empty ones at sea', async () => {
    const { x, y } = tileAt(...NICOSIA, 14);
    const url = (z: number, tx: number, ty: number) =>
      `${emu.tilesUrl}/mly1_public/2/${z}/${tx}/${ty}?access_token=${encodeURIComponent(emu.clientToken)}`;
    const res = await fetch(url(14, x, y));
    assert.equal(res.status, 200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual(bytes, country.tile('mly1_public', 14, x, y));
    const decoded = decodeTile(bytes);
    assert.ok(decoded.ok && decoded.value.layers.some((l) => l.name === 'image'));
    const sea = tileAt(33.3, 34.55, 14);
    const empty = await fetch(url(14, sea.x, sea.y));
    assert.equal(empty.status, 200);
    assert.equal((await empty.arrayBuffer()).byteLength, 0);
  });

  it('answers an image, a batch in both forms, and a sequence in capture order', async () => {
    const { imageIds, sequenceId } = sample();
    const [a, b, c] = imageIds;
    assert.ok(a && b && c);
    const one = await getJson(emu, `/${a}?fields=geometry,sequence,creator,organization.name`);
    assert.equal(one.status, 200);
    const record = country.image(a);
    assert.ok(record);
    assert.deepEqual(one.body.geometry, { type: 'Point', coordinates: [record.lon, record.lat] });
    assert.equal(one.body.sequence, record.sequenceId);
    const creator = one.body.creator as { username?: string };
    assert.equal(creator.username, country.users.find((u) => u.id === record.creatorId)?.username);
    if (record.organizationId) {
      const org = one.body.organization as { id: string; name?: string };
      assert.equal(org.id, record.organizationId);
      assert.ok(org.name);
    }
    const batch = await getJson(emu, `/images?image_ids=${c},${a},${b}&fields=captured_at`);
    assert.deepEqual(
      dataOf(batch.body).map((i) => i.id),
      [c, a, b],
    );
    const keyed = await getJson(emu, `/?ids=${a},${b}&fields=is_pano`);
    assert.deepEqual(Object.keys(keyed.body).sort(), [a, b].sort());
    const sequence = await getJson(emu, `/image_ids?sequence_id=${sequenceId}`);
    assert.deepEqual(
      dataOf(sequence.body).map((i) => i.id),
      country.sequence(sequenceId)?.imageIds,
    );
    const unknown = await getJson(emu, '/image_ids?sequence_id=zzzzzzzzzzzzzzzzzzzzzz');
    assert.deepEqual(dataOf(unknown.body), []);
    const missing = await getJson(emu, '/1999999999999999?fields=id');
    assert.equal(errorOf(missing.body).code, 100);
  });

  it('searches a bbox with filters, and refuses a dense one with the 500', async () => {
    const org = country.organizations[0];
    assert.ok(org);
    const box = [33.36, 35.17, 33.365, 35.173];
    const expected: string[] = [];
    country.forEachImageIn(box[0]!, box[1]!, box[2]!, box[3]!, (image) => {
      if (image.organizationId === org.id) expected.push(image.id);
    });
    assert.ok(expected.length > 0);
    const found = await getJson(
      emu,
      `/images?bbox=${box.join(',')}&organization_id=${org.id}&fields=id`,
    );
    assert.equal(found.status, 200);
    assert.deepEqual(
      dataOf(found.body)
        .map((i) => i.id)
        .sort(),
      expected.sort(),
    );
    const dense = await getJson(emu, `/images?bbox=33.3,35.1,33.45,35.25&fields=id`);
    assert.equal(dense.status, 500);
    assert.match(String(errorOf(dense.body).message), /reduce the amount of data/);
  });

  it('answers organizations and users, and lists a creator by pages', async () => {
    const org = country.organizations[3];
    assert.ok(org);
    const answer = await getJson(emu, `/${org.id}?fields=name,slug`);
    assert.equal(answer.body.name, org.name);
    // The creator with the fewest images keeps the listing short: the Troodos organization's.
    const troodos = country.organizations[5];
    assert.ok(troodos);
    const user = country.world.creatorsOf(5)[0];
    assert.ok(user);
    const named = await getJson(emu, `/${user.id}?fields=username`);
    assert.equal(named.body.username, user.name);
    let expected = 0;
    country.forEachImageIn(...country.bbox, (image) => {
      if (image.creatorId === user.id) expected++;
    });
    const first = await getJson(emu, `/images?creator_username=${user.name}&fields=id&limit=500`);
    let total = dataOf(first.body).length;
    let next = (first.body.paging as { next?: string } | undefined)?.next;
    while (next) {
      const page = (await (await fetch(next)).json()) as Record<string, unknown>;
      total += dataOf(page).length;
      next = (page.paging as { next?: string } | undefined)?.next;
    }
    assert.ok(expected > 0);
    assert.equal(total, expected);
  });
});
