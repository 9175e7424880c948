// Collections over the emulator: following paging.next with the token in the header only,
// refusing a next URL on another origin, and reading entities of every kind.
import { strict as assert } from 'node:assert';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { pages } from '../../../src/core/api/paging';
import { GraphClient } from '../../../src/core/http/graphClient';
import { imageSchema } from '../../../src/shared/api/entities';
import { GraphError } from '../../../src/shared/api/graphError';
import { FakeClock, collect, makeClient, rejection, useEmulator } from './harness';

describe('collections over HTTP (emulator)', function () {
  this.timeout(60_000);
  const emulator = useEmulator();

  it('follows paging.next to the end, with the token in the header only', async () => {
    const creator = emulator().dataset.users.find(
      (u) => emulator().dataset.images.filter((r) => r.creatorId === u.id).length > 120,
    );
    assert.ok(creator, 'a creator with more than one page of images');
    const { client, sent } = makeClient(emulator());
    const api = new MapillaryApi(client);
    const images = await collect(api.listImages({ creatorUsername: creator.username, limit: 50 }));
    const expected = emulator().dataset.images.filter((r) => r.creatorId === creator.id);
    assert.equal(images.length, expected.length);
    assert.deepEqual(new Set(images.map((i) => i.id)), new Set(expected.map((r) => r.id)));
    assert.equal(sent.length, Math.ceil(expected.length / 50));
    for (const request of sent) {
      assert.ok(!request.url.includes('access_token'), 'the token in next was dropped');
      assert.equal(request.headers.authorization, `OAuth ${emulator().clientToken}`);
    }
  });

  it('refuses a paging.next that points at another origin', async () => {
    const client = new GraphClient({
      baseUrl: 'http://127.0.0.1:9',
      getToken: () => Promise.resolve('t'),
      clock: new FakeClock(),
      fetch: () =>
        Promise.resolve(
          new Response(
            JSON.stringify({
              data: [{ id: '1' }],
              paging: { next: 'http://evil.example/x?access_token=t' },
            }),
          ),
        ),
    });
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const page of pages(client, 'images', {}, imageSchema)) {
          seen.push(...page.data.map((d) => d.id ?? ''));
        }
      })(),
    );
    assert.deepEqual(seen, ['1']);
    assert.ok(error instanceof GraphError && error.kind === 'invalid-response');
  });

  it('reads entities of every kind', async () => {
    const em = emulator();
    const { client } = makeClient(em);
    const api = new MapillaryApi(client);
    const sequence = em.dataset.sequences[0];
    assert.ok(sequence);
    assert.deepEqual(await api.getImageIds(sequence.id), sequence.imageIds);
    assert.deepEqual(await api.getImageIds('nosuchsequence0000000a'), []);
    const feature = em.dataset.mapFeatures[0];
    assert.ok(feature);
    const got = await api.getMapFeature(feature.id);
    assert.equal(got.id, feature.id);
    assert.equal(got.object_type, feature.objectType);
    const withDetections = em.dataset.images.find((r) => r.detectionIds.length > 0);
    assert.ok(withDetections);
    const detections = await api.getDetections(withDetections.id);
    assert.deepEqual(new Set(detections.map((d) => d.id)), new Set(withDetections.detectionIds));
    const org = em.dataset.organizations[0];
    assert.ok(org);
    assert.equal((await api.getOrganization(org.id)).slug, org.slug);
    const user = em.dataset.users[0];
    assert.ok(user);
    assert.equal((await api.getUser(user.id)).username, user.username);
    const userClient = makeClient(em, { getToken: () => Promise.resolve(em.issueUserToken()) });
    const me = await new MapillaryApi(userClient.client).getMe();
    assert.equal(me.id, user.id);
    const withClientToken = await rejection(api.getMe());
    assert.ok(withClientToken instanceof GraphError && withClientToken.kind === 'permission');
  });
});
