// The Explorer's tree model over a stand-in source: the roots, listing an area, loading each node
// once, paging with Load more, failures that become error nodes, and locating an image.
import { strict as assert } from 'node:assert';
import { type Bbox } from '../../../src/shared/api/bbox';
import { GraphError, adviceFor } from '../../../src/shared/api/graphError';
import { ExplorerModel } from '../../../src/shared/explorer/explorerModel';
import {
  type ErrorNode,
  type ExplorerImage,
  type ExplorerNode,
  type SequenceSummary,
} from '../../../src/shared/explorer/explorerNode';
import { FakeSource, range } from './fakeSource';

const area: Bbox = [13, 55.6, 13.01, 55.61];

function seq(id: string, capturedAt: number, count = 3): SequenceSummary {
  return { id, capturedAt, imagesInArea: count, isPano: false };
}

function kinds(nodes: ExplorerNode[]): string[] {
  return nodes.map((n) => n.kind);
}

describe('explorer tree model', () => {
  it('orders roots: My uploads, organizations by name, newest search first', () => {
    const model = new ExplorerModel({ source: new FakeSource([], {}) });
    model.addOrganization({ id: '2', name: 'zeta' });
    model.addOrganization({ id: '1', name: 'Alpha' });
    model.setAccount({ id: '9', username: 'me' });
    model.addSearch('first', '', 'images', []);
    model.addSearch('second', '', 'images', []);
    const roots = model.roots();
    assert.deepEqual(
      roots.map((n) =>
        n.kind === 'organization' ? n.organization.name : n.kind === 'search' ? n.title : n.kind,
      ),
      ['myUploads', 'Alpha', 'zeta', 'second', 'first'],
    );
  });

  it('asks for an area before listing, then lists sequences in the source order', async () => {
    const source = new FakeSource([seq('b', 200), seq('a', 100)], {});
    const model = new ExplorerModel({ source });
    const org = model.addOrganization({ id: '1', name: 'Org' });
    const before = await model.children(org);
    assert.equal(before.length, 1);
    assert.equal(before[0]?.kind, 'message');
    assert.equal(before[0]?.kind === 'message' && before[0].action, 'setArea');
    assert.equal(source.calls.findSequences, 0);
    model.setArea(area);
    const after = await model.children(org);
    assert.deepEqual(
      after.map((n) => (n.kind === 'sequence' ? n.sequence.id : n.kind)),
      ['b', 'a'],
    );
  });

  it('says so when an organization has no imagery in the area', async () => {
    const model = new ExplorerModel({ source: new FakeSource([], {}) });
    const org = model.addOrganization({ id: '1', name: 'Empty Org' });
    model.setArea(area);
    const children = await model.children(org);
    assert.equal(children.length, 1);
    assert.ok(
      children[0]?.kind === 'message' && /No imagery of Empty Org/.test(children[0].message),
    );
  });

  it('shares one load among concurrent requests for the same node', async () => {
    const source = new FakeSource([seq('a', 1)], {});
    let open!: () => void;
    source.gate = new Promise((resolve) => (open = resolve));
    const model = new ExplorerModel({ source });
    const org = model.addOrganization({ id: '1' });
    model.setArea(area);
    const loads = [model.children(org), model.children(org), model.children(org)];
    assert.equal(model.isLoading(org), true);
    open();
    const results = await Promise.all(loads);
    assert.equal(source.calls.findSequences, 1);
    assert.equal(results[0], results[1]);
    assert.equal(model.isLoading(org), false);
    await model.children(org);
    assert.equal(source.calls.findSequences, 1, 'a loaded node is not reloaded');
  });

  it('pages a long sequence with Load more, fetching each page once, in capture order', async () => {
    const ids = range(1000, 1150);
    const source = new FakeSource([seq('long', 1, 1150)], { long: ids });
    const model = new ExplorerModel({ source, pageSizes: { images: 100 } });
    const org = model.addOrganization({ id: '1' });
    model.setArea(area);
    const [sequence] = await model.children(org);
    assert.ok(sequence?.kind === 'sequence');
    let children = await model.children(sequence);
    assert.equal(sequence.imageCount, 1150);
    assert.equal(children.length, 101);
    const more = children[100];
    assert.ok(more?.kind === 'loadMore');
    assert.equal(more.remaining, 1050);
    await Promise.all([model.loadMore(more), model.loadMore(more)]);
    assert.equal(source.calls.getImages, 2, 'two concurrent clicks load one page');
    children = await model.children(sequence);
    assert.equal(children.length, 201);
    for (let i = 0; i < 11; i++) await model.loadMore(sequence);
    children = await model.children(sequence);
    assert.equal(children.length, 1150, 'no Load more once everything is shown');
    assert.deepEqual(
      children.map((c) => (c.kind === 'image' ? c.image.id : '')),
      ids,
    );
    assert.deepEqual(
      source.requestedIds.map((batch) => batch.length),
      [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 50],
    );
  });

  it('marks images the service did not return instead of dropping them', async () => {
    const source = new FakeSource([seq('s', 1)], { s: ['1', '2', '3'] }, new Set(['2']));
    const model = new ExplorerModel({ source });
    const org = model.addOrganization({ id: '1' });
    model.setArea(area);
    const [sequence] = await model.children(org);
    assert.ok(sequence);
    const images = await model.children(sequence);
    assert.deepEqual(
      images.map((n) => n.kind === 'image' && n.unavailable),
      [false, true, false],
    );
  });

  it('turns a failure into an error node whose Retry reloads, without throwing', async () => {
    const source = new FakeSource([seq('a', 1)], {});
    source.failNext.findSequences = new GraphError('invalid-token', adviceFor('invalid-token'));
    const model = new ExplorerModel({ source });
    const org = model.addOrganization({ id: '1' });
    model.setArea(area);
    const changes: (ExplorerNode | undefined)[] = [];
    model.onDidChange((n) => changes.push(n));
    const failed = await model.children(org);
    assert.deepEqual(kinds(failed), ['error']);
    const error = failed[0] as ErrorNode;
    assert.match(error.message, /sign in again/);
    assert.equal(error.retry, 'children');
    await model.retry(error);
    assert.equal(changes.at(-1), org);
    const retried = await model.children(org);
    assert.deepEqual(kinds(retried), ['sequence']);
    assert.equal(source.calls.findSequences, 2);
  });

  it('keeps loaded images when Load more fails, and retries just that page', async () => {
    const source = new FakeSource([seq('s', 1)], { s: range(1, 5) });
    const model = new ExplorerModel({ source, pageSizes: { images: 2 } });
    const org = model.addOrganization({ id: '1' });
    model.setArea(area);
    const [sequence] = await model.children(org);
    assert.ok(sequence);
    await model.children(sequence);
    source.failNext.getImages = new GraphError('rate-limit', adviceFor('rate-limit'));
    await model.loadMore(sequence);
    let children = await model.children(sequence);
    assert.deepEqual(kinds(children), ['image', 'image', 'error']);
    const error = children[2] as ErrorNode;
    assert.equal(error.retry, 'more');
    assert.match(error.message, /limiting requests/);
    await model.retry(error);
    children = await model.children(sequence);
    assert.deepEqual(kinds(children), ['image', 'image', 'image', 'image', 'loadMore']);
  });

  it('a thrown non-Graph error still becomes an error node', async () => {
    const source = new FakeSource([seq('s', 1)], {});
    source.failNext.getImageIds = new TypeError('boom');
    const model = new ExplorerModel({ source });
    const org = model.addOrganization({ id: '1' });
    model.setArea(area);
    const [sequence] = await model.children(org);
    assert.ok(sequence);
    const children = await model.children(sequence);
    assert.ok(children[0]?.kind === 'error' && children[0].message === 'boom');
  });

  it('forgets sequences when the area changes, and removes organizations', async () => {
    const source = new FakeSource([seq('a', 1)], {});
    const model = new ExplorerModel({ source });
    const org = model.addOrganization({ id: '1' });
    model.setArea(area);
    await model.children(org);
    model.setArea(area);
    await model.children(org);
    assert.equal(source.calls.findSequences, 1, 'the same area is not listed again');
    model.setArea([13, 55.6, 13.02, 55.62]);
    await model.children(org);
    assert.equal(source.calls.findSequences, 2);
    assert.equal(model.removeOrganization('1'), true);
    assert.equal(model.removeOrganization('1'), false);
    assert.deepEqual(model.roots(), []);
  });

  it('lists every field of an image as its children and pages search results', async () => {
    const model = new ExplorerModel({ source: new FakeSource([], {}), pageSizes: { results: 2 } });
    const images: ExplorerImage[] = [
      { id: '1', captured_at: 1_700_000_000_000, creator: { id: '5', username: 'ann' } },
      { id: '2' },
      { id: '3' },
    ];
    const search = model.addSearch('Images', 'bbox', 'images', images);
    const page = await model.children(search);
    assert.deepEqual(kinds(page), ['image', 'image', 'loadMore']);
    const fields = await model.children(page[0]);
    assert.deepEqual(
      fields.map((f) => (f.kind === 'field' ? `${f.label}=${f.value}` : '')),
      [
        'captured_at=1700000000000 (2023-11-14 22:13:20 UTC)',
        'creator.id=5',
        'creator.username=ann',
        'id=1',
      ],
    );
    await model.loadMore(page[2] as ExplorerNode);
    assert.deepEqual(kinds(await model.children(search)), ['image', 'image', 'image']);
  });

  it('locates an image for reveal by paging through its loaded sequence', async () => {
    const source = new FakeSource([seq('s', 1)], { s: range(1, 10) });
    const model = new ExplorerModel({ source, pageSizes: { images: 3 } });
    const org = model.addOrganization({ id: '1' });
    model.setArea(area);
    await model.children(org);
    assert.equal(await model.locateImage('9'), undefined, 'not loaded and no sequence given');
    const found = await model.locateImage('9', 's');
    assert.equal(found?.image.id, '9');
    assert.equal(found?.position, 9);
    assert.equal(model.parent(found)?.kind, 'sequence');
    assert.equal(model.parent(model.parent(found) as ExplorerNode), org);
  });
});
