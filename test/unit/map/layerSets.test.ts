import { strict as assert } from 'node:assert';
import {
  DEFAULT_MAP_SETTINGS,
  coverageSetsOf,
  featureSetsOf,
  type MapSettings,
} from '../../../src/shared/map/mapSettings';

function settings(layers: MapSettings['layers'], computed = false): MapSettings {
  return { ...DEFAULT_MAP_SETTINGS, layers, computed };
}

describe('map: the tile sets the layers draw', () => {
  it('draws the coverage from the original or the computed positions, or not at all', () => {
    const all = { coverage: true, points: true, signs: true };
    assert.deepEqual(coverageSetsOf(settings(all)), ['mly1_public']);
    assert.deepEqual(coverageSetsOf(settings(all, true)), ['mly1_computed_public']);
    assert.deepEqual(coverageSetsOf(settings({ ...all, coverage: false }, true)), []);
    assert.deepEqual(coverageSetsOf(DEFAULT_MAP_SETTINGS), ['mly1_public']);
  });

  it('draws the point and traffic sign sets as their layers say', () => {
    const none = { coverage: true, points: false, signs: false };
    assert.deepEqual(featureSetsOf(settings(none)), []);
    assert.deepEqual(featureSetsOf(settings({ ...none, points: true })), ['mly_map_feature_point']);
    assert.deepEqual(featureSetsOf(settings({ ...none, signs: true })), [
      'mly_map_feature_traffic_sign',
    ]);
    assert.deepEqual(featureSetsOf(settings({ ...none, points: true, signs: true })), [
      'mly_map_feature_point',
      'mly_map_feature_traffic_sign',
    ]);
  });
});
