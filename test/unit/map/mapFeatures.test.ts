// Map features (signs and points): their readable names, the filters that apply to them, and
// their icons.
import { strict as assert } from 'node:assert';
import { featureValuesIn } from '../../../src/shared/map/drawFeatures';
import { drawRenderTile } from '../../../src/shared/map/drawTile';
import type { FeatureIcons } from '../../../src/shared/map/drawView';
import {
  compileFeatureFilter,
  keepsEveryFeature,
  valuePasses,
  valuePatterns,
} from '../../../src/shared/map/featureFilter';
import { featureName } from '../../../src/shared/map/featureNames';
import {
  DEFAULT_MAP_SETTINGS,
  NO_FILTERS,
  mapSettingsSchema,
  type MapFilters,
} from '../../../src/shared/map/mapSettings';
import { featureIconSize } from '../../../src/shared/map/mapStyle';
import { pickNearest, pickableKinds } from '../../../src/shared/map/picking';
import { iconRect, spriteIndexSchema, type SpriteIndex } from '../../../src/shared/map/spriteIndex';
import { RecordingContext, day, filterState as state, fullView, renderTileOf } from './mapHelpers';

// Signs seen over different spans, and points, as the feature tile sets carry them.
function featureTile() {
  const sign = (id: bigint, value: string, first: string, last: string, x: number) => ({
    id: Number(id),
    type: 'Point' as const,
    properties: { id, value, first_seen_at: day(first), last_seen_at: day(last) },
    geometry: [[[x, 100] as const]],
  });
  return renderTileOf([
    {
      name: 'traffic_sign',
      features: [
        sign(11n, 'regulatory--stop--g1', '2019-01-10', '2019-03-01', 100),
        sign(12n, 'regulatory--yield--g1', '2020-05-01', '2022-07-01', 200),
        sign(13n, 'warning--curve-left--g2', '2023-02-01', '2023-02-01', 300),
        // Seen once: no last sighting.
        {
          id: 14,
          type: 'Point',
          properties: { id: 14n, value: 'warning--children--g2', first_seen_at: day('2021-01-01') },
          geometry: [[[400, 100]]],
        },
      ],
    },
  ]);
}

const signs = (tile: ReturnType<typeof featureTile>) =>
  tile.points.find((p) => p.kind === 'traffic_sign')!;

function keptValues(filters: Partial<MapFilters>): string[] {
  const tile = featureTile();
  const set = signs(tile);
  const filter = compileFeatureFilter({ ...NO_FILTERS, ...filters }, tile);
  const out: string[] = [];
  for (let i = 0; i < set.count; i++) {
    if (filter.test(set, i)) out.push(tile.strings[set.value[i] ?? -1] ?? '');
  }
  return out;
}

describe('map features: readable names', () => {
  it('names signs by their meaning and family, without the design variant', () => {
    assert.equal(featureName('regulatory--stop--g1'), 'Stop (regulatory sign)');
    assert.equal(
      featureName('regulatory--maximum-speed-limit-50--g1'),
      'Maximum speed limit 50 (regulatory sign)',
    );
    assert.equal(
      featureName('warning--pedestrians-crossing--g4'),
      'Pedestrians crossing (warning sign)',
    );
    assert.equal(featureName('information--parking--g1'), 'Parking (information sign)');
  });

  it('names objects and markings by what they are, dropping grouping words', () => {
    assert.equal(featureName('object--fire-hydrant'), 'Fire hydrant');
    assert.equal(featureName('object--support--utility-pole'), 'Utility pole');
    assert.equal(featureName('object--traffic-light--pedestrians'), 'Traffic light, pedestrians');
    assert.equal(
      featureName('marking--discrete--crosswalk-zebra'),
      'Crosswalk zebra (road marking)',
    );
    assert.equal(
      featureName('construction--barrier--temporary'),
      'Barrier, temporary (construction)',
    );
  });

  it('names anything else sensibly, and never throws', () => {
    assert.equal(featureName(''), 'Unknown feature');
    assert.equal(featureName('--'), 'Unknown feature');
    assert.equal(featureName('newfamily'), 'Newfamily');
    assert.equal(featureName('x'.repeat(5000)).length <= 201, true);
  });
});

describe('map features: the filters apply to them', () => {
  it('keeps every feature without filters, and says so', () => {
    assert.equal(keepsEveryFeature(NO_FILTERS), true);
    assert.equal(compileFeatureFilter(NO_FILTERS, featureTile()).all, true);
    assert.equal(keptValues({}).length, 4);
  });

  it('keeps a feature whose sightings meet the date range, counting one sighting as both ends', () => {
    assert.deepEqual(keptValues({ fromDate: '2022-01-01' }), [
      'regulatory--yield--g1',
      'warning--curve-left--g2',
    ]);
    assert.deepEqual(keptValues({ toDate: '2019-12-31' }), ['regulatory--stop--g1']);
    assert.deepEqual(keptValues({ fromDate: '2020-12-31', toDate: '2021-01-01' }), [
      'regulatory--yield--g1',
      'warning--children--g2',
    ]);
    assert.deepEqual(keptValues({ fromDate: '2100-01-01' }), []);
  });

  it('hides values switched off in the legend, and keeps what the wildcards match', () => {
    assert.deepEqual(keptValues({ hiddenValues: ['regulatory--stop--g1'] }), [
      'regulatory--yield--g1',
      'warning--curve-left--g2',
      'warning--children--g2',
    ]);
    assert.deepEqual(keptValues({ values: 'regulatory--*' }), [
      'regulatory--stop--g1',
      'regulatory--yield--g1',
    ]);
    assert.deepEqual(keptValues({ values: 'WARNING--*--g2, regulatory--stop--g1' }), [
      'regulatory--stop--g1',
      'warning--curve-left--g2',
      'warning--children--g2',
    ]);
    assert.deepEqual(
      keptValues({ values: 'regulatory--*', hiddenValues: ['regulatory--yield--g1'] }),
      ['regulatory--stop--g1'],
    );
  });

  it('takes patterns literally apart from the wildcard', () => {
    const patterns = valuePatterns('a.b--(c)*');
    assert.equal(valuePasses('a.b--(c)--g1', patterns, new Set()), true);
    assert.equal(valuePasses('axb--(c)--g1', patterns, new Set()), false);
    assert.deepEqual(valuePatterns(' , ,'), []);
  });

  it('draws and picks only the features that pass', () => {
    const tile = featureTile();
    const ctx = new RecordingContext();
    const counts = drawRenderTile(ctx, tile, fullView, state({ values: 'regulatory--*' }));
    assert.equal(counts.traffic_sign, 2);
    const kinds = pickableKinds(14, {
      ...DEFAULT_MAP_SETTINGS,
      layers: { coverage: false, points: false, signs: true },
    });
    const settings = state({ hiddenValues: ['warning--curve-left--g2'] }).settings;
    assert.equal(pickNearest(tile, 300, 100, 20, kinds, settings), undefined, 'hidden: not picked');
    assert.equal(pickNearest(tile, 200, 100, 20, kinds, settings)?.value, 'regulatory--yield--g1');
  });

  it('reads settings saved before the value and username filters existed', () => {
    const old = {
      layers: { coverage: true, points: false, signs: true },
      computed: false,
      filters: { fromDate: '', toDate: '', pano: 'all', organizationId: '', creatorId: '42' },
    };
    const parsed = mapSettingsSchema.parse(old);
    assert.deepEqual(parsed.filters, { ...NO_FILTERS, creatorId: '42' });
    assert.equal(
      mapSettingsSchema.safeParse({ ...old, filters: { ...old.filters, creatorName: 'a b' } })
        .success,
      false,
    );
  });
});

describe('map features: icons', () => {
  const index: SpriteIndex = {
    cell: 32,
    width: 64,
    height: 32,
    icons: { 'regulatory--stop--g1': [0, 0, 32, 32], 'object--bench': [33, 4, 30, 24] },
  };

  it("finds a value's icon, else its sign's first design, else none", () => {
    assert.deepEqual(iconRect(index, 'regulatory--stop--g1'), [0, 0, 32, 32]);
    assert.deepEqual(iconRect(index, 'regulatory--stop--g7'), [0, 0, 32, 32]);
    assert.equal(iconRect(index, 'regulatory--yield--g1'), undefined);
    assert.equal(iconRect(index, ''), undefined);
    assert.equal(spriteIndexSchema.safeParse(index).success, true);
    assert.equal(
      spriteIndexSchema.safeParse({ ...index, icons: { a: [0, 0, 0, 3] } }).success,
      false,
    );
  });

  it('draws features with icons where there are some, and the fallback glyph elsewhere', () => {
    const tile = featureTile();
    const drawn: { value: string; x: number; y: number; size: number }[] = [];
    const icons: FeatureIcons = {
      rect: (value) => iconRect(index, value),
      draw: (rect, x, y, size) =>
        drawn.push({
          value: rect === index.icons['regulatory--stop--g1'] ? 'stop' : '?',
          x,
          y,
          size,
        }),
    };
    const ctx = new RecordingContext();
    const view = { ...fullView, zoom: 18 };
    const counts = drawRenderTile(ctx, tile, view, state(), undefined, icons);
    assert.equal(counts.traffic_sign, 4);
    assert.equal(drawn.length, 1, 'only the stop sign has an icon');
    const size = featureIconSize(18);
    // Snapped to whole device pixels, so that an icon at its own size is copied pixel for pixel.
    const corner = Math.round((100 * 256) / 4096 - size / 2);
    assert.deepEqual(drawn[0], { value: 'stop', x: corner, y: corner, size });
    assert.equal(ctx.fills.length, 2, 'the others as glyphs, one path per class colour');
  });

  it('counts the features held by value, for the legend', () => {
    const values = new Map<string, number>();
    featureValuesIn(featureTile(), values);
    assert.equal(values.get('regulatory--stop--g1'), 1);
    assert.equal(values.size, 4);
  });
});
