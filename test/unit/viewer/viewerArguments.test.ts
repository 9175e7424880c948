// What "Open in Viewer" takes from its arguments: the image, its sequence and its place.
import { strict as assert } from 'node:assert';
import { hintArgument, imageIdArgument } from '../../../src/shared/viewer/viewerArguments';

const imageId = '12345678901234567';
const sequenceId = '7nfcwfvjdtphz7yj6zat6a';

describe('viewer: the arguments of Open in Viewer', () => {
  it('names the image of an id, an image item or a sequence item, and nothing else', () => {
    assert.equal(imageIdArgument(` ${imageId} `), imageId);
    assert.equal(imageIdArgument({ kind: 'image', image: { id: imageId } }), imageId);
    const sequence = { kind: 'sequence', sequence: { id: sequenceId, firstImageId: imageId } };
    assert.equal(imageIdArgument(sequence), imageId);
    for (const bad of ['../me', { kind: 'image', image: { id: 5 } }, { kind: 'field' }, null]) {
      assert.equal(imageIdArgument(bad), undefined, JSON.stringify(bad));
    }
  });

  it('takes the sequence and the place of an image item, and only a place in range', () => {
    const item = (coordinates: unknown) => ({
      kind: 'image',
      image: { id: imageId, sequence: sequenceId, geometry: { type: 'Point', coordinates } },
    });
    assert.deepEqual(hintArgument([item([13, 55.6])]), { sequenceId, near: [13, 55.6] });
    for (const coordinates of [[181, 55], [13, 91], ['13', '55'], [13], 'x', undefined]) {
      assert.deepEqual(hintArgument([item(coordinates)]), { sequenceId }, String(coordinates));
    }
    assert.deepEqual(hintArgument([{ kind: 'sequence', sequence: { id: sequenceId } }]), {
      sequenceId,
    });
    // An id with `{ sequenceId }` after it (a map feature's image, a hover).
    assert.deepEqual(hintArgument([imageId, { sequenceId }]), { sequenceId });
    assert.deepEqual(hintArgument([imageId, { sequenceId: 'a b' }]), {});
    assert.deepEqual(hintArgument([]), {});
  });
});
