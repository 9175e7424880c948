// The Explorer tree's commands in the real extension host, against the emulator: every command is
// registered, the area command checks its input and writes the setting, an organization is added
// by id (and an unknown one refused), both searches run with filters given as arguments, an image
// opens from a link and from a tree item, and an image shown on the map sets the area to the map's
// view. (The clipboard needs the browser's permission: the end-to-end test covers the copy
// commands.)
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { EXPLORER_COMMANDS } from '../../../src/extension/tree/explorerCommandIds';
import { waitFor } from '../../support/waitFor';
import { type Emulator } from '../../emulator/emulator';
import { type EmulatedHost, startEmulatedHost, stopEmulatedHost } from '../emulatedHost';

describe('Explorer tree commands', function () {
  this.timeout(120_000);
  let host: EmulatedHost<unknown>;
  let emulator: Emulator;
  const config = () => vscode.workspace.getConfiguration('mapillary');
  const run = <T>(command: string, ...args: unknown[]) =>
    vscode.commands.executeCommand<T>(command, ...args);

  before(async () => {
    host = await startEmulatedHost();
    emulator = host.emulator;
  });

  after(() => stopEmulatedHost(host, ['area']));

  it('registers every Explorer command', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of EXPLORER_COMMANDS) assert.ok(all.has(id), `${id} is registered`);
  });

  it('refuses a bad area and writes a good one to the setting', async () => {
    await config().update('area', undefined, vscode.ConfigurationTarget.Global);
    assert.equal(await run('mapillary.explorer.setArea', '13.1,55.7,13.0,55.6'), undefined);
    assert.equal(config().get('area'), '');
    const [lon, lat] = emulator.dataset.center;
    const text = [lon - 0.006, lat - 0.0036, lon + 0.006, lat + 0.0036]
      .map((n) => n.toFixed(6))
      .join(',');
    const written = await run<string>('mapillary.explorer.setArea', text);
    assert.equal(written, text.split(',').map(Number).join(','));
    assert.equal(vscode.workspace.getConfiguration('mapillary').get('area'), written);
  });

  it('adds an organization by id after checking it, and refuses an unknown id', async () => {
    const org = emulator.dataset.organizations[0];
    assert.ok(org);
    assert.equal(await run('mapillary.explorer.addOrganization', '999999999'), undefined);
    assert.equal(await run('mapillary.explorer.addOrganization', 'abc'), undefined);
    emulator.resetLog();
    assert.equal(await run('mapillary.explorer.addOrganization', org.id), org.id);
    assert.equal(emulator.count('graph:'), 1, 'one call checks the organization');
  });

  it('searches images with filters and map features with wildcards', async () => {
    const [lon, lat] = emulator.dataset.center;
    const bbox = [lon - 0.006, lat - 0.0036, lon + 0.006, lat + 0.0036];
    const inArea = (x: number, y: number) =>
      x >= bbox[0]! && x <= bbox[2]! && y >= bbox[1]! && y <= bbox[3]!;
    const panos = emulator.dataset.images.filter((i) => i.isPano && inArea(i.lon, i.lat)).length;
    const found = await run<number>('mapillary.explorer.searchImages', { isPano: true });
    assert.equal(found, panos);
    const signs = emulator.dataset.mapFeatures.filter(
      (f) => f.objectValue.startsWith('regulatory--') && inArea(f.lon, f.lat),
    ).length;
    const features = await run<number>('mapillary.explorer.searchMapFeatures', {
      objectValues: ['regulatory--*'],
    });
    assert.equal(features, signs);
  });

  it('opens an image from a link in the viewer, and refuses links that are not image links', async () => {
    const image = emulator.dataset.images[3];
    assert.ok(image);
    assert.equal(
      await run('mapillary.explorer.openImage', 'https://www.mapillary.com/app/?mapFeatureKey=5'),
      undefined,
    );
    emulator.resetLog();
    assert.equal(
      await run('mapillary.explorer.openImage', `https://www.mapillary.com/app/?pKey=${image.id}`),
      image.id,
    );
    // Open Image shows the image in the street-level viewer; Show Details keeps the fields view.
    // The window's tabs reach the extension host a moment after the panel is created.
    await waitFor('the viewer panel to be open', () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .some(
          (tab) =>
            tab.input instanceof vscode.TabInputWebview &&
            tab.input.viewType.endsWith('mapillary.viewer'),
        ),
    );
    assert.ok(
      !vscode.window.visibleTextEditors.some((e) => e.document.uri.path.includes(image.id)),
      'no details document was opened',
    );
    // Open Image knew the image's sequence and told the viewer: the viewer's host read the
    // sequence's order before its first batch, so that batch carried the images that follow.
    const graph = (): string[] =>
      emulator
        .requests()
        .map((r) => r.endpoint)
        .filter((e) => e === 'graph:image_ids' || e === 'graph:images_batch');
    await waitFor('the viewer to read its first batch', () =>
      graph().includes('graph:images_batch'),
    );
    assert.equal(graph()[0], 'graph:image_ids', graph().join(', '));
  });

  it('opens an image tree item in the viewer, which reads its area with one search', async () => {
    // The image farthest from the one opened before, so that nothing near it was read yet.
    const before = emulator.dataset.images[3];
    assert.ok(before);
    const away = (i: { lon: number; lat: number }) =>
      Math.hypot(i.lon - before.lon, i.lat - before.lat);
    const image = [...emulator.dataset.images].sort((a, b) => away(b) - away(a))[0];
    assert.ok(image);
    // A tree item as the view hands it to the command: the image knows its sequence and place.
    const node = {
      kind: 'image',
      key: `test/${image.id}`,
      parent: undefined,
      image: {
        id: image.id,
        sequence: image.sequenceId,
        geometry: { type: 'Point', coordinates: [image.lon, image.lat] },
      },
    };
    emulator.resetLog();
    await run('mapillary.viewer.open', node);
    const graph = (): string[] =>
      emulator
        .requests()
        .map((r) => r.endpoint)
        .filter((e) => e.startsWith('graph:'));
    // `graph:images` is a search (`/images` without `image_ids`); a read by id is `images_batch`.
    // The sequence's order may be known already (the viewer met the sequence before).
    await waitFor('the viewer to search the area', () => graph().includes('graph:images'));
    const first = graph().indexOf('graph:images');
    assert.ok(!graph().slice(0, first).includes('graph:images_batch'), graph().join(', '));
  });

  it('opens the map at an image shown on it, and sets the area to what the map shows', async () => {
    const image = emulator.dataset.images[7];
    assert.ok(image);
    // A tree item as the view hands it to the command.
    const node = {
      kind: 'image',
      key: `test/${image.id}`,
      parent: undefined,
      image: { id: image.id, geometry: { type: 'Point', coordinates: [image.lon, image.lat] } },
    };
    try {
      await run('mapillary.explorer.showOnMap', node);
      const written = await run<string>('mapillary.explorer.setAreaFromMap');
      const [w = NaN, s = NaN, e = NaN, n = NaN] = (written ?? '').split(',').map(Number);
      assert.ok(w < image.lon && image.lon < e && s < image.lat && image.lat < n, written);
      // Zoom 18 around the image: a few hundred metres across at most.
      assert.ok(e - w < 0.02 && n - s < 0.02, written);
      assert.equal(config().get('area'), written);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
