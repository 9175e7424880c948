import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  type Bbox,
  bboxProblem,
  canSplit,
  formatBbox,
  splitBbox,
} from '../../../src/shared/api/bbox';
import { buildGraphUrl, sameOrigin, withoutAccessToken } from '../../../src/shared/api/graphUrl';
import { checkId, chunk, distinct } from '../../../src/shared/api/ids';

describe('bbox splitting', () => {
  it('splits into four quadrants that tile the parent exactly', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -179, max: 178, noNaN: true }),
        fc.double({ min: -89, max: 88, noNaN: true }),
        fc.double({ min: 0.0001, max: 1, noNaN: true }),
        fc.double({ min: 0.0001, max: 1, noNaN: true }),
        (lon, lat, w, h) => {
          const parent: Bbox = [lon, lat, lon + w, lat + h];
          const [sw, se, nw, ne] = splitBbox(parent);
          return (
            sw[0] === parent[0] &&
            sw[1] === parent[1] &&
            ne[2] === parent[2] &&
            ne[3] === parent[3] &&
            sw[2] === se[0] &&
            nw[2] === ne[0] &&
            sw[3] === nw[1] &&
            se[3] === ne[1] &&
            sw[2] > sw[0] &&
            sw[3] > sw[1] &&
            [sw, se, nw, ne].every((q) => bboxProblem(q) === undefined)
          );
        },
      ),
    );
  });

  it('validates and formats bboxes', () => {
    assert.equal(bboxProblem([0, 0, 1, 1]), undefined);
    assert.ok(bboxProblem([1, 0, 0, 1]));
    assert.ok(bboxProblem([0, 0, 181, 1]));
    assert.ok(bboxProblem([0, Number.NaN, 1, 1]));
    assert.equal(formatBbox([13.1, 55.123456789, 13.2, 55.2]), '13.1,55.1234568,13.2,55.2');
    assert.equal(canSplit([0, 0, 1e-7, 1]), false);
    assert.ok(canSplit([0, 0, 1e-3, 1e-3]));
  });
});

describe('Graph URLs and ids', () => {
  it('joins the base URL, path and parameters', () => {
    assert.equal(
      buildGraphUrl('https://g.example/proxy/', '/123', { fields: 'id,geometry', x: undefined }),
      'https://g.example/proxy/123?fields=id%2Cgeometry',
    );
    assert.equal(buildGraphUrl('http://h:1', '', { ids: 'a,b' }), 'http://h:1/?ids=a%2Cb');
  });

  it('compares origins and strips tokens from next URLs', () => {
    assert.ok(sameOrigin('http://h:1/images?after=x', 'http://h:1'));
    assert.equal(sameOrigin('http://evil:1/images', 'http://h:1'), false);
    assert.equal(sameOrigin('not a url', 'http://h:1'), false);
    const stripped = withoutAccessToken('http://h:1/images?after=x&access_token=MLY%7C1%7Cs');
    assert.equal(stripped, 'http://h:1/images?after=x');
  });

  it('checks ids before they go into a path', () => {
    assert.equal(checkId(' 123 ', 'image'), '123');
    assert.equal(checkId('7nfcwfvjdtphz7yj6zat6a', 'sequence'), '7nfcwfvjdtphz7yj6zat6a');
    for (const bad of ['', '../me', '1?fields=x', '1/detections', 'a b']) {
      assert.throws(() => checkId(bad, 'image'), /not a valid Mapillary image id/);
      assert.throws(() => checkId(bad, 'sequence'), /not a valid Mapillary sequence key/);
    }
    assert.throws(() => checkId('7nfcwfvjdtphz7yj6zat6a', 'image'), /image id/);
    assert.throws(() => checkId('x', 'creator', 'user id'), /not a valid Mapillary user id/);
  });

  it('chunks and de-duplicates in order', () => {
    assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(distinct(['b', 'a', 'b']), ['b', 'a']);
    assert.throws(() => chunk([1], 0));
  });
});
