// Draws the picture an image's camera would have taken in the emulated city, so that stepping
// along a sequence shows motion: the street grid of dataset.ts with a building on every block (the
// blocks the diagonal avenues cross are open squares), roads with dashed centre lines, sidewalks,
// windows, sky, and a traffic sign wherever a sign detection of the image says one is. A
// perspective or fisheye camera is drawn as a pinhole with the focal length of its
// `camera_parameters`; a panorama as a 2:1 equirectangular picture all round. The camera stands at
// the image's computed position, 2.5 m up, facing its computed compass angle, exactly the pose its
// `computed_rotation` holds (see cameraRotation.ts), so the viewer's transitions line up.
import { type Detection, type ImageRecord } from './dataset';
import { detectionExtent } from './detectionGeometry';

/** The street grid the pictures are drawn from (dataset.ts: nodes per side, block length). */
export interface PictureGrid {
  nodes: number;
  block: number;
  /** The grid's centre [lon, lat]. */
  center: [number, number];
}

const CAMERA_HEIGHT = 2.5;
const ROAD_HALF = 6;
const SETBACK = 10;
const MAX_DISTANCE = 400;
const METRES_PER_DEGREE_LAT = 110_540;

/** A deterministic hash of two integers to 0..1. */
function hash2(a: number, b: number): number {
  let h = (a * 374_761_393 + b * 668_265_263) | 0;
  h = Math.imul(h ^ (h >>> 13), 1_274_126_177);
  return ((h ^ (h >>> 16)) >>> 0) / 4_294_967_296;
}

/** The scene's geometry in metres east (x) and north (y) of the grid's centre. */
class Scene {
  private readonly half: number;

  constructor(private readonly grid: PictureGrid) {
    this.half = ((grid.nodes - 1) * grid.block) / 2;
  }

  /** Local metres of a position. */
  local(lon: number, lat: number): [number, number] {
    const [lon0, lat0] = this.grid.center;
    const perLon = 111_320 * Math.cos((lat0 * Math.PI) / 180);
    return [(lon - lon0) * perLon, (lat - lat0) * METRES_PER_DEGREE_LAT];
  }

  /** Whether block (i, j) (between nodes i..i+1 and j..j+1) holds a building. */
  built(i: number, j: number): boolean {
    const n = this.grid.nodes;
    if (i < 0 || j < 0 || i >= n - 1 || j >= n - 1) return false;
    // The diagonal avenues run corner to corner through these blocks: open squares there.
    return i !== j && i + j !== n - 2;
  }

  height(i: number, j: number): number {
    return 9 + Math.floor(hash2(i, j) * 7) * 3.2;
  }

  /**
   * The nearest wall along a horizontal ray from (x, y) in direction (dx, dy) (unit), within
   * MAX_DISTANCE: its distance, the block, and the position along the wall (for windows).
   */
  wall(
    x: number,
    y: number,
    dx: number,
    dy: number,
  ): { t: number; i: number; j: number; along: number } | undefined {
    const b = this.grid.block;
    const gx = (x + this.half) / b;
    const gy = (y + this.half) / b;
    let i = Math.floor(gx);
    let j = Math.floor(gy);
    const stepI = dx > 0 ? 1 : -1;
    const stepJ = dy > 0 ? 1 : -1;
    const tDeltaX = dx === 0 ? Infinity : Math.abs(b / dx);
    const tDeltaY = dy === 0 ? Infinity : Math.abs(b / dy);
    let tMaxX = dx === 0 ? Infinity : ((dx > 0 ? i + 1 - gx : gx - i) * b) / Math.abs(dx);
    let tMaxY = dy === 0 ? Infinity : ((dy > 0 ? j + 1 - gy : gy - j) * b) / Math.abs(dy);
    let t0 = 0;
    while (t0 < MAX_DISTANCE) {
      if (this.built(i, j)) {
        const hit = this.boxHit(x, y, dx, dy, i, j);
        if (hit) return hit;
      }
      if (tMaxX < tMaxY) {
        t0 = tMaxX;
        tMaxX += tDeltaX;
        i += stepI;
      } else {
        t0 = tMaxY;
        tMaxY += tDeltaY;
        j += stepJ;
      }
    }
    return undefined;
  }

  private boxHit(x: number, y: number, dx: number, dy: number, i: number, j: number) {
    const b = this.grid.block;
    const x0 = i * b - this.half + SETBACK;
    const x1 = (i + 1) * b - this.half - SETBACK;
    const y0 = j * b - this.half + SETBACK;
    const y1 = (j + 1) * b - this.half - SETBACK;
    let tNear = -Infinity;
    let tFar = Infinity;
    let axis = 0;
    for (const [o, d, lo, hi, a] of [
      [x, dx, x0, x1, 0],
      [y, dy, y0, y1, 1],
    ] as const) {
      if (Math.abs(d) < 1e-12) {
        if (o < lo || o > hi) return undefined;
        continue;
      }
      let ta = (lo - o) / d;
      let tb = (hi - o) / d;
      if (ta > tb) [ta, tb] = [tb, ta];
      if (ta > tNear) {
        tNear = ta;
        axis = a;
      }
      tFar = Math.min(tFar, tb);
    }
    if (tNear > tFar || tFar < 0) return undefined;
    const t = Math.max(0, tNear);
    const along = axis === 0 ? y + dy * t : x + dx * t;
    return { t, i, j, along };
  }

  /** The ground's colour at (x, y). */
  ground(x: number, y: number): [number, number, number] {
    const b = this.grid.block;
    const h = this.half;
    const offX = (((x + h) % b) + b) % b;
    const offY = (((y + h) % b) + b) % b;
    const toStreetX = Math.min(offX, b - offX);
    const toStreetY = Math.min(offY, b - offY);
    const diagonal = Math.min(Math.abs(x - y), Math.abs(x + y)) / Math.SQRT2;
    const road = Math.min(toStreetX, toStreetY, diagonal);
    if (road < ROAD_HALF) {
      // Dashed centre lines: along a street, a line where it is closest to the centre.
      const onX = toStreetX < 0.15 && toStreetY > ROAD_HALF && ((y % 6) + 6) % 6 < 3;
      const onY = toStreetY < 0.15 && toStreetX > ROAD_HALF && ((x % 6) + 6) % 6 < 3;
      if (onX || onY) return [235, 235, 225];
      const grain = hash2(Math.floor(x * 2), Math.floor(y * 2)) * 12;
      return [78 + grain, 80 + grain, 84 + grain];
    }
    if (road < SETBACK) return [168, 166, 160];
    const i = Math.floor((x + h) / b);
    const j = Math.floor((y + h) / b);
    return this.built(i, j) ? [120, 110, 100] : [86, 132, 72];
  }
}

function wallColour(i: number, j: number, along: number, z: number): [number, number, number] {
  const base = hash2(i * 7 + 1, j * 13 + 5);
  const r = 150 + Math.floor(base * 90);
  const g = 120 + Math.floor(hash2(i, j + 99) * 70);
  const bl = 100 + Math.floor(hash2(i + 42, j) * 60);
  const u = ((along % 4) + 4) % 4;
  const v = ((z % 3.2) + 3.2) % 3.2;
  if (z > 1 && u > 1 && u < 3 && v > 1 && v < 2.4) return [60, 80, 105];
  return [r, g, bl];
}

function sky(elevation: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, elevation / (Math.PI / 2)));
  return [150 - 80 * t, 190 - 60 * t, 235 - 20 * t];
}

/** Draws one image's picture at `width` × `height` RGBA (see the file comment). */
export function drawStreetPicture(
  grid: PictureGrid,
  image: ImageRecord,
  detections: readonly Detection[],
  width: number,
  height: number,
): Buffer {
  const scene = new Scene(grid);
  const [cx, cy] = scene.local(image.computedLon ?? image.lon, image.computedLat ?? image.lat);
  const yaw = ((image.computedCompassAngle ?? image.compassAngle) * Math.PI) / 180;
  const focal = (image.cameraParameters?.[0] ?? 0.85) * Math.max(width, height);
  const data = Buffer.alloc(width * height * 4);
  for (let u = 0; u < width; u++) {
    // The column's horizontal direction, and how a row's vertical angle maps to a slope.
    let azimuth: number;
    let slopeScale: number;
    if (image.isPano) {
      azimuth = yaw + ((u + 0.5) / width - 0.5) * 2 * Math.PI;
      slopeScale = 1;
    } else {
      const side = (u + 0.5 - width / 2) / focal;
      azimuth = yaw + Math.atan(side);
      // Rows of a pinhole picture are slopes over the distance along the optical axis.
      slopeScale = Math.sqrt(1 + side * side);
    }
    const dx = Math.sin(azimuth);
    const dy = Math.cos(azimuth);
    const hit = scene.wall(cx, cy, dx, dy);
    for (let v = 0; v < height; v++) {
      const slope = image.isPano
        ? Math.tan(Math.min(1.55, Math.max(-1.55, (0.5 - (v + 0.5) / height) * Math.PI)))
        : (height / 2 - v - 0.5) / focal / slopeScale;
      let colour: [number, number, number];
      const z = hit ? CAMERA_HEIGHT + hit.t * slope : 0;
      if (hit && z >= 0 && z <= scene.height(hit.i, hit.j)) {
        colour = wallColour(hit.i, hit.j, hit.along, z);
        const shade = Math.max(0.55, 1 - hit.t / MAX_DISTANCE);
        colour = [colour[0] * shade, colour[1] * shade, colour[2] * shade];
      } else if (slope < 0) {
        const t = CAMERA_HEIGHT / -slope;
        colour = scene.ground(cx + dx * t, cy + dy * t);
      } else {
        colour = sky(Math.atan(slope));
      }
      const k = (v * width + u) * 4;
      data[k] = colour[0];
      data[k + 1] = colour[1];
      data[k + 2] = colour[2];
      data[k + 3] = 255;
    }
  }
  for (const detection of detections) {
    if (detection.shape.kind === 'rectangle') drawSign(data, width, height, detection.shape);
  }
  return data;
}

/** A round sign (red ring, white face, a bar) filling the detection's box, on a grey pole. */
function drawSign(
  data: Buffer,
  width: number,
  height: number,
  box: { x0: number; y0: number; x1: number; y1: number },
): void {
  const x0 = (box.x0 / detectionExtent) * width;
  const x1 = (box.x1 / detectionExtent) * width;
  const y0 = (box.y0 / detectionExtent) * height;
  const y1 = (box.y1 / detectionExtent) * height;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const r = Math.max(1, Math.min(x1 - x0, y1 - y0) / 2);
  const set = (u: number, v: number, c: [number, number, number]): void => {
    if (u < 0 || v < 0 || u >= width || v >= height) return;
    const k = (v * width + u) * 4;
    data[k] = c[0];
    data[k + 1] = c[1];
    data[k + 2] = c[2];
  };
  const pole = Math.max(1, Math.round(r / 6));
  for (let v = Math.round(cy); v < Math.min(height, Math.round(y1 + r * 3)); v++) {
    for (let u = Math.round(cx - pole / 2); u <= Math.round(cx + pole / 2); u++) {
      set(u, v, [110, 110, 115]);
    }
  }
  for (let v = Math.floor(cy - r); v <= Math.ceil(cy + r); v++) {
    for (let u = Math.floor(cx - r); u <= Math.ceil(cx + r); u++) {
      const d = Math.hypot(u - cx, v - cy) / r;
      if (d > 1) continue;
      const bar = Math.abs(v - cy) < r * 0.15 && Math.abs(u - cx) < r * 0.6;
      set(u, v, d > 0.78 ? [200, 30, 30] : bar ? [30, 30, 30] : [245, 245, 245]);
    }
  }
}
