import { strict as assert } from 'node:assert';
import { featureClassesIn } from '../../../src/shared/map/drawFeatures';
import { drawRenderTile } from '../../../src/shared/map/drawTile';
import { compileFilter } from '../../../src/shared/map/mapFilters';
import {
  DEFAULT_MAP_SETTINGS,
  NO_FILTERS,
  type MapSettings,
} from '../../../src/shared/map/mapSettings';
import { COVERAGE_COLORS, classColor, featureClass } from '../../../src/shared/map/mapStyle';
import { imagesInBox, pickNearest, pickableKinds } from '../../../src/shared/map/picking';
import { renderTileBuffers } from '../../../src/shared/map/renderTile';
import { RecordingContext, renderTileOf } from './mapHelpers';

const DAY = 86_400_000;
const T2020 = Date.parse('2020-06-15T12:00:00Z');
const T2022 = Date.parse('2022-03-01T08:00:00Z');

// A z14-like tile: two sequences and four images with varied properties.
function sampleTile() {
  return renderTileOf([
    {
      name: 'sequence',
      features: [
        {
          type: 'LineString',
          properties: {
            id: 'seqa',
            image_id: 101,
            captured_at: T2020,
            is_pano: false,
            organization_id: 7,
            creator_id: 70,
          },
          geometry: [
            [
              [100, 100],
              [1000, 100],
            ],
          ],
        },
        {
          type: 'LineString',
          properties: {
            id: 'seqb',
            image_id: 201,
            captured_at: T2022,
            is_pano: true,
            creator_id: 80,
          },
          geometry: [
            [
              [100, 3000],
              [3000, 3000],
            ],
            [
              [3500, 3500],
              [3900, 3900],
            ],
          ],
        },
      ],
    },
    {
      name: 'image',
      features: [
        {
          type: 'Point',
          properties: {
            id: 101n,
            sequence_id: 'seqa',
            captured_at: T2020,
            is_pano: false,
            compass_angle: 90,
            organization_id: 7n,
            creator_id: 70n,
          },
          geometry: [[[100, 100]]],
        },
        {
          type: 'Point',
          properties: {
            id: 102n,
            sequence_id: 'seqa',
            captured_at: T2020 + DAY,
            is_pano: false,
            compass_angle: 180,
            organization_id: 7n,
            creator_id: 70n,
          },
          geometry: [[[500, 100]]],
        },
        {
          type: 'Point',
          properties: {
            id: 201n,
            sequence_id: 'seqb',
            captured_at: T2022,
            is_pano: true,
            compass_angle: 0,
            creator_id: 80n,
          },
          geometry: [[[100, 3000]]],
        },
        {
          type: 'Point',
          properties: {
            id: 12345678901234567n,
            sequence_id: 'seqb',
            captured_at: 0,
            is_pano: true,
            creator_id: 80n,
          },
          geometry: [[[2000, 3000]]],
        },
      ],
    },
  ]);
}

function settingsWith(
  filters: Partial<MapSettings['filters']>,
  layers?: Partial<MapSettings['layers']>,
): MapSettings {
  return {
    ...DEFAULT_MAP_SETTINGS,
    layers: { ...DEFAULT_MAP_SETTINGS.layers, ...layers },
    filters: { ...NO_FILTERS, ...filters },
  };
}

const fullView = { x0: 0, y0: 0, size: 4096, pixels: 256, zoom: 14 };
const state = (
  settings: MapSettings,
  extra: { highlighted?: string[]; selected?: string[] } = {},
) => ({
  settings,
  highlighted: new Set(extra.highlighted ?? []),
  selected: new Set(extra.selected ?? []),
});

describe('map layer: render tiles', () => {
  it('keeps ids exact, properties converted and every typed array transferable', () => {
    const tile = sampleTile();
    const images = tile.points.find((p) => p.kind === 'image');
    assert.ok(images && tile.lines);
    assert.deepEqual(images.ids, ['101', '102', '201', '12345678901234567']);
    assert.equal(images.capturedAt[0], T2020);
    assert.equal(images.capturedAt[3], 0, 'captured_at 0 stays unknown');
    assert.equal(images.compass[1], 180);
    assert.deepEqual(tile.lines.ids, ['101', '201']);
    assert.equal(tile.strings[tile.lines.sequence[1] ?? -1], 'seqb');
    assert.equal(tile.lines.featureParts[2], 3, 'the second sequence has two parts');
    const buffers = renderTileBuffers(tile);
    assert.ok(buffers.length >= 10);
    assert.equal(new Set(buffers).size, buffers.length);
  });
});

describe('map layer: filters', () => {
  const tile = sampleTile();
  const images = tile.points.find((p) => p.kind === 'image')!;
  const kept = (filters: Partial<MapSettings['filters']>) => {
    const f = compileFilter({ ...NO_FILTERS, ...filters }, tile);
    return images.ids.filter((_, i) => f.test(images, i));
  };

  it('keeps everything without filters', () => {
    assert.equal(compileFilter(NO_FILTERS, tile).all, true);
    assert.equal(kept({}).length, 4);
  });

  it('filters by capture date, inclusive days, dropping unknown dates', () => {
    assert.deepEqual(kept({ fromDate: '2020-06-16' }), ['102', '201']);
    assert.deepEqual(kept({ toDate: '2020-06-15' }), ['101']);
    assert.deepEqual(kept({ fromDate: '2021-01-01', toDate: '2022-12-31' }), ['201']);
  });

  it('filters panoramas and perspective images', () => {
    assert.deepEqual(kept({ pano: 'pano' }), ['201', '12345678901234567']);
    assert.deepEqual(kept({ pano: 'perspective' }), ['101', '102']);
  });

  it('filters by organization and creator, and an id the tile never mentions drops all', () => {
    assert.deepEqual(kept({ organizationId: '7' }), ['101', '102']);
    assert.deepEqual(kept({ creatorId: '80' }), ['201', '12345678901234567']);
    assert.deepEqual(kept({ organizationId: '999' }), []);
  });
});

describe('map layer: drawing and styling', () => {
  it('draws every feature once, in the coverage colours, and applies filters without refetching', () => {
    const tile = sampleTile();
    const ctx = new RecordingContext();
    const counts = drawRenderTile(ctx, tile, fullView, state(DEFAULT_MAP_SETTINGS));
    assert.equal(counts.sequence, 2);
    assert.equal(counts.image, 4);
    assert.equal(ctx.rects, 4, 'small image points are squares at z14');
    assert.equal(ctx.moves, 3, 'one moveTo per line part');
    assert.ok(ctx.fills.includes(COVERAGE_COLORS.perspective));
    assert.ok(ctx.fills.includes(COVERAGE_COLORS.pano));
    const filtered = drawRenderTile(
      new RecordingContext(),
      tile,
      fullView,
      state(settingsWith({ pano: 'pano' })),
    );
    assert.equal(filtered.image, 2);
    assert.equal(filtered.sequence, 1);
  });

  it('places points where their tile coordinates say', () => {
    const tile = sampleTile();
    const ctx = new RecordingContext();
    drawRenderTile(ctx, tile, fullView, state(DEFAULT_MAP_SETTINGS));
    const centres = ctx.rectCentres.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).sort();
    const expected = [
      [100, 100],
      [500, 100],
      [100, 3000],
      [2000, 3000],
    ]
      .map(([x, y]) => `${((x! * 256) / 4096).toFixed(2)},${((y! * 256) / 4096).toFixed(2)}`)
      .sort();
    assert.deepEqual(centres, expected);
  });

  it('highlights the organization sequences and the selection', () => {
    const tile = sampleTile();
    const ctx = new RecordingContext();
    drawRenderTile(
      ctx,
      tile,
      fullView,
      state(DEFAULT_MAP_SETTINGS, { highlighted: ['seqa'], selected: ['201'] }),
    );
    assert.ok(ctx.strokes.includes(COVERAGE_COLORS.highlighted));
    assert.ok(ctx.fills.includes(COVERAGE_COLORS.highlighted));
    assert.ok(ctx.fills.includes(COVERAGE_COLORS.selected));
  });

  it('overzooms: draws only the window, and compass directions at high zoom', () => {
    const tile = sampleTile();
    const ctx = new RecordingContext();
    // z18 tile at column 0, row 0 of the z14 tile: the window is 0..256 in tile coordinates.
    const counts = drawRenderTile(
      ctx,
      tile,
      { x0: 0, y0: 0, size: 256, pixels: 256, zoom: 18 },
      state(DEFAULT_MAP_SETTINGS),
    );
    assert.equal(counts.image, 1, 'only the image inside the window');
    assert.equal(ctx.arcs, 1, 'large points are circles');
    assert.ok(ctx.lines >= 2, 'the compass line and the sequence');
  });

  it('colours map features by class and lists the classes', () => {
    const tile = renderTileOf([
      {
        name: 'traffic_sign',
        features: [
          {
            id: 1,
            type: 'Point',
            properties: { id: 11n, value: 'regulatory--stop--g1' },
            geometry: [[[10, 10]]],
          },
          {
            id: 2,
            type: 'Point',
            properties: { id: 12n, value: 'warning--curve-left--g2' },
            geometry: [[[20, 20]]],
          },
          {
            id: 3,
            type: 'Point',
            properties: { id: 13n, value: 'regulatory--yield--g1' },
            geometry: [[[30, 30]]],
          },
        ],
      },
    ]);
    const ctx = new RecordingContext();
    const counts = drawRenderTile(ctx, tile, fullView, state(DEFAULT_MAP_SETTINGS));
    assert.equal(counts.traffic_sign, 3);
    assert.deepEqual(
      new Set(ctx.fills),
      new Set([classColor('regulatory'), classColor('warning')]),
    );
    const classes = new Map<string, number>();
    featureClassesIn(tile, classes);
    assert.deepEqual([...classes.entries()].sort(), [
      ['regulatory', 2],
      ['warning', 1],
    ]);
  });

  it('derives classes and stable colours', () => {
    assert.equal(featureClass('object--fire-hydrant'), 'object--fire-hydrant');
    assert.equal(featureClass('marking--discrete--arrow--left'), 'marking--discrete');
    assert.equal(featureClass('information--parking--g1'), 'information');
    assert.match(classColor('object--vehicle--car'), /^#[0-9a-f]{6}$/);
    assert.equal(classColor('object--vehicle--car'), classColor('object--vehicle--car'));
    assert.notEqual(classColor('object--vehicle--car'), classColor('object--vehicle--bus'));
  });
});

describe('map layer: picking and box selection', () => {
  const tile = sampleTile();
  const kinds14 = pickableKinds(14, DEFAULT_MAP_SETTINGS);

  it('picks the nearest image within the radius and nothing beyond it', () => {
    const pick = pickNearest(tile, 480, 110, 64, kinds14, DEFAULT_MAP_SETTINGS);
    assert.equal(pick?.kind, 'image');
    assert.equal(pick?.id, '102');
    assert.ok(Math.abs((pick?.distance ?? 0) - Math.hypot(20, 10)) < 1e-6);
    assert.equal(pickNearest(tile, 3000, 1500, 64, kinds14, DEFAULT_MAP_SETTINGS), undefined);
  });

  it('skips filtered images when picking', () => {
    const pick = pickNearest(tile, 120, 3000, 64, kinds14, settingsWith({ pano: 'perspective' }));
    assert.equal(pick, undefined);
  });

  it('picks sequences by their nearest segment at middle zooms', () => {
    const kinds = pickableKinds(10, DEFAULT_MAP_SETTINGS);
    assert.deepEqual([...kinds], ['sequence']);
    const pick = pickNearest(tile, 3700, 3690, 64, kinds, DEFAULT_MAP_SETTINGS);
    assert.equal(pick?.kind, 'sequence');
    assert.equal(pick?.sequenceId, 'seqb');
    assert.equal(pick?.id, '201');
  });

  it('finds the same nearest point as a brute-force search, over many random queries', () => {
    const n = 5000;
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 4096;
    const features = Array.from({ length: n }, (_, i) => ({
      type: 'Point' as const,
      properties: { id: BigInt(1000 + i) },
      geometry: [[[Math.round(rnd()), Math.round(rnd())] as const]],
    }));
    const big = renderTileOf([{ name: 'image', features }]);
    const set = big.points[0]!;
    for (let q = 0; q < 300; q++) {
      const x = rnd();
      const y = rnd();
      let best = -1;
      let bestD = 100;
      for (let i = 0; i < n; i++) {
        const d = Math.hypot((set.xy[2 * i] ?? 0) - x, (set.xy[2 * i + 1] ?? 0) - y);
        if (d <= bestD) [best, bestD] = [i, d];
      }
      const pick = pickNearest(big, x, y, 100, kinds14, DEFAULT_MAP_SETTINGS);
      if (best < 0) assert.equal(pick, undefined);
      else assert.ok(Math.abs((pick?.distance ?? -1) - bestD) < 1e-9, `query ${q}`);
    }
  });

  it('selects the images inside a box that pass the filters', () => {
    const out = new Set<string>();
    imagesInBox(tile, 0, 0, 600, 3100, DEFAULT_MAP_SETTINGS, out);
    assert.deepEqual([...out].sort(), ['101', '102', '201']);
    const pano = new Set<string>();
    imagesInBox(tile, 0, 0, 4096, 4096, settingsWith({ pano: 'pano' }), pano);
    assert.deepEqual([...pano].sort(), ['12345678901234567', '201']);
  });

  it('offers kinds by zoom and layer', () => {
    assert.deepEqual([...pickableKinds(3, DEFAULT_MAP_SETTINGS)], ['overview']);
    const all = { ...DEFAULT_MAP_SETTINGS, layers: { coverage: true, points: true, signs: true } };
    assert.deepEqual([...pickableKinds(16, all)].sort(), ['image', 'point', 'traffic_sign']);
    assert.deepEqual(
      [...pickableKinds(12, { ...all, layers: { coverage: false, points: true, signs: true } })],
      [],
    );
  });
});
