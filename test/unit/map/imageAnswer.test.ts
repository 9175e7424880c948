// The host shapes what it sends for a clicked image so that the webview's schema never drops the
// whole answer: hostile or merely unusual service data still opens the panel, with notes saying
// what was left out.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectionSchema, imageSchema } from '../../../src/shared/api/entities';
import { MAX_ANSWER_GEOMETRY, shapeImageAnswer } from '../../../src/shared/map/imageAnswer';
import { MAX_DETECTIONS } from '../../../src/shared/map/detectionOutline';
import { openImageRequest, type ImageAnswer } from '../../../src/shared/messages';
import { channelPair } from '../../support/channelPair';
import { describeWithRealFixtures } from '../../support/fixtures';
import { check } from '../../../src/shared/channel/channelMessages';

// Outlines are base64 text to the host, which neither decodes nor draws them.
const OUTLINE = Buffer.from('an outline of a detection, as the service encodes it').toString(
  'base64',
);

function detections(n: number, geometry = OUTLINE) {
  return Array.from({ length: n }, (_, i) => ({
    id: String(100_000 + i),
    value: 'regulatory--stop--g1',
    geometry,
  }));
}

function fits(answer: ImageAnswer): void {
  const parsed = check(openImageRequest.result, answer);
  assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues[0]));
}

describe('the image answer the host sends', () => {
  it('keeps the first 5,000 of more detections, and says how many there were', () => {
    const raw = detections(6123);
    // As the service sent them, the answer breaks the schema's limit: the webview would drop it.
    assert.equal(
      check(openImageRequest.result, {
        image: { id: '1', fields: [] },
        detections: raw,
        thumbnail: null,
        notes: [],
      }).success,
      false,
    );
    const answer = shapeImageAnswer({ imageId: '1', image: {}, detections: raw, thumbnail: null });
    fits(answer);
    assert.equal(answer.detections.length, MAX_DETECTIONS);
    assert.equal(answer.detections[0]?.id, '100000');
    assert.deepEqual(answer.notes, ['6,123 detections: only the first 5,000 are shown']);
  });

  it('takes outlines wrapped over lines, and leaves out unreadable ones with a note', () => {
    const wrapped = `${OUTLINE.slice(0, 30)}\r\n${OUTLINE.slice(30)}\n`;
    const answer = shapeImageAnswer({
      imageId: '1',
      image: {},
      detections: [
        { id: '11', value: 'a', geometry: wrapped },
        { id: '12', value: 'b', geometry: '<script>alert(1)</script>' },
        { id: '13', value: 'c' },
        { id: '../14', value: 'd', geometry: OUTLINE },
        { id: '15', value: 'x'.repeat(5000), geometry: OUTLINE },
      ],
      thumbnail: null,
    });
    fits(answer);
    assert.deepEqual(
      answer.detections.map((d) => d.id),
      ['11', '15'],
    );
    assert.equal(answer.detections[0]?.geometry, OUTLINE);
    assert.equal(answer.detections[1]?.value.length, 200);
    assert.deepEqual(answer.notes, [
      '2 detections without a readable outline',
      '1 detection left out: not a valid detection id',
    ]);
  });

  it('bounds the outlines it carries in all, and each one', () => {
    const big = 'A'.repeat(900 * 1024);
    const many = detections(30, big);
    const answer = shapeImageAnswer({
      imageId: '1',
      image: {},
      detections: [...many, { id: '9', value: 'v', geometry: 'A'.repeat(1024 * 1024 + 4) }],
      thumbnail: null,
    });
    fits(answer);
    const carried = answer.detections.reduce((n, d) => n + d.geometry.length, 0);
    assert.ok(carried <= MAX_ANSWER_GEOMETRY);
    assert.equal(answer.detections.length, Math.floor(MAX_ANSWER_GEOMETRY / big.length));
    assert.match(
      answer.notes.join(),
      /12 detections left out: the outlines are too large together/,
    );
    assert.match(answer.notes.join(), /1 detection left out: outline over 1 MB/);
  });

  it('leaves out sizes that are not positive finite numbers, and an oversized picture', () => {
    const image = imageSchema.parse(JSON.parse('{"id":"1","width":1e999,"height":-3}'));
    const answer = shapeImageAnswer({
      imageId: '1',
      image,
      detections: [],
      thumbnail: { bytes: new ArrayBuffer(65 * 1024 * 1024), mime: 'image/jpeg' },
    });
    fits(answer);
    assert.equal(answer.image.width, undefined);
    assert.equal(answer.image.height, undefined);
    assert.equal(answer.thumbnail, null);
    assert.deepEqual(answer.notes, ['the picture is too large to show']);
  });

  it('reaches the webview through the channel: the panel gets its answer, with the notes', async () => {
    const { a, b, deliver } = channelPair();
    b.channel.handle(openImageRequest, ({ imageId }) =>
      shapeImageAnswer({
        imageId,
        image: {},
        detections: [...detections(5001), { id: '1', value: 'x', geometry: 'a\nb c' }],
        thumbnail: null,
      }),
    );
    const answer = a.channel.request(openImageRequest, { imageId: '311799370533334' });
    await deliver();
    const shown = await answer;
    assert.equal(shown.detections.length, MAX_DETECTIONS);
    assert.equal(shown.notes.length, 1);
    assert.deepEqual([...a.problems, ...b.problems], []);
  });

  it('turns an answer that still breaks the schema into a failure the panel shows, not a silence', async () => {
    const { a, b, deliver } = channelPair();
    b.channel.handle(openImageRequest, () => ({
      image: { id: '1', fields: [] },
      detections: detections(MAX_DETECTIONS + 1),
      thumbnail: null,
      notes: [],
    }));
    const answer = a.channel.request(openImageRequest, { imageId: '1' });
    answer.catch(() => undefined);
    await deliver();
    await assert.rejects(answer, /the openImage answer could not be sent/);
  });
});

describeWithRealFixtures('the image answer of real images', (dir) => {
  it('carries every recorded detection of an image, and no note', () => {
    const id = '311799370533334';
    const graph = path.join(dir, 'graph');
    const image = imageSchema.parse(
      JSON.parse(readFileSync(path.join(graph, 'images', `${id}.json`), 'utf8')),
    );
    const body = JSON.parse(readFileSync(path.join(graph, 'detections', `${id}.json`), 'utf8')) as {
      data: unknown[];
    };
    const found = body.data.map((d) => detectionSchema.parse(d));
    const answer = shapeImageAnswer({ imageId: id, image, detections: found, thumbnail: null });
    fits(answer);
    assert.equal(answer.detections.length, found.length);
    assert.deepEqual(answer.notes, []);
    assert.equal(answer.image.width, 4160);
    assert.equal(new Map(answer.image.fields).get('Sequence'), '7nfcwfvjdtphz7yj6zat6a');
  });
});
