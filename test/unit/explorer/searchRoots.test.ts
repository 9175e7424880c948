// The Explorer's tree model: the images selected on the map as a root, and the order of search
// results.
import { strict as assert } from 'node:assert';
import { ExplorerModel } from '../../../src/shared/explorer/explorerModel';
import { FakeSource, range } from './fakeSource';

describe('explorer tree model: the map selection and search results', () => {
  it('lists exactly the images selected on the map as one root, a page at a time', async () => {
    const source = new FakeSource([], {});
    const model = new ExplorerModel({ source, pageSizes: { images: 100 } });
    const ids = range(1000, 244);
    const root = model.setMapSelection(ids);
    assert.ok(root);
    assert.equal(root.kind === 'search' && root.title, 'Selected on the map (244)');
    let children = await model.children(root);
    assert.equal(children.filter((n) => n.kind === 'image').length, 100);
    const more = children.at(-1);
    assert.ok(more?.kind === 'loadMore');
    await model.loadMore(more);
    await model.loadMore(more);
    children = await model.children(root);
    const listed = children
      .filter((n) => n.kind === 'image')
      .map((n) => n.kind === 'image' && n.image.id);
    assert.deepEqual(listed, ids, 'every selected image, once, in order');
    assert.deepEqual(
      source.requestedIds.map((batch) => batch.length),
      [100, 100, 44],
      'metadata read a page at a time',
    );
  });

  it('replaces the selection root with the next selection, and removes it when cleared', async () => {
    const model = new ExplorerModel({ source: new FakeSource([], {}) });
    model.setMapSelection(range(1, 3));
    const second = model.setMapSelection(range(10, 2));
    const roots = await model.children();
    assert.deepEqual(
      roots.filter((n) => n.kind === 'search').map((n) => n.kind === 'search' && n.title),
      ['Selected on the map (2)'],
    );
    assert.ok(second);
    assert.equal(model.setMapSelection([]), undefined);
    assert.equal((await model.children()).filter((n) => n.kind === 'search').length, 0);
  });

  it('lists image search results in capture order, unknown times last', async () => {
    const model = new ExplorerModel({ source: new FakeSource([], {}) });
    const search = model.addSearch('Images (4)', 'in the area', 'images', [
      { id: '3', captured_at: 3000 },
      { id: '9' },
      { id: '1', captured_at: 1000 },
      { id: '2', captured_at: 2000 },
    ]);
    const children = await model.children(search);
    assert.deepEqual(
      children.map((n) => n.kind === 'image' && n.image.id),
      ['1', '2', '3', '9'],
    );
  });

  it('keeps a ranked search in the order given', async () => {
    const model = new ExplorerModel({ source: new FakeSource([], {}) });
    const ranked = [
      { id: '3', captured_at: 3000 },
      { id: '1', captured_at: 1000 },
      { id: '2', captured_at: 2000 },
    ];
    const search = model.addSearch('Images near', 'nearest first', 'images', ranked, {
      ranked: true,
    });
    const children = await model.children(search);
    assert.deepEqual(
      children.map((n) => n.kind === 'image' && n.image.id),
      ['3', '1', '2'],
    );
    assert.deepEqual(model.searchIds(search), ['3', '1', '2']);
  });

  it("gives the map selection's ids to the exports that act on a search", () => {
    const model = new ExplorerModel({ source: new FakeSource([], {}) });
    const root = model.setMapSelection(range(1, 5));
    assert.ok(root?.kind === 'search');
    assert.deepEqual(model.searchIds(root), range(1, 5));
  });
});
