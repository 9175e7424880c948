import { strict as assert } from 'node:assert';
import { createMapillaryClient, type MapillaryClient } from '../../../src/core/api/mapillaryClient';
import { createExplorerSource } from '../../../src/core/explorer/explorerSource';
import { ExplorerModel } from '../../../src/shared/explorer/explorerModel';
import { type SequenceNode } from '../../../src/shared/explorer/explorerNode';
import { useEmulator } from '../core/harness';

describe('explorer source over the client (emulator)', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  let client: MapillaryClient;
  beforeEach(async () => {
    const em = emulator();
    client = await createMapillaryClient({
      graphUrl: em.graphUrl,
      tilesUrl: em.tilesUrl,
      getToken: () => Promise.resolve(em.clientToken),
    });
  });

  it('reads a 1,150-image sequence a page at a time with batched ?ids= calls', async () => {
    const em = emulator();
    const long = em.dataset.sequences[0];
    assert.ok(long && long.imageIds.length === 1150);
    const model = new ExplorerModel({
      source: createExplorerSource(() => Promise.resolve(client)),
    });
    const search = model.addSearch('s', '', 'images', []);
    // A sequence node under any parent: the model only needs its id.
    const sequence: SequenceNode = {
      kind: 'sequence',
      key: `${search.key}/seq/${long.id}`,
      parent: search,
      sequence: { id: long.id, capturedAt: 0, imagesInArea: 0, isPano: false },
    };
    em.resetLog();
    const page = await model.children(sequence);
    assert.equal(sequence.imageCount, 1150);
    assert.equal(page.length, 101);
    assert.deepEqual(
      page.slice(0, 100).map((n) => (n.kind === 'image' ? n.image.id : '')),
      long.imageIds.slice(0, 100),
    );
    assert.ok(
      page.slice(0, 100).every((n) => n.kind === 'image' && n.image.captured_at !== undefined),
    );
    assert.equal(em.count('graph:image_ids'), 1);
    // 100 ids in batches of 50: two ?ids= calls for the first page.
    assert.equal(em.requests().filter((r) => r.endpoint !== 'graph:image_ids').length, 2);
  });

  it('groups a creator’s images into their sequences, newest first', async () => {
    const em = emulator();
    const user = em.dataset.users[0];
    assert.ok(user);
    const source = createExplorerSource(() => Promise.resolve(client));
    const sequences = await source.listUserSequences({ id: user.id, username: user.username });
    const expected = em.dataset.sequences.filter((s) => s.creatorId === user.id);
    assert.deepEqual(new Set(sequences.map((s) => s.id)), new Set(expected.map((s) => s.id)));
    for (const s of sequences) {
      const record = expected.find((e) => e.id === s.id);
      assert.equal(s.imagesInArea, record?.imageIds.length);
    }
    for (let i = 1; i < sequences.length; i++) {
      assert.ok((sequences[i - 1]?.capturedAt ?? 0) >= (sequences[i]?.capturedAt ?? 0));
    }
  });
});
