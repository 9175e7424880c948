// The Explorer's area as a shape, and the point queries, each command run alone through the command
// table against the emulator: a GeoJSON file becomes the area and the searches keep only what lies
// inside it; "Images Near Here" and "Images Looking at Here" add ranked results and open the best;
// an organization's listing over a large area asks first, and one the day's budget stopped goes on
// from where it stopped when retried.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type MapillaryClient, createMapillaryClient } from '../../../src/core/api/mapillaryClient';
import { createExplorerSource } from '../../../src/core/explorer/explorerSource';
import { type ExplorerCommandInput } from '../../../src/extension/tree/explorerCommand';
import { type ExplorerCommandId } from '../../../src/extension/tree/explorerCommandIds';
import { runExplorerCommand } from '../../../src/extension/tree/explorerCommands';
import { ExplorerModel } from '../../../src/shared/explorer/explorerModel';
import { areaFromBbox, pointInArea } from '../../../src/shared/geo/area';
import { distanceMetres, rankLookingAt } from '../../../src/shared/geo/pointQueries';
import { silentLogger } from '../../../src/shared/logger';
import { useEmulator } from '../core/harness';
import { type CommandHarness, commandHarness } from './commandHarness';

function square(lon: number, lat: number, r: number): number[][] {
  return [
    [lon - r, lat - r],
    [lon + r, lat - r],
    [lon + r, lat + r],
    [lon - r, lat + r],
    [lon - r, lat - r],
  ];
}

describe('Explorer areas of any shape and point queries', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  let h: CommandHarness;
  let dir: string;
  const run = (id: ExplorerCommandId, input: Partial<ExplorerCommandInput> = {}) =>
    runExplorerCommand(h.context, silentLogger, id, { node: undefined, args: [], ...input });

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-areas-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    h = await commandHarness(emulator());
  });

  it('makes a GeoJSON file the area, and searches keep only what lies in it, outside its hole', async () => {
    const [lon, lat] = emulator().dataset.center;
    const file = path.join(dir, 'ring.geojson');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'Polygon',
        coordinates: [square(lon, lat, 0.005), square(lon, lat, 0.0015).reverse()],
      }),
    );
    assert.equal(await run('mapillary.explorer.useAsArea', { args: [file] }), 'ring.geojson');
    assert.deepEqual(h.areaFiles, [file]);
    const area = h.model.area;
    assert.ok(area?.kind === 'shape');
    const want = emulator().dataset.images.filter((i) => pointInArea(area, i.lon, i.lat));
    assert.ok(want.length > 20);
    assert.equal(await run('mapillary.explorer.searchImages', { args: [{}] }), want.length);
    const search = h.model.roots().find((n) => n.kind === 'search');
    assert.ok(search?.kind === 'search');
    assert.match(search.detail, /^in ring\.geojson/);
    assert.deepEqual(h.model.searchIds(search).sort(), want.map((i) => i.id).sort());
  });

  it('refuses an area file that is not a polygon, saying what to fix, and keeps the area', async () => {
    h.model.setArea([13, 55.6, 13.01, 55.61]);
    const file = path.join(dir, 'line.geojson');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'LineString',
        coordinates: [
          [13, 55],
          [14, 56],
        ],
      }),
    );
    assert.equal(await run('mapillary.explorer.useAsArea', { args: [file] }), undefined);
    assert.match(h.ui.messages('error')[0] ?? '', /LineString, which has no inside/);
    assert.deepEqual(h.model.area?.bbox, [13, 55.6, 13.01, 55.61]);
  });

  it('lists the images near a point, nearest first, and opens the nearest', async () => {
    const image = emulator().dataset.images[60];
    assert.ok(image);
    const found = await run('mapillary.imagesNearHere', {
      args: [{ lon: image.lon, lat: image.lat, webview: 'mapillary.map', webviewSection: 'map' }],
    });
    const want = emulator()
      .dataset.images.filter((i) => distanceMetres(image.lon, image.lat, i.lon, i.lat) <= 100)
      .sort(
        (a, b) =>
          distanceMetres(image.lon, image.lat, a.lon, a.lat) -
          distanceMetres(image.lon, image.lat, b.lon, b.lat),
      );
    assert.equal(found, want.length);
    const search = h.model.roots().find((n) => n.kind === 'search');
    assert.ok(search?.kind === 'search');
    assert.match(search.title, /^Images near /);
    const ids = h.model.searchIds(search);
    assert.equal(ids[0], image.id);
    assert.deepEqual([...ids].sort(), want.map((i) => i.id).sort());
    assert.deepEqual(h.opened, [image.id]);
    assert.ok(h.revealed.some((r) => r.node === search && r.options.expand));
  });

  it('lists the images looking at a point, the most squarely facing first', async () => {
    const image = emulator().dataset.images.find((i) => !i.isPano);
    assert.ok(image);
    const rad = (image.compassAngle * Math.PI) / 180;
    const lon =
      image.lon + (25 * Math.sin(rad)) / (111_320 * Math.cos((image.lat * Math.PI) / 180));
    const lat = image.lat + (25 * Math.cos(rad)) / 110_540;
    await run('mapillary.imagesLookingAtHere', { args: [{ lon, lat }] });
    const search = h.model.roots().find((n) => n.kind === 'search');
    assert.ok(search?.kind === 'search');
    const ranked = rankLookingAt(
      emulator().dataset.images.map((i) => ({
        id: i.id,
        lon: i.lon,
        lat: i.lat,
        compassAngle: i.compassAngle,
      })),
      lon,
      lat,
      100,
      50,
    );
    assert.deepEqual(
      h.model.searchIds(search),
      ranked.map((r) => r.image.id),
    );
    assert.ok(h.model.searchIds(search).includes(image.id));
    assert.deepEqual(
      h.opened,
      ranked.slice(0, 1).map((r) => r.image.id),
    );
  });

  it('queries the map’s centre without a point, and refuses a point it cannot use', async () => {
    assert.equal(await run('mapillary.imagesNearHere'), undefined);
    assert.match(h.ui.messages('info')[0] ?? '', /right-click a place on the map/);
    const [lon, lat] = emulator().dataset.center;
    h.map.view = { center: [lat, lon], zoom: 17 };
    assert.equal(typeof (await run('mapillary.imagesNearHere')), 'number');
    assert.equal(
      await run('mapillary.imagesNearHere', { args: [{ lon: 200, lat: 0 }] }),
      undefined,
    );
    assert.match(h.ui.messages('error')[0] ?? '', /\{lon, lat\}/);
  });
});

describe('an organization’s listing over a large area', function () {
  this.timeout(60_000);
  const emulator = useEmulator();

  function client(tilesPerDay?: number): Promise<MapillaryClient> {
    const emu = emulator();
    return createMapillaryClient({
      graphUrl: emu.graphUrl,
      tilesUrl: emu.tilesUrl,
      getToken: () => Promise.resolve(emu.clientToken),
      tilesPerDay,
    });
  }

  /** A model whose source asks `confirm`, over the client `services` gives at each call. */
  async function model(
    confirm: (text: string) => boolean,
    services?: () => Promise<MapillaryClient>,
  ) {
    const emu = emulator();
    const fixed = await client();
    const asked: string[] = [];
    const m = new ExplorerModel({
      source: createExplorerSource(services ?? (() => Promise.resolve(fixed)), {
        confirmListing: (_cost, text) => {
          asked.push(text);
          return Promise.resolve(confirm(text));
        },
      }),
    });
    const org = emu.dataset.organizations[0];
    assert.ok(org);
    const node = m.addOrganization({ id: org.id, name: org.name });
    return { m, node, asked, org };
  }

  const sequencesOf = (children: Awaited<ReturnType<ExplorerModel['children']>>) =>
    children.filter((c) => c.kind === 'sequence').length;

  it('asks first, reads nothing when declined, and lists when accepted', async () => {
    const declined = await model(() => false);
    declined.m.setArea(areaFromBbox([12, 55, 14, 56]));
    emulator().resetLog();
    const none = await declined.m.children(declined.node);
    assert.equal(none[0]?.kind, 'error');
    assert.match(none[0]?.kind === 'error' ? none[0].message : '', /^Not listed/);
    assert.equal(declined.asked.length, 1);
    assert.match(declined.asked[0] ?? '', /may read up to [\d,]+ coverage tiles/);
    assert.equal(emulator().count('tiles:'), 0);
    const accepted = await model(() => true);
    accepted.m.setArea([12, 55, 14, 56]);
    const listed = await accepted.m.children(accepted.node);
    const expected = emulator().dataset.sequences.filter(
      (s) => s.organizationId === accepted.org.id,
    );
    assert.equal(sequencesOf(listed), Math.min(50, expected.length));
    // A small area is listed without asking.
    const small = await model(() => false);
    const [lon, lat] = emulator().dataset.center;
    small.m.setArea([lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002]);
    await small.m.children(small.node);
    assert.equal(small.asked.length, 0);
  });

  it('stops when the day’s budget is spent, and a retry goes on from there', async () => {
    // Five tiles are left today; the next day (a client rebuilt later), the whole budget.
    const today = await client(5);
    const tomorrow = await client();
    let day: MapillaryClient = today;
    const { m, node } = await model(
      () => true,
      () => Promise.resolve(day),
    );
    m.setArea([12, 55, 14, 56]);
    emulator().resetLog();
    const first = await m.children(node);
    const error = first[0];
    assert.ok(error?.kind === 'error');
    assert.match(error.message, /tile budget.* is spent/);
    assert.equal(emulator().count('tiles:'), 5);
    day = tomorrow;
    emulator().resetLog();
    await m.retry(error);
    const again = await m.children(node);
    assert.ok(sequencesOf(again) > 0);
    const retried = emulator().count('tiles:');
    // The same listing afresh reads every tile: the five read before the stop come on top.
    const fresh = await model(() => true);
    fresh.m.setArea([12, 55, 14, 56]);
    emulator().resetLog();
    const listed = await fresh.m.children(fresh.node);
    assert.equal(sequencesOf(listed), sequencesOf(again));
    assert.equal(retried, emulator().count('tiles:') - 5);
  });
});
