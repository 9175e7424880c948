// What the viewer is told about images, from the real recordings and from odd entities; the picture
// handles; the tile pyramid levels; and class names in words.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { imageSchema } from '../../../src/shared/api/entities';
import { parseJsonKeepingIds } from '../../../src/shared/api/safeJson';
import { detectionClassName } from '../../../src/shared/viewer/detectionClassNames';
import {
  baseLevel,
  levelTiles,
  tileRegion,
  tileSource,
} from '../../../src/shared/viewer/imageTiles';
import { parseHandle, pictureHandle, tileHandle } from '../../../src/shared/viewer/viewerHandles';
import { viewerImageSchema } from '../../../src/shared/viewer/viewerImage';
import {
  cameraTypeOf,
  DEFAULT_FOCAL,
  shapeViewerImage,
} from '../../../src/shared/viewer/viewerImageShape';
import { describeWithRealFixtures } from '../../support/fixtures';

describeWithRealFixtures('viewer: images as the viewer takes them, from the recordings', (dir) => {
  const files = readdirSync(path.join(dir, 'graph', 'images')).filter((f) => f.endsWith('.json'));

  it('shapes every recorded image with a sequence, keeping its camera and reconstruction', () => {
    let shaped = 0;
    for (const file of files) {
      const raw = parseJsonKeepingIds(
        readFileSync(path.join(dir, 'graph', 'images', file), 'utf8'),
      );
      const entity = imageSchema.parse(raw);
      const id = path.basename(file, '.json');
      const result = shapeViewerImage(id, entity);
      if (!entity.sequence || !entity.geometry) {
        assert.equal(result.ok, false, file);
        continue;
      }
      assert.ok(result.ok, file);
      const image = result.image;
      assert.ok(viewerImageSchema.safeParse(image).success, file);
      assert.equal(image.id, id);
      assert.equal(image.sequenceId, entity.sequence);
      assert.equal(image.width, entity.width);
      assert.deepEqual(image.computedRotation, entity.computed_rotation);
      assert.equal(image.computedCompassAngle, entity.computed_compass_angle);
      // merge_cc exactly as recorded: "4.546427159383e+18".
      if (entity.merge_cc) assert.equal(image.mergeId, entity.merge_cc);
      assert.doesNotMatch(JSON.stringify(image), /url|http/i);
      shaped++;
    }
    assert.ok(shaped >= 3, `${shaped} shaped`);
  });
});

describe('viewer: image shapes, handles, tiles and class names', () => {
  it('maps the service camera names onto the three MapillaryJS draws', () => {
    assert.equal(cameraTypeOf('equirectangular', true), 'spherical');
    assert.equal(cameraTypeOf('spherical', false), 'spherical');
    assert.equal(cameraTypeOf('fisheye', false), 'fisheye');
    assert.equal(cameraTypeOf('brown', false), 'perspective');
    assert.equal(cameraTypeOf(undefined, true), 'spherical');
    assert.equal(cameraTypeOf(undefined, undefined), 'perspective');
  });

  it('gives defaults the library copes with, and refuses an image without position or sequence', () => {
    const bare = shapeViewerImage('123456789012345', {
      geometry: { type: 'Point', coordinates: [13, 55.6] },
      sequence: 'abcdefghijklmnopqrstuv',
      compass_angle: 360.5,
    });
    assert.ok(bare.ok);
    assert.deepEqual(bare.image.cameraParameters, [DEFAULT_FOCAL, 0, 0]);
    assert.equal(bare.image.exifOrientation, 1);
    assert.equal(bare.image.capturedAt, 0);
    assert.ok(Math.abs((bare.image.compassAngle ?? 0) - 0.5) < 1e-9);
    assert.equal(shapeViewerImage('1', { sequence: 'abcdefghijklmnopqrstuv' }).ok, false);
    assert.equal(
      shapeViewerImage('1', { geometry: { type: 'Point', coordinates: [13, 55] } }).ok,
      false,
    );
  });

  it('reads only the handles it writes', () => {
    assert.equal(pictureHandle('135511895288847', '1024'), 'img:135511895288847:1024');
    assert.deepEqual(parseHandle('img:135511895288847:original'), {
      kind: 'picture',
      imageId: '135511895288847',
      size: 'original',
    });
    assert.equal(tileHandle('135511895288847', 11, 1, 0), 'tile:135511895288847:11:1:0');
    assert.deepEqual(parseHandle('tile:135511895288847:11:1:0'), {
      kind: 'tile',
      imageId: '135511895288847',
      z: 11,
      x: 1,
      y: 0,
    });
    for (const bad of [
      'https://scontent.example/t.jpg?oe=1',
      'img:0123:1024',
      'img:135511895288847:4096',
      'img:135511895288847:1024 ',
      'tile:135511895288847:11:1',
      '',
    ]) {
      assert.equal(parseHandle(bad), undefined, bad);
    }
  });

  it('cuts every pyramid level into tiles that cover the picture exactly once', () => {
    for (const [w, h] of [
      [4032, 3024],
      [5760, 2880],
      [1920, 1080],
      [3000, 4000],
    ] as const) {
      const max = baseLevel(w, h);
      for (let z = 11; z <= max; z++) {
        let area = 0;
        for (const { x, y } of levelTiles(w, h, z)) {
          const r = tileRegion(w, h, z, x, y);
          assert.ok(r);
          assert.ok(r.pixelsX <= 1024 && r.pixelsY <= 1024);
          area += (r.right - r.left) * (r.bottom - r.top);
        }
        assert.ok(Math.abs(area - 1) < 1e-9, `${w}×${h} level ${z} covers ${area}`);
      }
      assert.equal(tileRegion(w, h, max, 99, 0), undefined);
    }
    // 1024 first (the thumb), then 2048, then the original.
    assert.equal(tileSource(4032, 3024, 11), '2048');
    assert.equal(tileSource(4032, 3024, 12), 'original');
    assert.equal(tileSource(1920, 1080, 11), '2048');
  });

  it('names classes in words', () => {
    assert.equal(detectionClassName('regulatory--stop--g1'), 'Stop (regulatory sign)');
    assert.equal(
      detectionClassName('regulatory--maximum-speed-limit-30--g1'),
      'Maximum speed limit 30 (regulatory sign)',
    );
    assert.equal(detectionClassName('object--fire-hydrant'), 'Fire hydrant');
    assert.equal(detectionClassName('object--vehicle--car'), 'Car');
    assert.equal(
      detectionClassName('marking--discrete--crosswalk-zebra'),
      'Crosswalk zebra (discrete marking)',
    );
    assert.equal(detectionClassName('construction--flat--road'), 'Road (flat construction)');
    assert.equal(detectionClassName('nature--sky'), 'Sky');
    assert.equal(detectionClassName('unknown'), 'Unknown');
  });
});
