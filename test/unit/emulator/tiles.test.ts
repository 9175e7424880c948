import { strict as assert } from 'node:assert';
import { type VectorTileLayer, VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { clipLine } from '../../emulator/lineClipping';
import { tileAt } from './emulatorClient';

describe('emulator vector tiles', () => {
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator({ seed: 3, size: 'small' });
  });
  after(async () => {
    await emu.close();
  });

  async function getTile(
    set: string,
    z: number,
    x: number,
    y: number,
  ): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
    const res = await fetch(
      `${emu.tilesUrl}/${set}/2/${z}/${x}/${y}?access_token=${encodeURIComponent(emu.clientToken)}`,
    );
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      bytes: new Uint8Array(await res.arrayBuffer()),
    };
  }

  function centreTile(z: number): { x: number; y: number } {
    const [lon, lat] = emu.dataset.center;
    return tileAt(lon, lat, z);
  }

  function propsOf(layer: VectorTileLayer): Set<string> {
    const keys = new Set<string>();
    for (let i = 0; i < layer.length; i++) {
      for (const k of Object.keys(layer.feature(i).properties)) keys.add(k);
    }
    return keys;
  }

  it('serves z14 coverage with sequence lines and image points carrying the documented properties', async () => {
    const { x, y } = centreTile(14);
    const { status, type, bytes } = await getTile('mly1_public', 14, x, y);
    assert.equal(status, 200);
    assert.equal(type, 'application/x-protobuf');
    const tile = new VectorTile(new PbfReader(bytes));
    assert.deepEqual(Object.keys(tile.layers).sort(), ['image', 'sequence']);
    const seq = tile.layers.sequence;
    const img = tile.layers.image;
    assert.ok(seq && img);
    assert.equal(seq.extent, 4096);
    assert.equal(seq.feature(0).type, 2);
    assert.equal(img.feature(0).type, 1);
    for (const k of ['captured_at', 'id', 'image_id', 'creator_id', 'is_pano'])
      assert.ok(propsOf(seq).has(k), k);
    for (const k of ['captured_at', 'compass_angle', 'id', 'sequence_id', 'creator_id', 'is_pano'])
      assert.ok(propsOf(img).has(k), k);
    assert.ok(propsOf(img).has('organization_id'));
    const f = img.feature(0).properties;
    assert.equal(typeof f.sequence_id, 'string');
    assert.equal(typeof f.is_pano, 'boolean');
    assert.equal(typeof f.id, 'number');
    assert.equal(typeof seq.feature(0).properties.id, 'string');
    // Every image of the dataset inside the tile is in the image layer.
    const inTile = emu.dataset.images.filter((i) => {
      const t = tileAt(i.lon, i.lat, 14);
      return t.x === x && t.y === y;
    });
    assert.equal(img.length, inTile.length);
  });

  it('serves only sequence lines from z6 to z13 and only overview points up to z5', async () => {
    for (const z of [6, 10, 13]) {
      const { x, y } = centreTile(z);
      const tile = new VectorTile(new PbfReader((await getTile('mly1_public', z, x, y)).bytes));
      assert.deepEqual(Object.keys(tile.layers), ['sequence'], `z${z}`);
    }
    for (const z of [0, 3, 5]) {
      const { x, y } = centreTile(z);
      const tile = new VectorTile(new PbfReader((await getTile('mly1_public', z, x, y)).bytes));
      assert.deepEqual(Object.keys(tile.layers), ['overview'], `z${z}`);
      const layer = tile.layers.overview;
      assert.ok(layer && layer.length < emu.dataset.images.length, 'overview is sampled');
      for (const k of ['captured_at', 'id', 'sequence_id', 'is_pano'])
        assert.ok(propsOf(layer).has(k), k);
    }
  });

  it('cuts sequences at tile edges so a crossing sequence appears in each tile', async () => {
    const z = 14;
    const counts = new Map<string, Set<string>>();
    for (const seq of emu.dataset.sequences) {
      const tiles = new Set<string>();
      for (const id of seq.imageIds) {
        const e = emu.dataset.byId.get(id);
        if (e?.kind === 'image') {
          const t = tileAt(e.value.lon, e.value.lat, z);
          tiles.add(`${t.x}/${t.y}`);
        }
      }
      counts.set(seq.id, tiles);
    }
    const crossing = [...counts.entries()].find(([, tiles]) => tiles.size > 1);
    assert.ok(crossing, 'some sequence crosses a tile edge');
    const [seqId, tiles] = crossing;
    for (const key of tiles) {
      const [x, y] = key.split('/').map(Number);
      const tile = new VectorTile(
        new PbfReader((await getTile('mly1_public', z, x ?? 0, y ?? 0)).bytes),
      );
      const layer = tile.layers.sequence;
      assert.ok(layer);
      let found = false;
      for (let i = 0; i < layer.length; i++) {
        const f = layer.feature(i);
        if (f.properties.id === seqId) {
          found = true;
          for (const part of f.loadGeometry()) {
            for (const p of part) {
              assert.ok(
                p.x >= -64 && p.x <= 4160 && p.y >= -64 && p.y <= 4160,
                'cut at the edge plus buffer',
              );
            }
          }
        }
      }
      assert.ok(found, `sequence in tile ${key}`);
    }
  });

  it('serves computed positions and map feature tiles', async () => {
    const { x, y } = centreTile(14);
    const computed = new VectorTile(
      new PbfReader((await getTile('mly1_computed_public', 14, x, y)).bytes),
    );
    assert.ok(computed.layers.image && computed.layers.sequence);
    const points = new VectorTile(
      new PbfReader((await getTile('mly_map_feature_point', 14, x, y)).bytes),
    );
    const signs = new VectorTile(
      new PbfReader((await getTile('mly_map_feature_traffic_sign', 14, x, y)).bytes),
    );
    assert.deepEqual(Object.keys(points.layers), ['point']);
    assert.deepEqual(Object.keys(signs.layers), ['traffic_sign']);
    for (const layer of [points.layers.point, signs.layers.traffic_sign]) {
      assert.ok(layer && layer.length > 0);
      assert.deepEqual([...propsOf(layer)].sort(), [
        'first_seen_at',
        'id',
        'last_seen_at',
        'value',
      ]);
    }
    assert.match(
      String(signs.layers.traffic_sign?.feature(0).properties.value),
      /^(regulatory|warning|information|complementary)--/,
    );
  });

  it('answers an empty tile with 200 and no body, z>14 with 404, and needs a token', async () => {
    const empty = await getTile('mly1_public', 14, 0, 0);
    assert.equal(empty.status, 200);
    assert.equal(empty.bytes.length, 0);
    const { x, y } = centreTile(15);
    assert.equal((await getTile('mly1_public', 15, x, y)).status, 404);
    assert.equal((await getTile('no_such_set', 14, 0, 0)).status, 404);
    const bare = await fetch(`${emu.tilesUrl}/mly1_public/2/14/0/0`);
    assert.equal(bare.status, 401);
    assert.equal(((await bare.json()) as { error: { code: number } }).error.code, 190);
  });

  it('serves tiles only under /maps/vtp and only with ?access_token=', async () => {
    assert.match(emu.tilesUrl, /^http:\/\/127\.0\.0\.1:\d+\/maps\/vtp$/);
    const { x, y } = centreTile(14);
    const tail = `mly1_public/2/14/${x}/${y}`;
    const query = `?access_token=${encodeURIComponent(emu.clientToken)}`;
    const good = await fetch(`${emu.graphUrl}/maps/vtp/${tail}${query}`);
    assert.equal(good.status, 200);
    assert.ok((await good.arrayBuffer()).byteLength > 0);
    // The path without /maps/vtp does not exist, token or not.
    const old = await fetch(`${emu.graphUrl}/tiles/${tail}${query}`);
    assert.equal(old.status, 404);
    const bareHost = await fetch(`${emu.graphUrl}/maps/${tail}${query}`);
    assert.equal(bareHost.status, 404);
    // The header is for entity calls; a tile with only the header gets the invalid-token body.
    const header = await fetch(`${emu.graphUrl}/maps/vtp/${tail}`, {
      headers: { Authorization: `OAuth ${emu.clientToken}` },
    });
    assert.equal(header.status, 401);
    assert.equal(((await header.json()) as { error: { code: number } }).error.code, 190);
  });

  it('logs how each tile request authenticated, never the token', async () => {
    emu.resetLog();
    const user = emu.issueUserToken();
    const { x, y } = centreTile(14);
    const tail = `${emu.tilesUrl}/mly1_public/2/14/${x}/${y}`;
    await fetch(`${tail}?access_token=${encodeURIComponent(emu.clientToken)}`);
    await fetch(`${tail}?access_token=${encodeURIComponent(user)}`);
    await fetch(tail, { headers: { Authorization: `OAuth ${user}` } });
    const auths = emu.requests().map((r) => r.auth);
    assert.deepEqual(auths, [
      { header: false, via: 'query', kind: 'client' },
      { header: false, via: 'query', kind: 'user' },
      { header: true },
    ]);
    assert.ok(!JSON.stringify(emu.requests()).includes(user));
  });

  it('counts tile requests per tile set', async () => {
    emu.resetLog();
    await getTile('mly1_public', 14, 1, 1);
    await getTile('mly1_computed_public', 14, 1, 1);
    assert.equal(emu.count('tiles:'), 2);
    assert.equal(emu.count('tiles:mly1_public'), 1);
  });

  it('clips lines into pieces when they leave and re-enter', () => {
    const parts = clipLine(
      [
        [-100, 10],
        [50, 10],
        [50, 5000],
        [60, 5000],
        [60, 100],
      ],
      0,
      4096,
    );
    assert.equal(parts.length, 2);
    assert.deepEqual(parts[0]?.[0], [0, 10]);
    assert.deepEqual(parts[1]?.[parts[1].length - 1], [60, 100]);
  });
});
