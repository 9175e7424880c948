// The camera rotation an image's `computed_rotation` holds: an angle-axis vector (radians) that
// turns world coordinates (east, north, up) into the camera's. The recordings show values such as
// [1.364, -0.002, 0.035] for a camera facing 1.29° (../shared/fixtures/real/graph/images/
// 135511895288847.json: a camera looking level to the north is a quarter turn about the x axis, then
// the compass angle about the vertical). The emulator derives it from the computed compass angle
// the way the official viewer does when the field is missing (MapillaryJS's
// GraphCalculator.rotationFromCompass: Euler angles XYZ, then the EXIF orientation about z), with a
// small tilt, so that the picture it draws, the compass angle and the rotation agree.

type Matrix = [number, number, number, number, number, number, number, number, number];

function multiply(a: Matrix, b: Matrix): Matrix {
  const out = new Array<number>(9).fill(0) as Matrix;
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let sum = 0;
      for (let k = 0; k < 3; k++) sum += (a[r * 3 + k] ?? 0) * (b[k * 3 + c] ?? 0);
      out[r * 3 + c] = sum;
    }
  }
  return out;
}

const rx = (a: number): Matrix => [
  1,
  0,
  0,
  0,
  Math.cos(a),
  -Math.sin(a),
  0,
  Math.sin(a),
  Math.cos(a),
];
const ry = (a: number): Matrix => [
  Math.cos(a),
  0,
  Math.sin(a),
  0,
  1,
  0,
  -Math.sin(a),
  0,
  Math.cos(a),
];
const rz = (a: number): Matrix => [
  Math.cos(a),
  -Math.sin(a),
  0,
  Math.sin(a),
  Math.cos(a),
  0,
  0,
  0,
  1,
];

/** The angle-axis vector of a rotation matrix (via its quaternion, robust near a half turn). */
export function angleAxis(m: Matrix): [number, number, number] {
  const [m11, m12, m13, m21, m22, m23, m31, m32, m33] = m;
  const trace = m11 + m22 + m33;
  let w: number;
  let x: number;
  let y: number;
  let z: number;
  if (trace > 0) {
    const s = 0.5 / Math.sqrt(trace + 1);
    w = 0.25 / s;
    x = (m32 - m23) * s;
    y = (m13 - m31) * s;
    z = (m21 - m12) * s;
  } else if (m11 > m22 && m11 > m33) {
    const s = 2 * Math.sqrt(1 + m11 - m22 - m33);
    w = (m32 - m23) / s;
    x = 0.25 * s;
    y = (m12 + m21) / s;
    z = (m13 + m31) / s;
  } else if (m22 > m33) {
    const s = 2 * Math.sqrt(1 + m22 - m11 - m33);
    w = (m13 - m31) / s;
    x = (m12 + m21) / s;
    y = 0.25 * s;
    z = (m23 + m32) / s;
  } else {
    const s = 2 * Math.sqrt(1 + m33 - m11 - m22);
    w = (m21 - m12) / s;
    x = (m13 + m31) / s;
    y = (m23 + m32) / s;
    z = 0.25 * s;
  }
  if (w < 0) [w, x, y, z] = [-w, -x, -y, -z];
  const half = Math.acos(Math.min(1, w));
  const sin = Math.sqrt(Math.max(0, 1 - w * w));
  if (sin < 1e-9) return [0, 0, 0];
  const angle = 2 * half;
  return [(x / sin) * angle, (y / sin) * angle, (z / sin) * angle];
}

/**
 * The rotation of a camera facing `compassDeg` (clockwise from north), tilted by `tiltRad` (positive
 * looks up), held as EXIF `orientation` says (1 upright; 3, 6 and 8 turned).
 */
export function rotationFromCompass(
  compassDeg: number,
  orientation: number,
  tiltRad = 0,
): [number, number, number] {
  let x = 0;
  let y = 0;
  let z = 0;
  switch (orientation) {
    case 1:
      x = Math.PI / 2;
      break;
    case 3:
      x = -Math.PI / 2;
      z = Math.PI;
      break;
    case 6:
      y = -Math.PI / 2;
      z = -Math.PI / 2;
      break;
    case 8:
      y = Math.PI / 2;
      z = Math.PI / 2;
      break;
    default:
      break;
  }
  const euler = multiply(multiply(rx(x + tiltRad), ry(y)), rz((compassDeg * Math.PI) / 180));
  return angleAxis(multiply(euler, rz(z)));
}
