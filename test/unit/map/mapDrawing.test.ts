// The map layer drawn on a canvas: every feature once, in its colours, placed by its tile
// coordinates, highlighted, overzoomed, and map features coloured by class.
import { strict as assert } from 'node:assert';
import { featureClassesIn } from '../../../src/shared/map/drawFeatures';
import { drawRenderTile } from '../../../src/shared/map/drawTile';
import { DEFAULT_MAP_SETTINGS, type MapSettings } from '../../../src/shared/map/mapSettings';
import { COVERAGE_COLORS, classColor, featureClass } from '../../../src/shared/map/mapStyle';
import { RecordingContext, fullView, renderTileOf, sampleTile, settingsWith } from './mapHelpers';

const state = (
  settings: MapSettings,
  extra: { highlighted?: string[]; selected?: string[] } = {},
) => ({
  settings,
  highlighted: new Set(extra.highlighted ?? []),
  selected: new Set(extra.selected ?? []),
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
