// Areas of any shape, point queries and large listings in the real extension host, against the
// emulator: a .geojson file of the workspace becomes the area ("Use as Area", or the setting naming
// it) and the searches keep only what lies inside it, an edit of the file is followed, a file out of
// the workspace is refused; "Images Near Here" lists the nearest first and opens it; a listing over
// a large area runs without asking once the user's threshold allows it.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pointInArea } from '../../../src/shared/geo/area';
import { parseAreaGeoJson } from '../../../src/shared/geo/areaGeoJson';
import { distanceMetres } from '../../../src/shared/geo/pointQueries';
import { type Emulator } from '../../emulator/emulator';
import { type EmulatedHost, startEmulatedHost, stopEmulatedHost } from '../emulatedHost';
import { waitFor } from '../../support/waitFor';

/** Waits for `predicate` (which may ask the extension), polling, for at most a generous minute. */
async function until(predicate: () => Promise<boolean> | boolean, what: string): Promise<void> {
  await waitFor(what, predicate, { timeoutMs: 60_000 });
}

function square(lon: number, lat: number, r: number): number[][] {
  return [
    [lon - r, lat - r],
    [lon + r, lat - r],
    [lon + r, lat + r],
    [lon - r, lat + r],
    [lon - r, lat - r],
  ];
}

describe('areas of any shape, point queries and large listings', function () {
  this.timeout(120_000);
  let host: EmulatedHost<unknown>;
  let emulator: Emulator;
  let workspace: string;
  const config = () => vscode.workspace.getConfiguration('mapillary');
  const run = <T>(command: string, ...args: unknown[]) =>
    vscode.commands.executeCommand<T>(command, ...args);

  /** Writes a polygon (with its hole) into the workspace; returns its area. */
  function writeShape(file: string, r: number, hole: number) {
    const [lon, lat] = emulator.dataset.center;
    const geometry = {
      type: 'Polygon',
      coordinates: [square(lon, lat, r), square(lon, lat, hole).reverse()],
    };
    mkdirSync(path.join(workspace, 'areas'), { recursive: true });
    writeFileSync(path.join(workspace, file), JSON.stringify({ type: 'Feature', geometry }));
    return parseAreaGeoJson(JSON.stringify(geometry));
  }

  const inside = (area: ReturnType<typeof parseAreaGeoJson>) =>
    emulator.dataset.images.filter((i) => pointInArea(area, i.lon, i.lat)).length;

  before(async () => {
    host = await startEmulatedHost({ seed: 3 });
    ({ emulator, workspace } = host);
  });

  after(async () => {
    await config().update('area', undefined, vscode.ConfigurationTarget.Workspace);
    rmSync(path.join(workspace, 'areas'), { recursive: true, force: true });
    rmSync(path.join(workspace, 'mapillary-export'), { recursive: true, force: true });
    await stopEmulatedHost(host, ['area', 'tiles.confirmOver']);
  });

  it('uses a .geojson file of the workspace as the area, and the search keeps only what lies in it', async () => {
    const area = writeShape('areas/ring.geojson', 0.005, 0.0015);
    const uri = vscode.Uri.file(path.join(workspace, 'areas', 'ring.geojson'));
    assert.equal(await run('mapillary.explorer.useAsArea', uri), 'areas/ring.geojson');
    assert.equal(config().inspect('area')?.workspaceValue, 'areas/ring.geojson');
    const want = inside(area);
    assert.ok(want > 20);
    assert.equal(await run('mapillary.explorer.searchImages', {}), want);
  });

  it('follows the file the setting names when it changes', async () => {
    const first = writeShape('areas/square.geojson', 0.004, 0.001);
    await config().update('area', 'areas/square.geojson', vscode.ConfigurationTarget.Workspace);
    await until(
      async () => (await run('mapillary.explorer.searchImages', {})) === inside(first),
      'the new area to be read',
    );
    const second = writeShape('areas/square.geojson', 0.003, 0.0005);
    assert.notEqual(inside(second), inside(first));
    await until(
      async () => (await run('mapillary.explorer.searchImages', {})) === inside(second),
      'the edited file to be read again',
    );
  });

  it('refuses an area file out of the workspace, and keeps the area', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'mly-outside-'));
    try {
      const file = path.join(outside, 'far.geojson');
      writeFileSync(file, JSON.stringify({ type: 'Polygon', coordinates: [square(13, 55, 1)] }));
      assert.equal(await run('mapillary.explorer.useAsArea', vscode.Uri.file(file)), undefined);
      assert.equal(config().inspect('area')?.workspaceValue, 'areas/square.geojson');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('lists the images near a point, nearest first, and opens the nearest one', async () => {
    const image = emulator.dataset.images[25];
    assert.ok(image);
    const found = await run<number>('mapillary.imagesNearHere', {
      webview: 'mapillary.map',
      webviewSection: 'map',
      lon: image.lon,
      lat: image.lat,
    });
    const want = emulator.dataset.images.filter(
      (i) => distanceMetres(image.lon, image.lat, i.lon, i.lat) <= 100,
    ).length;
    assert.equal(found, want);
    // The nearest image opens in the street-level viewer (the extension has one).
    await until(
      () =>
        vscode.window.tabGroups.all
          .flatMap((group) => group.tabs)
          .some(
            (tab) =>
              tab.input instanceof vscode.TabInputWebview &&
              tab.input.viewType.endsWith('mapillary.viewer'),
          ),
      'the nearest image to open in the viewer',
    );
  });

  it('lists sequences in a large area without asking once the threshold allows it', async () => {
    await config().update('tiles.confirmOver', 1_000_000, vscode.ConfigurationTarget.Global);
    const org = emulator.dataset.organizations[0];
    assert.ok(org);
    emulator.resetLog();
    await run('mapillary.export.sequences', { organizationId: org.id, bbox: [12, 55, 14, 56] });
    const file = path.join(workspace, 'mapillary-export', `sequences-${org.id}.csv`);
    await until(() => existsSync(file), 'the export to be written');
    const rows = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1);
    const want = emulator.dataset.sequences.filter((s) => s.organizationId === org.id);
    assert.deepEqual(rows.map((r) => r.split(',')[1]).sort(), want.map((s) => s.id).sort());
    assert.ok(emulator.count('tiles:') < 2000, `${emulator.count('tiles:')} tiles`);
  });
});
