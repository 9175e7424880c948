// The Explorer's commands, each run alone through the command table with a recording window and
// map, against the emulator: what each asks, shows, writes, copies and opens, and what it refuses.
import { strict as assert } from 'node:assert';
import { type ExplorerNode, type ImageNode } from '../../../src/shared/explorer/explorerNode';
import { type ExplorerCommandInput } from '../../../src/extension/tree/explorerCommand';
import { EXPLORER_COMMANDS } from '../../../src/extension/tree/explorerCommandIds';
import {
  EXPLORER_COMMAND_HANDLERS,
  runExplorerCommand,
} from '../../../src/extension/tree/explorerCommands';
import { showNodeOnMap } from '../../../src/extension/tree/mapCommands';
import { type ExplorerCommandId } from '../../../src/extension/tree/explorerCommandIds';
import { silentLogger } from '../../../src/shared/logger';
import { useEmulator } from '../core/harness';
import { type CommandHarness, commandHarness } from './commandHarness';

/** An image node as the tree holds one. */
function imageNode(id: string, lon?: number, lat?: number, sequence?: string): ImageNode {
  return {
    kind: 'image',
    key: `test/img/${id}`,
    parent: undefined,
    image: {
      id,
      ...(lon !== undefined && lat !== undefined
        ? { geometry: { type: 'Point', coordinates: [lon, lat] } }
        : {}),
      ...(sequence ? { sequence } : {}),
    },
  };
}

describe('Explorer commands, one at a time', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  let h: CommandHarness;
  const run = (id: ExplorerCommandId, input: Partial<ExplorerCommandInput> = {}) =>
    runExplorerCommand(h.context, silentLogger, id, { node: undefined, args: [], ...input });
  const area = (): [number, number, number, number] => {
    const [lon, lat] = emulator().dataset.center;
    return [lon - 0.006, lat - 0.0036, lon + 0.006, lat + 0.0036];
  };

  beforeEach(async () => {
    h = await commandHarness(emulator());
  });

  it('has one handler for every Explorer command and no other', () => {
    assert.deepEqual(Object.keys(EXPLORER_COMMAND_HANDLERS).sort(), [...EXPLORER_COMMANDS].sort());
    for (const id of EXPLORER_COMMANDS) {
      assert.equal(typeof EXPLORER_COMMAND_HANDLERS[id], 'function', id);
    }
  });

  it('adds an organization after one check, saves and reveals it', async () => {
    const org = emulator().dataset.organizations[0];
    assert.ok(org);
    emulator().resetLog();
    assert.equal(
      await run('mapillary.explorer.addOrganization', { args: [` ${org.id} `] }),
      org.id,
    );
    assert.equal(emulator().count('graph:'), 1);
    assert.deepEqual(h.saves, [[org.id]]);
    assert.deepEqual(
      h.model.listOrganizations().map((o) => o.id),
      [org.id],
    );
    assert.equal(h.revealed[0]?.node.kind, 'organization');
    assert.deepEqual(h.ui.asked, []);
  });

  it('refuses an organization id that is not digits without asking the API', async () => {
    emulator().resetLog();
    assert.equal(await run('mapillary.explorer.addOrganization', { args: ['abc'] }), undefined);
    assert.equal(emulator().count('graph:'), 0);
    assert.deepEqual(h.ui.messages('error'), [
      'Mapillary: "abc" is not a valid Mapillary organization id (digits only, at most 20, not starting with 0).',
    ]);
    assert.deepEqual(h.saves, []);
  });

  it('says an unknown organization is unknown, and adds nothing', async () => {
    assert.equal(
      await run('mapillary.explorer.addOrganization', { args: ['999999999'] }),
      undefined,
    );
    assert.match(h.ui.messages('error')[0] ?? '', /No organization with id 999999999/);
    assert.deepEqual(h.model.listOrganizations(), []);
  });

  it('asks for the organization id when none is given, and stops when the prompt is cancelled', async () => {
    assert.equal(await run('mapillary.explorer.addOrganization'), undefined);
    assert.deepEqual(h.ui.asked, ['organizationId']);
    assert.deepEqual(h.ui.shown, []);
  });

  it('removes the organization it is run on, and asks for an item without one', async () => {
    const org = h.model.addOrganization({ id: '42', name: 'x' });
    await run('mapillary.explorer.removeOrganization');
    assert.deepEqual(h.ui.messages('info'), [
      'Mapillary: select an item in the Mapillary Explorer first.',
    ]);
    assert.equal(h.model.listOrganizations().length, 1);
    await run('mapillary.explorer.removeOrganization', { node: org });
    assert.deepEqual(h.model.listOrganizations(), []);
    assert.deepEqual(h.saves, [[]]);
  });

  it('writes a good area, and refuses swapped corners with the parser’s message', async () => {
    assert.equal(
      await run('mapillary.explorer.setArea', { args: ['13.1,55.7,13.0,55.6'] }),
      undefined,
    );
    assert.match(h.ui.messages('error')[0] ?? '', /swapped/);
    assert.deepEqual(h.areas, []);
    assert.equal(
      await run('mapillary.explorer.setArea', { args: ['13.0,55.6,13.01,55.61'] }),
      '13,55.6,13.01,55.61',
    );
    assert.deepEqual(h.areas, [[13, 55.6, 13.01, 55.61]]);
    assert.deepEqual(h.model.area?.bbox, [13, 55.6, 13.01, 55.61]);
  });

  it('sets the area from the map’s last view, and says to open the map when there is none', async () => {
    assert.equal(await run('mapillary.explorer.setAreaFromMap'), undefined);
    assert.deepEqual(h.ui.messages('info'), [
      'Mapillary: open the map and move it to the area first.',
    ]);
    h.map.view = { center: [55.6, 13.0], zoom: 16 };
    const written = (await run('mapillary.explorer.setAreaFromMap')) as string;
    const [minLon = NaN, minLat = NaN, maxLon = NaN, maxLat = NaN] = written.split(',').map(Number);
    assert.ok(minLon < 13 && 13 < maxLon && minLat < 55.6 && 55.6 < maxLat, written);
    assert.equal(h.areas.length, 1);
    // The whole world is not an area.
    h.map.view = { center: [0, 0], zoom: 2 };
    assert.equal(await run('mapillary.explorer.setAreaFromMap'), undefined);
    assert.match(h.ui.messages('error')[0] ?? '', /cannot be the area.*Zoom the map in/);
  });

  it('searches images with the filters given, and adds the results as one revealed entry', async () => {
    const [w, s, e, n] = area();
    h.model.setArea(area());
    const panos = emulator().dataset.images.filter(
      (i) => i.isPano && i.lon >= w && i.lon <= e && i.lat >= s && i.lat <= n,
    ).length;
    assert.ok(panos > 0);
    assert.equal(await run('mapillary.explorer.searchImages', { args: [{ isPano: true }] }), panos);
    const search = h.model.roots().find((r) => r.kind === 'search');
    assert.ok(search?.kind === 'search');
    assert.equal(search.title, `Images (${panos})`);
    assert.match(search.detail, /^in [-\d.,]+ · pano pano$/);
    assert.deepEqual(h.revealed[0]?.options, { expand: true });
    assert.deepEqual(h.ui.progress[0], {
      title: 'Searching images',
      cancellable: true,
      reports: [],
    });
  });

  it('refuses to search without an area, before asking anything', async () => {
    assert.equal(await run('mapillary.explorer.searchMapFeatures'), undefined);
    assert.deepEqual(h.ui.messages('error'), [
      'Mapillary: Set an area first (Mapillary: Set Area).',
    ]);
    assert.deepEqual(h.ui.asked, []);
  });

  it('searches map features with a wildcard and removes the search again', async () => {
    const [w, s, e, n] = area();
    h.model.setArea(area());
    const signs = emulator().dataset.mapFeatures.filter(
      (f) =>
        f.objectValue.startsWith('regulatory--') &&
        f.lon >= w &&
        f.lon <= e &&
        f.lat >= s &&
        f.lat <= n,
    ).length;
    h.ui.answers.mapFeatureSearch = { objectValues: ['regulatory--*'] };
    assert.equal(await run('mapillary.explorer.searchMapFeatures'), signs);
    assert.deepEqual(h.ui.asked, ['mapFeatureSearch']);
    const search = h.model.roots().find((r) => r.kind === 'search');
    assert.ok(search);
    assert.match(search.kind === 'search' ? search.detail : '', /values regulatory--\*$/);
    await run('mapillary.explorer.removeSearch', { node: search });
    assert.equal(h.model.roots().filter((r) => r.kind === 'search').length, 0);
  });

  it('opens an image from a link: adds it, reveals it and shows it in the viewer', async () => {
    const image = emulator().dataset.images[3];
    assert.ok(image);
    assert.equal(
      await run('mapillary.explorer.openImage', {
        args: ['https://www.mapillary.com/app/?mapFeatureKey=5'],
      }),
      undefined,
    );
    assert.match(h.ui.messages('error')[0] ?? '', /map feature/);
    assert.equal(
      await run('mapillary.explorer.openImage', {
        args: [`https://www.mapillary.com/app/?pKey=${image.id}`],
      }),
      image.id,
    );
    assert.deepEqual(h.viewerOpened, [image.id]);
    assert.deepEqual(
      h.details,
      [],
      'Show Details keeps the fields view; Open Image does not open it',
    );
    const revealed = h.revealed[0]?.node;
    assert.ok(revealed?.kind === 'image' && revealed.image.id === image.id);
  });

  it('says an image that does not exist does not exist', async () => {
    assert.equal(await run('mapillary.explorer.openImage', { args: ['1'] }), undefined);
    assert.deepEqual(h.ui.messages('error'), [
      'Mapillary: Image 1 does not exist or you may not see it.',
    ]);
  });

  it('copies an id and an embed snippet, and opens the image’s page', async () => {
    const node = imageNode('1234567890');
    assert.equal(await run('mapillary.explorer.copyId', { node }), '1234567890');
    const snippet = (await run('mapillary.explorer.copyEmbedSnippet', {
      node,
      args: [node, 'split'],
    })) as string;
    assert.match(
      snippet,
      /^<iframe src="https:\/\/www\.mapillary\.com\/embed\?image_key=1234567890&style=split"/,
    );
    assert.deepEqual(h.ui.copied, ['1234567890', snippet]);
    assert.deepEqual(h.ui.messages('status'), [
      'Copied 1234567890',
      'Copied the embed snippet of 1234567890 (split)',
    ]);
    await run('mapillary.explorer.openInBrowser', { node });
    assert.deepEqual(h.ui.opened, ['https://www.mapillary.com/app/?pKey=1234567890']);
  });

  it('asks for the embed style when none is given, and copies nothing when cancelled', async () => {
    await run('mapillary.explorer.copyEmbedSnippet', { node: imageNode('1') });
    assert.deepEqual(h.ui.asked, ['embedStyle']);
    assert.deepEqual(h.ui.copied, []);
  });

  it('shows an image on the map at its position, opening the map without taking the focus', async () => {
    await run('mapillary.explorer.showOnMap', { node: imageNode('7', 13.01, 55.6, 'seqA') });
    assert.deepEqual(h.map.calls, [
      'show {"center":[55.6,13.01],"zoom":18} {"preserveFocus":true}',
    ]);
    assert.deepEqual(h.map.highlighted, [['seqA']]);
    await run('mapillary.explorer.showOnMap', { node: imageNode('8') });
    assert.deepEqual(h.ui.messages('info'), ['Mapillary: this image has no position.']);
    assert.equal(h.map.calls.length, 1);
  });

  it('moves only an open map when the tree selection changes, and never for an organization', () => {
    const node = imageNode('7', 13.01, 55.6);
    showNodeOnMap(h.context, node, false);
    assert.deepEqual(h.map.calls, [], 'a closed map stays closed');
    h.map.open = true;
    showNodeOnMap(h.context, node, false);
    h.model.setArea([13, 55.6, 13.02, 55.62]);
    const org = h.model.addOrganization({ id: '1', name: 'o' });
    showNodeOnMap(h.context, org, false);
    assert.deepEqual(h.map.calls, ['moveTo {"center":[55.6,13.01],"zoom":18}']);
    showNodeOnMap(h.context, org, true);
    assert.equal(h.map.calls[1], 'show {"center":[55.61,13.01],"zoom":15} {"preserveFocus":true}');
  });

  it('reveals the map’s selection in the tree, or says to select on the map first', async () => {
    await run('mapillary.explorer.revealInTree');
    assert.deepEqual(h.ui.messages('info'), ['Mapillary: select images on the map first.']);
    h.map.selected = ['55', '66'];
    await run('mapillary.explorer.revealInTree');
    assert.deepEqual(h.revealedImages, ['55']);
  });

  it('loads the next page of a long list, and refreshes the node given or the whole tree', async () => {
    const images = Array.from({ length: 150 }, (_, i) => ({ id: String(1000 + i) }));
    const search = h.model.addSearch('s', '', 'images', images);
    const first = await h.model.children(search);
    assert.equal(first.filter((n) => n.kind === 'image').length, 100);
    const more = first.find((n) => n.kind === 'loadMore');
    assert.ok(more);
    await run('mapillary.explorer.loadMore', { node: more });
    const all = await h.model.children(search);
    assert.equal(all.filter((n) => n.kind === 'image').length, 150);
    const changes: (ExplorerNode | undefined)[] = [];
    h.model.onDidChange((node) => changes.push(node));
    await run('mapillary.explorer.refresh', { args: [search] });
    await run('mapillary.explorer.refresh', { node: search, args: ['not a node'] });
    assert.deepEqual(changes, [search, undefined]);
    // Retry acts on error nodes only.
    assert.equal(await run('mapillary.explorer.retry', { node: search }), undefined);
    assert.deepEqual(h.ui.shown, []);
  });
});
