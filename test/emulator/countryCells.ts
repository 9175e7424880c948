// One generation cell (a z14 tile) of the country dataset: the sequences that start in it, made from
// a seed derived from the cell's coordinates only, so any cell can be made alone, in any order, and
// always comes out the same. A sequence is kept within 0.8 cell of its home cell, so a tile's content
// comes from its own cells and their neighbours. Its images are sampled along its path only when
// someone asks (a z14 tile, a Graph call); ids encode where they come from, so an id leads back to
// its cell without any index.
import { type ImageRecord, type Sequence } from './dataset';
import { type CountryWorld, cellLat, cellLon, kmPerDegree, type Source } from './countryWorld';
import { Prng } from './prng';
import { type Camera, flatCameras, panoCameras } from './vocabulary';

/** A sequence's outline: everything but its images. */
export interface CountrySequence {
  id: string;
  cellX: number;
  cellY: number;
  index: number;
  organizationId?: string;
  creatorId: string;
  isPano: boolean;
  camera: Camera;
  /** Capture time of the first image (ms). */
  startTime: number;
  /** Seed of the image sampling. */
  seed: number;
  /** Corners of the path, `[lon, lat]`. */
  path: [number, number][];
  /** Extent of the path `[w, s, e, n]`. */
  bbox: [number, number, number, number];
  /** Id of image 0. */
  firstImageId: string;
}

/** Most sequences a cell may start (8 bits of the ids) and images a sequence may hold (12 bits). */
export const MAX_SEQUENCES_PER_CELL = 255;
export const MAX_IMAGES_PER_SEQUENCE = 4000;

const MASK48 = (1n << 48n) - 1n;
const MASK36 = (1n << 36n) - 1n;
// Odd multipliers scramble the packed coordinates into random-looking ids; their inverses undo it.
const IMAGE_MULT = 0x5deece66dn;
const IMAGE_MULT_INV = modInverse(IMAGE_MULT, 1n << 48n);
const SEQ_MULT = 0x9e3779b1n;
const SEQ_MULT_INV = modInverse(SEQ_MULT, 1n << 36n);
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function modInverse(a: bigint, m: bigint): bigint {
  // Newton's iteration for the inverse of an odd number modulo a power of two.
  let x = a;
  for (let i = 0; i < 6; i++) x = (x * (2n - a * x)) % m;
  return ((x % m) + m) % m;
}

/** A 32-bit hash of a few integers. */
export function hash32(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    h = Math.imul(h ^ (v & 0xffff), 0x01000193);
    h = Math.imul(h ^ (v >>> 16), 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

/** The image id of image `img` of sequence `seq` of cell (x, y): 16 digits. */
export function countryImageId(x: number, y: number, seq: number, img: number): string {
  const packed = (BigInt(x) << 34n) | (BigInt(y) << 20n) | (BigInt(seq) << 12n) | BigInt(img);
  return String(10n ** 15n + ((packed * IMAGE_MULT) & MASK48));
}

/** Where an image id comes from, or undefined for an id this dataset never made. */
export function decodeImageId(
  id: string,
): { x: number; y: number; seq: number; img: number } | undefined {
  if (!/^1\d{15}$/.test(id)) return undefined;
  const scrambled = BigInt(id) - 10n ** 15n;
  if (scrambled > MASK48) return undefined;
  const packed = (scrambled * IMAGE_MULT_INV) & MASK48;
  return {
    x: Number(packed >> 34n),
    y: Number((packed >> 20n) & 0x3fffn),
    seq: Number((packed >> 12n) & 0xffn),
    img: Number(packed & 0xfffn),
  };
}

/** The 22-character key of sequence `seq` of cell (x, y). */
export function countrySequenceId(x: number, y: number, seq: number): string {
  const packed = (BigInt(x) << 22n) | (BigInt(y) << 8n) | BigInt(seq);
  const scrambled = (packed * SEQ_MULT) & MASK36;
  const head = scrambled.toString(36).padStart(7, '0');
  const rng = new Prng(hash32(Number(scrambled & 0xffffffn), Number(scrambled >> 24n)));
  return head + rng.chars(15, ALPHABET);
}

/** Where a sequence key comes from, or undefined for a key this dataset never made. */
export function decodeSequenceId(id: string): { x: number; y: number; seq: number } | undefined {
  if (!/^[0-9a-z]{22}$/.test(id)) return undefined;
  const scrambled = BigInt(parseInt(id.slice(0, 7), 36));
  if (scrambled > MASK36) return undefined;
  const packed = (scrambled * SEQ_MULT_INV) & MASK36;
  const x = Number(packed >> 22n);
  const y = Number((packed >> 8n) & 0x3fffn);
  const seq = Number(packed & 0xffn);
  return countrySequenceId(x, y, seq) === id ? { x, y, seq } : undefined;
}

function poisson(rng: Prng, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > limit && k < MAX_SEQUENCES_PER_CELL) {
    k++;
    p *= rng.next();
  }
  return k;
}

function pickWeighted<T>(rng: Prng, items: readonly { value: T; weight: number }[]): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rng.next() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item.value;
  }
  return (items[items.length - 1] as { value: T }).value;
}

/** The sequences that start in cell (x, y). */
export function generateCell(world: CountryWorld, x: number, y: number): CountrySequence[] {
  const { total, sources } = world.density(x, y);
  if (total <= 0) return [];
  const rng = new Prng(hash32(world.seed, x, y));
  const count = poisson(rng, total);
  const w = cellLon(x);
  const e = cellLon(x + 1);
  const n = cellLat(y);
  const s = cellLat(y + 1);
  // The path stays within 0.8 cell of its home cell.
  const allowed = [w - 0.8 * (e - w), s - 0.8 * (n - s), e + 0.8 * (e - w), n + 0.8 * (n - s)];
  const out: CountrySequence[] = [];
  for (let index = 0; index < count; index++) {
    const source = pickWeighted(
      rng,
      sources.map((c) => ({ value: c.source, weight: c.weight })),
    );
    const owners = Object.entries(source.kind === 'town' ? source.town.owners : source.road.owners);
    const owner = pickWeighted(
      rng,
      owners.map(([k, v]) => ({ value: Number(k), weight: v })),
    );
    const creator = rng.pick(world.creatorsOf(owner));
    const isPano = rng.chance(0.2);
    const start: [number, number] = [rng.range(w, e), rng.range(s, n)];
    const path = walk(rng, source, start, allowed);
    const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [lon, lat] of path) {
      bbox[0] = Math.min(bbox[0], lon);
      bbox[1] = Math.min(bbox[1], lat);
      bbox[2] = Math.max(bbox[2], lon);
      bbox[3] = Math.max(bbox[3], lat);
    }
    const org = owner >= 0 ? world.organizations[owner] : undefined;
    out.push({
      id: countrySequenceId(x, y, index),
      cellX: x,
      cellY: y,
      index,
      ...(org ? { organizationId: org.id } : {}),
      creatorId: creator.id,
      isPano,
      camera: rng.pick(isPano ? panoCameras : flatCameras),
      startTime:
        Date.UTC(2016, 0, 1) +
        Math.floor(rng.next() * (Date.UTC(2025, 5, 1) - Date.UTC(2016, 0, 1))),
      seed: hash32(world.seed, x, y, index),
      path,
      bbox,
      firstImageId: countryImageId(x, y, index, 0),
    });
  }
  return out;
}

// A drive: along a town's street grid (blocks of 80-160 m, mostly straight on), or along a road.
function walk(
  rng: Prng,
  source: Source,
  start: [number, number],
  allowed: number[],
): [number, number][] {
  const [kx, ky] = kmPerDegree(start[1]);
  const length = rng.range(0.2, 1.5);
  const path: [number, number][] = [start];
  let heading =
    source.kind === 'town'
      ? source.town.gridAngle + 90 * rng.int(0, 3)
      : (Math.atan2(
          (source.road.to[0] - source.road.from[0]) * kx,
          (source.road.to[1] - source.road.from[1]) * ky,
        ) *
          180) /
          Math.PI +
        (rng.chance(0.5) ? 0 : 180);
  let walked = 0;
  let [lon, lat] = start;
  while (walked < length) {
    const step = source.kind === 'town' ? rng.range(0.08, 0.16) : rng.range(0.1, 0.25);
    let moved = false;
    for (let attempt = 0; attempt < 4 && !moved; attempt++) {
      const rad = (heading * Math.PI) / 180;
      const nlon = lon + (Math.sin(rad) * step) / kx;
      const nlat = lat + (Math.cos(rad) * step) / ky;
      if (nlon > allowed[0]! && nlat > allowed[1]! && nlon < allowed[2]! && nlat < allowed[3]!) {
        lon = nlon;
        lat = nlat;
        moved = true;
      } else {
        heading += 90 * (rng.chance(0.5) ? 1 : -1);
      }
    }
    if (!moved) break;
    path.push([lon, lat]);
    walked += step;
    if (source.kind === 'town') {
      if (!rng.chance(0.7)) heading += 90 * (rng.chance(0.5) ? 1 : -1);
    } else {
      heading += rng.range(-8, 8);
    }
  }
  if (path.length < 2) path.push([lon + 0.0005, lat]);
  return path;
}

function round(value: number, places: number): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

/** The images of a sequence, sampled along its path every 3-10 m (5-12 m for panoramas). */
export function sampleImages(seq: CountrySequence): ImageRecord[] {
  const rng = new Prng(seq.seed);
  const [kx, ky] = kmPerDegree(seq.path[0]![1]);
  const speed = rng.range(4, 14);
  const out: ImageRecord[] = [];
  let t = seq.startTime;
  let along = 0;
  for (let i = 1; i < seq.path.length && out.length < MAX_IMAGES_PER_SEQUENCE; i++) {
    const [alon, alat] = seq.path[i - 1]!;
    const [blon, blat] = seq.path[i]!;
    const len = Math.hypot((blon - alon) * kx, (blat - alat) * ky) * 1000;
    const bearing =
      ((Math.atan2((blon - alon) * kx, (blat - alat) * ky) * 180) / Math.PI + 360) % 360;
    while (along <= len && out.length < MAX_IMAGES_PER_SEQUENCE) {
      const f = len === 0 ? 0 : along / len;
      const lon = alon + (blon - alon) * f;
      const lat = alat + (blat - alat) * f;
      const index = out.length;
      const image: ImageRecord = {
        id: countryImageId(seq.cellX, seq.cellY, seq.index, index),
        sequenceId: seq.id,
        index,
        lon: round(lon, 9),
        lat: round(lat, 9),
        computedLon: round(lon + rng.range(-4e-6, 4e-6), 11),
        computedLat: round(lat + rng.range(-4e-6, 4e-6), 11),
        capturedAt: index === 0 ? seq.startTime : t,
        compassAngle: round((bearing + rng.range(-4, 4) + 360) % 360, 2),
        computedCompassAngle: round((bearing + rng.range(-1, 1) + 360) % 360, 6),
        width: seq.camera.width,
        height: seq.camera.height,
        isPano: seq.isPano,
        make: seq.camera.make,
        model: seq.camera.model,
        cameraType: seq.camera.cameraType,
        creatorId: seq.creatorId,
        detectionIds: [],
        ...(seq.organizationId ? { organizationId: seq.organizationId } : {}),
      };
      out.push(image);
      const step = seq.isPano ? rng.range(5, 12) : rng.range(3, 10);
      along += step;
      t += Math.round((step / speed) * 1000) + rng.int(0, 200);
    }
    along -= len;
  }
  return out;
}

/** The sequence record the Graph views use. */
export function sequenceRecord(seq: CountrySequence): Sequence {
  return {
    id: seq.id,
    imageIds: sampleImages(seq).map((i) => i.id),
    creatorId: seq.creatorId,
    isPano: seq.isPano,
    ...(seq.organizationId ? { organizationId: seq.organizationId } : {}),
  };
}
