import { strict as assert } from 'node:assert';
import {
  detectingImages,
  featureExportBbox,
  shapeFeatureAnswer,
  timeMs,
} from '../../../src/shared/map/featureAnswer';
import { featureAnswerSchema, MAX_FEATURE_IMAGES } from '../../../src/shared/map/featureMessages';

const picture = { bytes: new Uint8Array([0xff, 0xd8, 1]), mime: 'image/jpeg' as const };

describe('map: a clicked feature as the panel shows it', () => {
  it('reads times sent as milliseconds or as ISO text, and nothing else', () => {
    assert.equal(timeMs(1604231404248), 1604231404248);
    assert.equal(timeMs('1604231404248'), 1604231404248);
    assert.equal(timeMs('2020-11-01T11:50:04.248Z'), Date.parse('2020-11-01T11:50:04.248Z'));
    assert.equal(timeMs(0), null);
    assert.equal(timeMs('yesterday'), null);
    assert.equal(timeMs(undefined), null);
  });

  it('lists each detecting image once, newest first, skipping what is not an id', () => {
    const images = detectingImages(
      [
        { id: '901', image: { id: '11' } },
        { id: '902', image: { id: '12' } },
        { id: '903', image: { id: '11' } },
        { id: '904', image: { id: '../x' } },
        { id: 'bad', image: { id: '13' } },
        { id: '905', image: { id: '14' } },
      ],
      new Map([
        ['11', 1000],
        ['12', 3000],
      ]),
    );
    assert.deepEqual(images, [
      { imageId: '12', detectionId: '902', capturedAt: 3000 },
      { imageId: '11', detectionId: '901', capturedAt: 1000 },
      { imageId: '14', detectionId: '905', capturedAt: null },
    ]);
  });

  it('fits the schema whatever the service sent, saying what was left out', () => {
    const detections = Array.from({ length: 120 }, (_, i) => ({
      id: String(5000 + i),
      image: { id: String(100 + i) },
    }));
    const answer = shapeFeatureAnswer({
      featureId: '777',
      feature: {
        object_value: 'regulatory--stop--g1',
        object_type: 'traffic_sign',
        first_seen_at: '2020-01-02T00:00:00Z',
        last_seen_at: 1700000000000,
        aligned_direction: Number.POSITIVE_INFINITY,
        geometry: { type: 'Point', coordinates: [13.1, 55.6] },
      },
      detections,
      capturedAt: new Map(),
      thumbnails: new Map([['100', picture]]),
    });
    assert.equal(featureAnswerSchema.safeParse(answer).success, true);
    assert.equal(answer.images.length, MAX_FEATURE_IMAGES);
    assert.equal(answer.detections, 120);
    assert.equal(answer.feature.alignedDirection, null, 'an infinite direction is no direction');
    assert.deepEqual(answer.feature.position, [13.1, 55.6]);
    assert.equal(answer.feature.firstSeenAt, Date.parse('2020-01-02T00:00:00Z'));
    assert.equal(answer.images.find((i) => i.imageId === '100')?.thumbnail, picture);
    assert.match(answer.notes[0] ?? '', /120 images detected it: the newest 50 are listed/);
  });

  it('exports a single feature with a small area around it, inside the world', () => {
    const [w, s, e, n] = featureExportBbox([13.1, 55.6]);
    assert.ok(w < 13.1 && e > 13.1 && s < 55.6 && n > 55.6);
    assert.ok(e - w < 0.001 && n - s < 0.001);
    assert.deepEqual(featureExportBbox([180, 90]).slice(2), [180, 90]);
  });
});
