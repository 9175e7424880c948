// The emulator's pictures and camera rotations: a rotation the official viewer would compute from
// the compass angle (compared with three.js, as MapillaryJS's GraphCalculator does it), pictures
// that change from one image of a sequence to the next, 2:1 panoramas, and a sign drawn where a
// sign detection says one is.
import { strict as assert } from 'node:assert';
import * as THREE from 'three';
import { angleAxis, rotationFromCompass } from '../../emulator/cameraRotation';
import { buildDataset, type Detection, type ImageRecord } from '../../emulator/dataset';
import { drawStreetPicture } from '../../emulator/streetPictures';

/** The rotation matrix of MapillaryJS 4.1.2's GraphCalculator.rotationFromCompass (three.js). */
function libraryMatrix(compass: number, orientation: number): THREE.Matrix4 {
  let x = 0;
  let y = 0;
  let z = 0;
  if (orientation === 1) x = Math.PI / 2;
  else if (orientation === 6) {
    y = -Math.PI / 2;
    z = -Math.PI / 2;
  }
  const rz = new THREE.Matrix4().makeRotationZ(z);
  const euler = new THREE.Euler(x, y, (compass * Math.PI) / 180, 'XYZ');
  return new THREE.Matrix4().makeRotationFromEuler(euler).multiply(rz);
}

/** The matrix of an angle-axis vector. */
function matrixOf(vector: readonly number[]): THREE.Matrix4 {
  const angle = Math.hypot(...vector);
  const axis = new THREE.Vector3(vector[0], vector[1], vector[2]).normalize();
  return new THREE.Matrix4().makeRotationAxis(axis, angle);
}

function sameMatrix(a: THREE.Matrix4, b: THREE.Matrix4, tolerance: number, what: string): void {
  a.elements.forEach((v, i) => assert.ok(Math.abs(v - (b.elements[i] ?? 0)) < tolerance, what));
}

describe('emulator: camera rotations and street pictures', () => {
  const dataset = buildDataset(1, 'small');
  const grid = { nodes: 12, block: 110, center: dataset.center };

  it('computes the rotation MapillaryJS would compute from the compass angle', () => {
    for (const compass of [0, 1.2865, 45, 90, 179.9, 180, 200, 270, 359.5]) {
      for (const orientation of [1, 6]) {
        const ours = matrixOf(rotationFromCompass(compass, orientation));
        sameMatrix(ours, libraryMatrix(compass, orientation), 1e-9, `${compass}° ${orientation}`);
      }
    }
    assert.deepEqual(angleAxis([1, 0, 0, 0, 1, 0, 0, 0, 1]), [0, 0, 0]);
  });

  it("gives the dataset's images a rotation that agrees with their computed compass angle", () => {
    const image = dataset.images.find((i) => i.computedRotation && i.exifOrientation === 1);
    assert.ok(image?.computedRotation && image.computedCompassAngle !== undefined);
    // Within the small tilt the generator adds (under half a degree).
    sameMatrix(
      matrixOf(image.computedRotation),
      libraryMatrix(image.computedCompassAngle, 1),
      0.01,
      image.id,
    );
  });

  const sequenceStep = (): [ImageRecord, ImageRecord] => {
    const seq = dataset.sequences.find((s) => !s.isPano && s.imageIds.length > 10);
    const byId = new Map(dataset.images.map((i) => [i.id, i]));
    const a = byId.get(seq?.imageIds[3] ?? '');
    const b = byId.get(seq?.imageIds[4] ?? '');
    assert.ok(a && b);
    return [a, b];
  };

  it('draws a different picture for the next image of a sequence: motion shows', () => {
    const [a, b] = sequenceStep();
    const pa = drawStreetPicture(grid, a, [], 256, 192);
    const pb = drawStreetPicture(grid, b, [], 256, 192);
    let differing = 0;
    for (let i = 0; i < pa.length; i += 4)
      if (pa[i] !== pb[i] || pa[i + 1] !== pb[i + 1]) differing++;
    assert.ok(differing > (256 * 192) / 20, `${differing} pixels changed`);
    // Sky above, street below.
    const at = (p: Buffer, x: number, y: number) => [
      p[(y * 256 + x) * 4],
      p[(y * 256 + x) * 4 + 2],
    ];
    const [skyR, skyB] = at(pa, 128, 2);
    assert.ok((skyB ?? 0) > (skyR ?? 0), 'blue sky at the top');
  });

  it('draws panoramas all round and a sign where a sign detection is', () => {
    const pano = dataset.images.find((i) => i.isPano);
    assert.ok(pano);
    assert.equal(pano.width, pano.height * 2, 'panoramas are 2:1');
    const picture = drawStreetPicture(grid, pano, [], 512, 256);
    assert.equal(picture.length, 512 * 256 * 4);
    const [, flat] = sequenceStep();
    const sign: Detection = {
      id: '1',
      imageId: flat.id,
      value: 'regulatory--stop--g1',
      createdAt: 0,
      shape: { kind: 'rectangle', x0: 1600, y0: 1000, x1: 2400, y1: 1800 },
    };
    const w = 256;
    const h = 192;
    const drawn = drawStreetPicture(grid, flat, [sign], w, h);
    // The sign's red ring crosses the middle of the box's top edge.
    const x = Math.round((2000 / 4096) * w);
    const y = Math.round((1000 / 4096) * h) + 1;
    const k = (y * w + x) * 4;
    assert.ok((drawn[k] ?? 0) > 150 && (drawn[k + 1] ?? 0) < 80, 'red ring of the sign');
  });
});
