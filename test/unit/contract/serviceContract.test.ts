// The contract suite: the same assertions run against the recordings of the real service in
// ../shared/fixtures/real/ and against the emulator asked the same questions, then the two answers
// are compared. When the emulator drifts from what the service sends (a field, a type, an id format,
// a literal's spelling, an error body's kind), this suite fails. Without ../shared it is skipped,
// loudly (describeWithRealFixtures); CI has the recordings, so there it runs.
import { strict as assert } from 'node:assert';
import { type Emulator } from '../../emulator/emulator';
import { describeWithRealFixtures } from '../../support/fixtures';
import { useEmulator } from '../core/harness';
import {
  checkCoverageTile,
  checkDetections,
  checkError,
  checkImage,
  checkImageBatch,
  checkImageIds,
  checkMapFeature,
  objectOf,
  propertyKeys,
  shape,
} from './contracts';
import {
  type ServiceSource,
  emulatorSource,
  recordedFields,
  recordedSource,
} from './serviceSources';

describeWithRealFixtures('service contract: the recordings and the emulator', (dir) => {
  const emulator: () => Emulator = useEmulator({ size: 'small', seed: 1 });
  const recorded = recordedSource(dir);
  const emulated = emulatorSource(emulator);
  const sources: ServiceSource[] = [recorded, emulated];

  // The questions asked of the emulator name exactly the fields the recordings hold.
  const imageFields = async () => recordedFields((await recorded.image([])).text);
  const featureFields = async () => recordedFields((await recorded.mapFeature([])).text);
  const detectionFields = async () => {
    const first = objectOf((await recorded.detections([]))[0] ?? { status: 0, text: '{}' });
    return Object.keys((first.data as object[])[0] ?? {}).filter((k) => k !== 'id');
  };

  for (const source of sources) {
    describe(`${source.name} honour the contract`, () => {
      it('an image entity: documented fields, types, id formats, merge_cc as a literal', async () => {
        checkImage(await source.image(await imageFields()));
      });

      it('a batch of images through /images?image_ids=', async () => {
        checkImageBatch(await source.imageBatch(await imageFields()));
      });

      it('a map feature', async () => {
        checkMapFeature(await source.mapFeature(await featureFields()));
      });

      it("an image's detections, with geometries the client decodes", async () => {
        const answers = await source.detections(await detectionFields());
        assert.ok(answers.length > 0);
        for (const answer of answers) checkDetections(answer);
      });

      it("a sequence's image ids", async () => {
        checkImageIds(await source.imageIds());
      });

      it('error bodies the client maps to invalid-token and rate-limit', async () => {
        checkError(await source.invalidToken(), 'invalid-token');
        checkError(await source.rateLimit(), 'rate-limit');
      });

      it('a z14 coverage tile', async () => {
        checkCoverageTile(await source.coverageTile());
      });
    });
  }

  describe('the emulator answers as the recordings do', () => {
    it('an image: the same fields with the same types', async () => {
      const fields = await imageFields();
      assert.deepEqual(
        shape(objectOf(await emulated.image(fields))),
        shape(objectOf(await recorded.image(fields))),
      );
    });

    it('a batch of images: the same envelope and item shape', async () => {
      const fields = await imageFields();
      assert.deepEqual(
        shape(objectOf(await emulated.imageBatch(fields))),
        shape(objectOf(await recorded.imageBatch(fields))),
      );
    });

    it('a map feature: the same fields, types and object_type spelling', async () => {
      const fields = await featureFields();
      const ours = objectOf(await emulated.mapFeature(fields));
      const real = objectOf(await recorded.mapFeature(fields));
      assert.deepEqual(shape(ours), shape(real));
      assert.equal(ours.object_type, real.object_type);
    });

    it('detections: the same item shape', async () => {
      const fields = await detectionFields();
      const real = (await recorded.detections(fields)).flatMap((a) => objectOf(a).data as object[]);
      const ours = (await emulated.detections(fields)).flatMap((a) => objectOf(a).data as object[]);
      const realShapes = new Set(real.map((d) => JSON.stringify(shape(d))));
      for (const d of ours) assert.ok(realShapes.has(JSON.stringify(shape(d))), JSON.stringify(d));
    });

    it('image ids: the same shape', async () => {
      assert.deepEqual(
        shape(objectOf(await emulated.imageIds())),
        shape(objectOf(await recorded.imageIds())),
      );
    });

    it('error bodies: the same keys, and the recorded message, type, code and flags', async () => {
      for (const [ask, kind] of [
        ['invalidToken', 'invalid-token'],
        ['rateLimit', 'rate-limit'],
      ] as const) {
        const real = checkError(await recorded[ask](), kind);
        const ours = checkError(await emulated[ask](), kind);
        assert.deepEqual(Object.keys(ours).sort(), Object.keys(real).sort(), ask);
        for (const key of ['message', 'type', 'code', 'is_transient', 'error_data']) {
          assert.deepEqual(ours[key], real[key], `${ask}.${key}`);
        }
      }
    });

    it('coverage tiles: the same layers, version, extent, geometry types and property keys', async () => {
      const real = checkCoverageTile(await recorded.coverageTile());
      const ours = checkCoverageTile(await emulated.coverageTile());
      const realKeys = propertyKeys(real);
      const ourKeys = propertyKeys(ours);
      // The recording predates creator_id; every key it has, the emulator has too.
      for (const [layer, keys] of realKeys) {
        for (const key of keys) assert.ok(ourKeys.get(layer)?.has(key), `${layer}.${key}`);
      }
    });
  });
});
