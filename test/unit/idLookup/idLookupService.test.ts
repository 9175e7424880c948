// The hover lookup service against the emulator: what a description holds, how many requests it
// costs (counted by the emulator's request log), and that no signed URL ever leaves it.
import { strict as assert } from 'node:assert';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { IdLookupService } from '../../../src/core/idLookup/idLookupService';
import { LookupCancelledError } from '../../../src/shared/idDetect/batchLookup';
import { type Emulator } from '../../emulator/emulator';
import { makeClient, useEmulator } from '../core/harness';

function service(
  emulator: Emulator,
  options: Partial<ConstructorParameters<typeof IdLookupService>[0]> = {},
) {
  const api = new MapillaryApi(makeClient(emulator).client);
  return new IdLookupService({ api: () => Promise.resolve(api), windowMs: 0, ...options });
}

describe('id lookup service (emulator)', function () {
  this.timeout(30_000);
  const emulator = useEmulator();

  it('describes an image with its facts and a thumbnail as data, in one read and one download', async () => {
    const emu = emulator();
    const record = emu.dataset.images.find((i) => i.detectionIds.length > 0);
    assert.ok(record);
    const description = await service(emu).describe('image', record.id);
    assert.equal(description.status, 'found');
    assert.ok(description.status === 'found' && description.kind === 'image');
    assert.equal(description.image.capturedAt, record.capturedAt);
    assert.equal(description.image.sequenceId, record.sequenceId);
    assert.equal(description.image.detections?.total, record.detectionIds.length);
    const creator = emu.dataset.users.find((u) => u.id === record.creatorId);
    assert.equal(description.image.creator, creator?.username);
    assert.match(description.thumbnail?.dataUri ?? '', /^data:image\/jpeg;base64,\/9j\//);
    const text = JSON.stringify(description);
    assert.ok(!/https?:|oe=|sig=/.test(text), 'no URL, signed or not, in the description');
    assert.equal(emu.count('graph:'), 1);
    assert.equal(emu.count('thumb'), 1);
  });

  it('reads the neighbours in the same request, then answers them without asking', async () => {
    const emu = emulator();
    const ids = emu.dataset.images.slice(100, 150).map((i) => i.id);
    const lookup = service(emu, { thumbnailsPerMinute: 1000 });
    const [first, ...rest] = ids as [string, ...string[]];
    await lookup.describe('image', first, { alongWith: rest });
    assert.equal(emu.count('graph:'), 1);
    for (const id of rest.slice(0, 20)) {
      assert.ok(lookup.known('image', id));
      const d = await lookup.describe('image', id);
      assert.equal(d.status, 'found');
    }
    assert.equal(emu.count('graph:'), 1, 'the 20 hovers after the first cost no Graph request');
    assert.equal(emu.count('thumb'), 21);
    assert.equal(lookup.stats().reads, 1);
    assert.equal(lookup.stats().idsRead, 50);
  });

  it('reports an unknown id as missing, and a map feature id read as an image leaves the others alone', async () => {
    const emu = emulator();
    const feature = emu.dataset.mapFeatures[0];
    const image = emu.dataset.images[0];
    assert.ok(feature && image);
    const lookup = service(emu);
    assert.deepEqual(await lookup.describe('image', '999999999999999'), {
      status: 'missing',
      kind: 'image',
      id: '999999999999999',
    });
    const [asImage, real] = await Promise.all([
      lookup.describe('image', feature.id),
      lookup.describe('image', image.id),
    ]);
    assert.equal(asImage.status, 'missing');
    assert.equal(real.status, 'found');
    const asFeature = await lookup.describe('mapFeature', feature.id);
    assert.ok(asFeature.status === 'found' && asFeature.kind === 'mapFeature');
    assert.equal(asFeature.feature.value, feature.objectValue);
  });

  it('describes a sequence by its images, with the first one and its thumbnail', async () => {
    const emu = emulator();
    const sequence = emu.dataset.sequences[2];
    assert.ok(sequence);
    const description = await service(emu).describe('sequence', sequence.id);
    assert.ok(description.status === 'found' && description.kind === 'sequence');
    assert.equal(description.sequence.imageCount, sequence.imageIds.length);
    assert.equal(description.sequence.firstImage?.id, sequence.imageIds[0]);
    assert.ok(description.thumbnail);
    assert.deepEqual(await service(emu).describe('sequence', 'zzzzzzzzzzzzzzzzzzzzzz'), {
      status: 'missing',
      kind: 'sequence',
      id: 'zzzzzzzzzzzzzzzzzzzzzz',
    });
  });

  it('says so when the per-minute cap is reached, and skips thumbnails past their own cap', async () => {
    const emu = emulator();
    const [a, b, c] = emu.dataset.images.slice(200, 203).map((i) => i.id) as [
      string,
      string,
      string,
    ];
    const lookup = service(emu, { readsPerMinute: 1, thumbnailsPerMinute: 1 });
    const first = await lookup.describe('image', a, { alongWith: [b] });
    assert.ok(first.status === 'found' && first.kind === 'image' && first.thumbnail);
    const second = await lookup.describe('image', b);
    assert.ok(second.status === 'found' && second.kind === 'image' && !second.thumbnail);
    assert.match(second.thumbnailNote ?? '', /at most 1 a minute/);
    const third = await lookup.describe('image', c);
    assert.equal(third.status, 'error');
    assert.match(
      third.status === 'error' ? third.message : '',
      /Lookups paused for \d+ s: at most 1 lookups a minute/,
    );
    assert.equal(emu.count('graph:'), 1);
  });

  it('asks for a fresh thumbnail address once when the signed one has expired', async () => {
    const emu = emulator();
    const image = emu.dataset.images[300];
    assert.ok(image);
    emu.addFault({ kind: 'expiredThumb', match: '/thumbs', count: 1 });
    const description = await service(emu).describe('image', image.id);
    assert.ok(
      description.status === 'found' && description.kind === 'image' && description.thumbnail,
    );
    assert.equal(emu.count('thumb'), 2);
    assert.equal(emu.count('graph:'), 2, 'the batched read, then one read of a fresh address');
  });

  it('stops when the caller cancels, before anything is sent', async () => {
    const emu = emulator();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      service(emu).describe('image', emu.dataset.images[5]?.id ?? '', {
        signal: controller.signal,
      }),
      LookupCancelledError,
    );
    assert.equal(emu.requests().length, 0);
  });
});
