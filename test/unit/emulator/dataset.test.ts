import { strict as assert } from 'node:assert';
import { buildDataset, datasetHash, findImage } from '../../emulator/dataset';

describe('emulator dataset', () => {
  const small = buildDataset(1, 'small');

  it('is the same for the same seed and different for another', () => {
    assert.equal(datasetHash(buildDataset(1, 'small')), datasetHash(small));
    assert.notEqual(datasetHash(buildDataset(2, 'small')), datasetHash(small));
  });

  it('builds the small size with about 2,000 images', () => {
    const d = buildDataset(7, 'small');
    assert.ok(d.images.length >= 2000 && d.images.length < 2200, `${d.images.length} images`);
  });

  it('has a sequence of over 1,000 images in capture order', () => {
    const longest = small.sequences.reduce((a, b) =>
      b.imageIds.length > a.imageIds.length ? b : a,
    );
    assert.ok(longest.imageIds.length > 1000);
    let last = 0;
    for (const id of longest.imageIds) {
      const t = findImage(small, id)?.capturedAt ?? -1;
      if (t === 0) continue; // the service sends 0 for a few
      assert.ok(t > last, 'captured_at increases within a sequence');
      last = t;
    }
  });

  it('spaces images 3 to 10 m apart and heads them along the path', () => {
    const seq = small.sequences[1];
    assert.ok(seq);
    const imgs = seq.imageIds.map((id) => findImage(small, id));
    for (let i = 1; i < imgs.length; i++) {
      const a = imgs[i - 1];
      const b = imgs[i];
      if (!a || !b) continue;
      const dx = (b.lon - a.lon) * 111_320 * Math.cos((a.lat * Math.PI) / 180);
      const dy = (b.lat - a.lat) * 110_540;
      // GPS noise of up to 1.5 m each side widens the 3-10 m spacing a little.
      const d = Math.hypot(dx, dy);
      assert.ok(d > 0 && d < 15, `step ${d} m`);
    }
  });

  it('uses string ids of digits, some above 2^53', () => {
    assert.ok(small.images.every((i) => /^[1-9]\d{14,16}$/.test(i.id)));
    const all = [...small.images, ...small.detections, ...small.mapFeatures].map((e) => e.id);
    assert.ok(all.some((id) => BigInt(id) > 2n ** 53n));
    assert.equal(new Set(all).size, all.length, 'ids are unique');
  });

  it('has panoramas, perspective, fisheye and brown cameras, missing fields and captured_at 0', () => {
    const d = buildDataset(1, 'small');
    const types = new Set(d.images.map((i) => i.cameraType));
    for (const t of ['perspective', 'fisheye', 'brown']) assert.ok(types.has(t), t);
    assert.ok(types.has('spherical') || types.has('equirectangular'));
    assert.ok(d.images.some((i) => i.isPano));
    assert.ok(d.images.some((i) => i.capturedAt === 0));
    assert.ok(d.images.some((i) => i.altitude === undefined));
    assert.ok(d.images.some((i) => i.computedLon === undefined));
  });

  it('puts images in Malmö and computed positions within a couple of metres', () => {
    for (const i of small.images) {
      assert.ok(Math.abs(i.lon - 13.0038) < 0.05 && Math.abs(i.lat - 55.605) < 0.03);
      if (i.computedLon !== undefined && i.computedLat !== undefined) {
        const d = Math.hypot((i.computedLon - i.lon) * 63_000, (i.computedLat - i.lat) * 110_540);
        assert.ok(d < 3, `${d} m`);
      }
    }
  });

  it('links map features, their images and detections both ways', () => {
    assert.ok(small.mapFeatures.length > 0);
    for (const f of small.mapFeatures) {
      assert.equal(f.imageIds.length, f.detectionIds.length);
      assert.ok(f.firstSeenAt <= f.lastSeenAt);
      for (const id of f.detectionIds) {
        const e = small.byId.get(id);
        assert.equal(e?.kind, 'detection');
        if (e?.kind === 'detection') {
          assert.equal(e.value.mapFeatureId, f.id);
          assert.ok(findImage(small, e.value.imageId)?.detectionIds.includes(id));
        }
      }
    }
    const types = new Set(small.mapFeatures.map((f) => f.objectType));
    assert.deepEqual([...types].sort(), ['point', 'trafficsign']);
  });
});
