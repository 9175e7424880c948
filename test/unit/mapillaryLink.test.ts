// "Open Image" and the id detector read mapillary.com links through one module: every link form
// must give both the same answer.
import { strict as assert } from 'node:assert';
import { parseImageRef } from '../../src/shared/explorer/imageRef';
import { linkTarget } from '../../src/shared/idDetect/linkIds';

const IMAGE = '498763468214164';

describe('mapillary.com links', () => {
  it('gives "Open Image" and the detector the same image for every image link form', () => {
    const forms = [
      `https://www.mapillary.com/app/?pKey=${IMAGE}`,
      `https://www.mapillary.com/app/?lat=55.6&lng=13.0&z=17&pKey=${IMAGE}&focus=photo`,
      `www.mapillary.com/app/?pKey=${IMAGE}`,
      `https://www.mapillary.com/embed?image_key=${IMAGE}&style=split`,
      `https://mapillary.com/app/?imageKey=${IMAGE}`,
      `https://www.mapillary.com/app/?image_id=${IMAGE}`,
      `https://www.mapillary.com/map/im/${IMAGE}`,
      `https://www.mapillary.com/app/image/${IMAGE}`,
    ];
    for (const form of forms) {
      const opened = parseImageRef(form);
      assert.deepEqual(opened, { ok: true, id: IMAGE }, form);
      assert.deepEqual(linkTarget(form), { kind: 'image', id: IMAGE }, form);
    }
  });

  it('agrees on links that name something else, and on hosts that are not the site', () => {
    const sequence = 'zRbm7yHW4xJcS2PJQxUb1Q';
    assert.deepEqual(linkTarget(`https://www.mapillary.com/app/?sKey=${sequence}`), {
      kind: 'sequence',
      id: sequence,
    });
    assert.match(
      (parseImageRef(`https://www.mapillary.com/app/?sKey=${sequence}`) as { message: string })
        .message,
      /points to a sequence/,
    );
    const api = `https://graph.mapillary.com/app/?pKey=${IMAGE}`;
    assert.equal(linkTarget(api), undefined);
    assert.match((parseImageRef(api) as { message: string }).message, /Only mapillary\.com/);
  });

  it('lets an image parameter win over the other kinds in the same link', () => {
    const both = `https://www.mapillary.com/app/?mapFeatureKey=123456789012&pKey=${IMAGE}`;
    assert.deepEqual(linkTarget(both), { kind: 'image', id: IMAGE });
    assert.deepEqual(parseImageRef(both), { ok: true, id: IMAGE });
  });
});
