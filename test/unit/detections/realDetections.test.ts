// Detection geometry decoded from the recorded detections: the same features and rings as
// @mapbox/vector-tile finds, one rectangle per traffic sign, and pixels scaled by the image size.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { DETECTION_LAYER } from '../../../src/shared/detections/detectionGeometry';
import { describeWithRealFixtures } from '../../support/fixtures';
import { decode } from './detectionDecode';

interface DetectionsFile {
  data: { id: string; geometry: string; value: string; image: { id: string } }[];
}

describeWithRealFixtures('decodeDetectionGeometry on the real detections', (dir) => {
  const detectionsDir = path.join(dir, 'graph', 'detections');
  const files = readdirSync(detectionsDir).filter((f) => f.endsWith('.json'));
  const all = files.flatMap(
    (file) =>
      (JSON.parse(readFileSync(path.join(detectionsDir, file), 'utf8')) as DetectionsFile).data,
  );
  const imageSize = (id: string): { width: number; height: number } | undefined => {
    try {
      const image = JSON.parse(
        readFileSync(path.join(dir, 'graph', 'images', `${id}.json`), 'utf8'),
      ) as {
        width?: number;
        height?: number;
      };
      return image.width && image.height ? { width: image.width, height: image.height } : undefined;
    } catch {
      return undefined;
    }
  };

  it('reads all six files', () => {
    assert.equal(files.length, 6);
    assert.equal(all.length, 18);
  });

  it('decodes every geometry to the features and rings @mapbox/vector-tile finds', () => {
    for (const detection of all) {
      const result = decode(detection.geometry);
      assert.ok(result.ok, detection.id);
      const reference = new VectorTile(new PbfReader(Buffer.from(detection.geometry, 'base64')));
      const layer = reference.layers[DETECTION_LAYER];
      assert.ok(layer, detection.id);
      assert.equal(result.value.features.length, layer.length);
      assert.equal(result.value.extent, layer.extent);
      result.value.features.forEach((feature, i) => {
        const rings = layer.feature(i).loadGeometry();
        assert.equal(feature.polygons.flat().length, rings.length, detection.id);
        const ours = feature.polygons.flat().flat();
        const theirs = rings.flat().map((p) => [p.x / layer.extent, p.y / layer.extent]);
        assert.deepEqual(ours, theirs);
      });
    }
  });

  it('gives each traffic sign (MVT v1) one rectangle: one polygon of one ring', () => {
    const signs = all.filter((detection) => {
      const result = decode(detection.geometry);
      return result.ok && result.value.version === 1;
    });
    assert.ok(signs.length >= 10, `${signs.length}`);
    for (const sign of signs) {
      const result = decode(sign.geometry);
      assert.ok(result.ok);
      const polygons = result.value.features[0]?.polygons;
      assert.equal(polygons?.length, 1);
      const ring = polygons?.[0]?.[0];
      assert.equal(polygons?.[0]?.length, 1);
      assert.equal(ring?.length, 5);
      const xs = new Set(ring?.map(([x]) => x));
      const ys = new Set(ring?.map(([, y]) => y));
      assert.equal(xs.size, 2, sign.id);
      assert.equal(ys.size, 2, sign.id);
      for (const [x, y] of ring ?? []) assert.ok(x >= 0 && x <= 1 && y >= 0 && y <= 1);
    }
  });

  it('scales to pixels as normalised × the image width and height', () => {
    let checked = 0;
    for (const detection of all) {
      const size = imageSize(detection.image.id);
      if (!size) continue;
      const normal = decode(detection.geometry);
      const pixels = decode(detection.geometry, size);
      assert.ok(normal.ok && pixels.ok);
      normal.value.features.forEach((feature, f) => {
        const scaled = pixels.value.features[f]?.pixelPolygons;
        assert.deepEqual(
          scaled,
          feature.polygons.map((polygon) =>
            polygon.map((ring) => ring.map(([x, y]) => [x * size.width, y * size.height])),
          ),
        );
      });
      checked++;
    }
    assert.ok(checked >= 10, `${checked}`);
  });
});
