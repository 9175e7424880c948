import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CountryDataset } from '../../emulator/countryDataset';
import {
  type CandidateSource,
  imagesCloseTo,
  imagesLookingAt,
} from '../../../src/core/explorer/pointQueries';
import {
  EARTH_RADIUS_M,
  type PointCandidate,
  angleBetween,
  bboxAround,
  bearingDegrees,
  distanceMetres,
  rankCloseTo,
  rankLookingAt,
} from '../../../src/shared/geo/pointQueries';

import { type Bbox } from '../../../src/shared/api/bbox';

/** The point `metres` from (lon, lat) towards `bearing` (spherical). */
function destination(lon: number, lat: number, bearing: number, metres: number): [number, number] {
  const d = metres / EARTH_RADIUS_M;
  const b = (bearing * Math.PI) / 180;
  const p1 = (lat * Math.PI) / 180;
  const l1 = (lon * Math.PI) / 180;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 =
    l1 +
    Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return [(l2 * 180) / Math.PI, (p2 * 180) / Math.PI];
}

describe('point query math', () => {
  it('measures distances and bearings', () => {
    assert.ok(Math.abs(distanceMetres(0, 0, 0, 1) - 111_195) < 1);
    assert.ok(Math.abs(distanceMetres(13, 55.6, 13, 55.6)) < 1e-9);
    assert.ok(Math.abs(bearingDegrees(0, 0, 0, 1)) < 1e-9);
    assert.ok(Math.abs(bearingDegrees(0, 0, 1, 0) - 90) < 1e-9);
    assert.ok(Math.abs(bearingDegrees(0, 1, 0, 0) - 180) < 1e-9);
    assert.ok(Math.abs(bearingDegrees(1, 0, 0, 0) - 270) < 1e-9);
    assert.equal(angleBetween(350, 10), 20);
    assert.equal(angleBetween(10, 350), 20);
    assert.equal(angleBetween(90, 270), 180);
    assert.equal(angleBetween(-30, 30), 60);
  });

  it('puts every point of the circle inside bboxAround (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: 1, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (lon, lat, radius, bearing) => {
          const [w, s, e, n] = bboxAround(lon, lat, radius);
          const [plon, plat] = destination(lon, lat, bearing, radius * 0.999);
          assert.ok(plon >= w && plon <= e && plat >= s && plat <= n);
        },
      ),
      { numRuns: 300, seed: 4 },
    );
  });

  it('keeps images within the radius that pass the filters, nearest first, each once', () => {
    const [lon, lat] = [33.36, 35.17];
    const at = (
      id: string,
      bearing: number,
      metres: number,
      extra: Partial<PointCandidate> = {},
    ) => {
      const [plon, plat] = destination(lon, lat, bearing, metres);
      return {
        id,
        lon: plon,
        lat: plat,
        capturedAt: Date.UTC(2020, 0, 1),
        isPano: false,
        ...extra,
      };
    };
    const images = [
      at('3', 0, 30),
      at('1', 90, 10),
      at('2', 180, 20, { isPano: true, organizationId: '7' }),
      at('4', 270, 120),
      at('1', 90, 10),
      at('5', 45, 40, { capturedAt: 0 }),
    ];
    assert.deepEqual(
      rankCloseTo(images, lon, lat, 100).map((r) => r.image.id),
      ['1', '2', '3', '5'],
    );
    const found = rankCloseTo(images, lon, lat, 100);
    assert.ok(Math.abs((found[0]?.distanceM ?? 0) - 10) < 0.01);
    assert.deepEqual(
      rankCloseTo(images, lon, lat, 100, { pano: 'pano' }).map((r) => r.image.id),
      ['2'],
    );
    assert.deepEqual(
      rankCloseTo(images, lon, lat, 100, { pano: 'flat', fromMs: Date.UTC(2019, 0, 1) }).map(
        (r) => r.image.id,
      ),
      ['1', '3'],
    );
    assert.deepEqual(
      rankCloseTo(images, lon, lat, 100, { organizationId: '7' }).map((r) => r.image.id),
      ['2'],
    );
    assert.deepEqual(
      rankCloseTo(images, lon, lat, 100, { toMs: Date.UTC(2019, 0, 1) }).map((r) => r.image.id),
      [],
    );
  });

  it('keeps images whose compass faces the point within the angle, most squarely first', () => {
    const [lon, lat] = [13.0, 55.6];
    // An image south of the point faces it when its compass is 0 (north).
    const from = (id: string, bearingFromPoint: number, metres: number, compass?: number) => {
      const [plon, plat] = destination(lon, lat, bearingFromPoint, metres);
      return {
        id,
        lon: plon,
        lat: plat,
        ...(compass === undefined ? {} : { compassAngle: compass }),
      };
    };
    const images = [
      from('a', 180, 30, 20), // 20° off
      from('b', 180, 50, 0), // straight at it
      from('c', 180, 20, 90), // looking east: away
      from('d', 90, 40, 275), // east of it, looking west: 5° off
      from('e', 0, 10), // no compass
      from('f', 0, 0.2, 180), // on the point
      from('g', 270, 60, 45), // west of it, 45° off
      from('h', 180, 500, 0), // too far
    ];
    const hits = rankLookingAt(images, lon, lat, 100, 50);
    assert.deepEqual(
      hits.map((h) => h.image.id),
      ['b', 'd', 'a', 'g'],
    );
    assert.ok(Math.abs((hits[1]?.offAxis ?? 0) - 5) < 0.01);
    assert.deepEqual(
      rankLookingAt(images, lon, lat, 100, 10).map((h) => h.image.id),
      ['b', 'd'],
    );
  });
});

describe('point queries over a candidate source (country dataset)', function () {
  this.timeout(60_000);
  const dataset = new CountryDataset({ seed: 1 });
  const asked: Bbox[] = [];
  // The dataset's images in the bbox asked for, as an image search returns them.
  const source: CandidateSource = (bbox) => {
    asked.push(bbox);
    const out: PointCandidate[] = [];
    dataset.forEachImageIn(...bbox, (image) => {
      out.push({ id: image.id, lon: image.lon, lat: image.lat, compassAngle: image.compassAngle });
    });
    return Promise.resolve(out);
  };
  // A point a few metres from an image near the centre of the capital, so there is coverage around.
  const [lon, lat] = ((): [number, number] => {
    let near: [number, number] | undefined;
    dataset.forEachImageIn(33.36, 35.17, 33.37, 35.175, (image) => {
      near = [image.lon + 5e-5, image.lat + 3e-5];
      return false;
    });
    assert.ok(near);
    return near;
  })();

  /** The dataset's images around the point. */
  function truth(radius: number): { id: string; lon: number; lat: number; compass: number }[] {
    const [w, s, e, n] = bboxAround(lon, lat, radius + 5);
    const out: { id: string; lon: number; lat: number; compass: number }[] = [];
    dataset.forEachImageIn(w, s, e, n, (image) => {
      out.push({ id: image.id, lon: image.lon, lat: image.lat, compass: image.compassAngle });
    });
    return out;
  }

  it('asks for the bbox around the circle and finds the images close to the point, nearest first', async () => {
    asked.length = 0;
    const found = await imagesCloseTo(source, lon, lat, { radiusM: 60 });
    assert.deepEqual(asked, [bboxAround(lon, lat, 60)]);
    const expected = truth(60)
      .filter((i) => distanceMetres(lon, lat, i.lon, i.lat) <= 60)
      .map((i) => i.id)
      .sort();
    assert.ok(expected.length > 10, `${expected.length} images`);
    assert.deepEqual(found.map((f) => f.image.id).sort(), expected);
    for (let i = 1; i < found.length; i++) {
      assert.ok((found[i - 1]?.distanceM ?? 0) <= (found[i]?.distanceM ?? 0));
    }
    const limited = await imagesCloseTo(source, lon, lat, { radiusM: 60, limit: 3 });
    assert.deepEqual(limited, found.slice(0, 3));
  });

  it('finds the images looking at a point as the dataset holds them', async () => {
    const found = await imagesLookingAt(source, lon, lat, { radiusM: 150, angle: 30 });
    const expected = truth(150)
      .filter((i) => {
        const d = distanceMetres(lon, lat, i.lon, i.lat);
        return (
          d <= 150 &&
          d >= 1 &&
          angleBetween(bearingDegrees(i.lon, i.lat, lon, lat), i.compass) <= 30
        );
      })
      .map((i) => i.id)
      .sort();
    assert.ok(expected.length > 3, `${expected.length} images`);
    assert.deepEqual(found.map((f) => f.image.id).sort(), expected);
    for (let i = 1; i < found.length; i++)
      assert.ok((found[i - 1]?.offAxis ?? 0) <= (found[i]?.offAxis ?? 0));
  });

  it('refuses a point, radius or angle out of range with what is allowed', async () => {
    await assert.rejects(imagesCloseTo(source, 200, 0), /longitude -180..180/);
    await assert.rejects(imagesCloseTo(source, lon, lat, { radiusM: 0 }), /at most 5000 m/);
    await assert.rejects(imagesCloseTo(source, lon, lat, { radiusM: 6000 }), /at most 5000 m/);
    await assert.rejects(imagesLookingAt(source, lon, lat, { angle: 0 }), /angle/);
  });
});
