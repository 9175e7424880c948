// The emulator's world: organizations, users, sequences of images along the streets of a city,
// map features and detections, all derived from one seed.
import { createHash } from 'node:crypto';
import { rotationFromCompass } from './cameraRotation';
import { GridIndex } from './gridIndex';
import { type EntityLookup, type LazyData, type SpatialIndex } from './lazyData';
import { Prng } from './prng';
import { type LocalPoint, samplePath, walkStreets } from './streets';
import {
  type Camera,
  brownCamera,
  flatCameras,
  orgNames,
  panoCameras,
  pointValues,
  segmentations,
  trafficSigns,
  userStems,
} from './vocabulary';

/** How much data to build: `small` and `city` are built up front, `country` is generated lazily. */
export type DatasetSize = 'small' | 'city' | 'country';

/** The sizes built up front. */
export type BuiltSize = Exclude<DatasetSize, 'country'>;

/** An organization. */
export interface Organization {
  id: string;
  slug: string;
  name: string;
  description: string;
}

/** A user (an image creator). */
export interface User {
  id: string;
  username: string;
}

/** A sequence: images taken in one go by one camera. */
export interface Sequence {
  /** The sequence key, a 22-character lower-case string. */
  id: string;
  /** Its images in capture order. */
  imageIds: string[];
  creatorId: string;
  organizationId?: string;
  isPano: boolean;
}

/** One image, with every field the service can return; optional fields may be missing. */
export interface ImageRecord {
  id: string;
  sequenceId: string;
  /** Position in the sequence. */
  index: number;
  lon: number;
  lat: number;
  computedLon?: number;
  computedLat?: number;
  /** Milliseconds since the epoch; 0 on a few images, as the service sends. */
  capturedAt: number;
  compassAngle: number;
  computedCompassAngle?: number;
  altitude?: number;
  computedAltitude?: number;
  atomicScale?: number;
  cameraParameters?: number[];
  cameraType?: string;
  computedRotation?: number[];
  exifOrientation?: number;
  width: number;
  height: number;
  isPano: boolean;
  make?: string;
  model?: string;
  mergeCc?: number;
  meshId?: string;
  sfmClusterId?: string;
  qualityScore?: number;
  creatorId: string;
  organizationId?: string;
  detectionIds: string[];
}

/** The two kinds of map feature, as the service names them in `object_type`. */
export type MapFeatureType = 'trafficsign' | 'point';

/** A map feature: an object seen in several images and placed on the map. */
export interface MapFeature {
  id: string;
  objectType: MapFeatureType;
  objectValue: string;
  lon: number;
  lat: number;
  alignedDirection?: number;
  firstSeenAt: number;
  lastSeenAt: number;
  imageIds: string[];
  detectionIds: string[];
}

/** How a detection's outline is drawn; the MVT bytes are built from it on demand. */
export type DetectionShape =
  | { kind: 'rectangle'; x0: number; y0: number; x1: number; y1: number }
  | { kind: 'polygons'; seed: number; parts: number; hole: boolean };

/** A detection: one object outlined in one image. */
export interface Detection {
  id: string;
  imageId: string;
  mapFeatureId?: string;
  value: string;
  createdAt: number;
  shape: DetectionShape;
}

/** What an id names. */
export type Entity =
  | { kind: 'image'; value: ImageRecord }
  | { kind: 'sequence'; value: Sequence }
  | { kind: 'mapFeature'; value: MapFeature }
  | { kind: 'detection'; value: Detection }
  | { kind: 'organization'; value: Organization }
  | { kind: 'user'; value: User };

/** The whole world, with lookups and spatial indexes. */
export interface Dataset {
  seed: number;
  size: DatasetSize;
  /** Centre of the street grid [lon, lat]. */
  center: [number, number];
  organizations: Organization[];
  users: User[];
  sequences: Sequence[];
  images: ImageRecord[];
  mapFeatures: MapFeature[];
  detections: Detection[];
  /** Every entity by id (sequences by key). */
  byId: EntityLookup;
  usersByName: { get(username: string): User | undefined };
  /** Images by original position. */
  imageIndex: SpatialIndex<ImageRecord>;
  /** Images by computed position (images without one are absent). */
  computedIndex: SpatialIndex<ImageRecord>;
  featureIndex: SpatialIndex<MapFeature>;
  /** The street grid the sequences follow (pictures are drawn from it); absent for other worlds. */
  grid?: { nodes: number; block: number };
  /** Milliseconds it took to build. */
  buildMs: number;
  /**
   * Set for a dataset generated on demand: its tiles and images come from here, and the arrays
   * above (`sequences`, `images`, `mapFeatures`, `detections`) are empty.
   */
  lazy?: LazyData;
}

/** The centre of the emulated city: Malmö, Sweden. */
export const malmo: [number, number] = [13.0038, 55.605];

const sizes: Record<
  BuiltSize,
  { images: number; nodes: number; block: number; orgs: number; users: number; seqMax: number }
> = {
  small: { images: 2000, nodes: 12, block: 110, orgs: 4, users: 12, seqMax: 80 },
  city: { images: 100000, nodes: 64, block: 120, orgs: 12, users: 150, seqMax: 420 },
};

const metresPerDegreeLat = 110_540;

type SizeConfig = (typeof sizes)[BuiltSize];

/** Shared state of one build: the generator and the ids handed out so far. */
class Builder {
  readonly rng: Prng;
  readonly byId = new Map<string, Entity>();
  private readonly used = new Set<string>();

  constructor(seed: number) {
    this.rng = new Prng(seed);
  }

  /** A fresh id of `digits` digits. */
  freshId(digits: number): string {
    for (;;) {
      const id = this.rng.digits(digits);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  /** An entity id: mostly 15 or 16 digits like the real ones; a few have 17 and exceed 2^53. */
  entityId(): string {
    const rng = this.rng;
    return this.freshId(rng.chance(0.01) ? 17 : rng.chance(0.5) ? 15 : 16);
  }

  image(id: string): ImageRecord {
    const e = this.byId.get(id);
    if (e?.kind !== 'image') throw new Error(`no image ${id}`);
    return e.value;
  }
}

/** Builds the dataset for a seed and size; the same inputs always give the same data. */
export function buildDataset(seed = 1, size: BuiltSize = 'small'): Dataset {
  const started = performance.now();
  const cfg = sizes[size];
  const b = new Builder(seed);
  const organizations = makeOrganizations(b, cfg);
  const users = makeUsers(b, cfg);
  const { sequences, images } = makeSequences(b, cfg, organizations, users);
  for (const value of organizations) b.byId.set(value.id, { kind: 'organization', value });
  for (const value of users) b.byId.set(value.id, { kind: 'user', value });
  for (const value of sequences) b.byId.set(value.id, { kind: 'sequence', value });
  for (const value of images) b.byId.set(value.id, { kind: 'image', value });
  const detections: Detection[] = [];
  const mapFeatures = makeMapFeatures(b, cfg, sequences, detections);
  makeSegmentations(b, images, detections);

  const imageIndex = new GridIndex<ImageRecord>();
  const computedIndex = new GridIndex<ImageRecord>();
  for (const image of images) {
    imageIndex.add(image.lon, image.lat, image);
    if (image.computedLon !== undefined && image.computedLat !== undefined) {
      computedIndex.add(image.computedLon, image.computedLat, image);
    }
  }
  const featureIndex = new GridIndex<MapFeature>();
  for (const feature of mapFeatures) {
    featureIndex.add(feature.lon, feature.lat, feature);
  }
  return {
    seed,
    size,
    center: [malmo[0], malmo[1]],
    organizations,
    users,
    sequences,
    images,
    mapFeatures,
    detections,
    byId: b.byId,
    usersByName: new Map(users.map((u) => [u.username, u])),
    imageIndex,
    computedIndex,
    featureIndex,
    grid: { nodes: cfg.nodes, block: cfg.block },
    buildMs: performance.now() - started,
  };
}

function makeOrganizations(b: Builder, cfg: SizeConfig): Organization[] {
  return orgNames.slice(0, cfg.orgs).map((name) => ({
    id: b.freshId(15),
    slug: name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, ''),
    name,
    description: `${name}: street-level imagery of Malmö and the surrounding region.`,
  }));
}

function makeUsers(b: Builder, cfg: SizeConfig): User[] {
  const users: User[] = [];
  for (let i = 0; i < cfg.users; i++) {
    const stem = userStems[i % userStems.length] ?? 'user';
    const username = i < userStems.length ? stem : `${stem}${Math.floor(i / userStems.length)}`;
    users.push({ id: b.freshId(b.rng.chance(0.5) ? 15 : 16), username });
  }
  return users;
}

function makeSequences(
  b: Builder,
  cfg: SizeConfig,
  organizations: Organization[],
  users: User[],
): { sequences: Sequence[]; images: ImageRecord[] } {
  const rng = b.rng;
  const [lon0, lat0] = malmo;
  const metresPerDegreeLon = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const toLonLat = (p: LocalPoint): [number, number] => [
    lon0 + p.x / metresPerDegreeLon,
    lat0 + p.y / metresPerDegreeLat,
  ];
  // Each user uploads for at most one organization (and sometimes on their own).
  const userOrg = new Map<string, Organization | undefined>();
  for (const user of users) {
    userOrg.set(user.id, rng.chance(0.6) ? rng.pick(organizations) : undefined);
  }
  const sequences: Sequence[] = [];
  const images: ImageRecord[] = [];
  const grid = { nodes: cfg.nodes, block: cfg.block };
  while (images.length < cfg.images) {
    const first = sequences.length === 0;
    // The first sequence is a long one (over 1,000 images), as a full day's drive gives.
    const count = first ? 1_150 : Math.min(cfg.images - images.length, rng.int(20, cfg.seqMax));
    const creator = first ? (users[0] as User) : rng.pick(users);
    const org = first ? organizations[0] : userOrg.get(creator.id);
    const r = rng.next();
    const camera = first
      ? (flatCameras[0] as Camera)
      : r < 0.2
        ? rng.pick(panoCameras)
        : r < 0.24
          ? brownCamera
          : rng.pick(flatCameras);
    const seq: Sequence = {
      id: rng.chars(22, 'abcdefghijklmnopqrstuvwxyz0123456789'),
      imageIds: [],
      creatorId: creator.id,
      isPano: camera.pano,
      ...(org ? { organizationId: org.id } : {}),
    };
    sequences.push(seq);
    const path = walkStreets(grid, rng, count * 7 + cfg.block);
    const samples = samplePath(path, count, rng, camera.pano ? 5 : 3, 10);
    const speed = rng.range(3, 14);
    const from = Date.UTC(2015, 0, 1);
    let t = from + Math.floor(rng.next() * (Date.UTC(2025, 5, 1) - from));
    const baseAltitude = rng.range(4, 20);
    const portrait = !camera.pano && rng.chance(0.05);
    samples.forEach((s, k) => {
      t += Math.round((s.step / speed) * 1000) + rng.int(0, 200);
      // Positions are GPS fixes: a metre or two off the street's centre line. Computed positions
      // come from reconstruction and sit closer to it.
      const [lon, lat] = toLonLat({ x: s.x + rng.range(-1.5, 1.5), y: s.y + rng.range(-1.5, 1.5) });
      const [clon, clat] = toLonLat({
        x: s.x + rng.range(-0.4, 0.4),
        y: s.y + rng.range(-0.4, 0.4),
      });
      const image: ImageRecord = {
        id: b.entityId(),
        sequenceId: seq.id,
        index: k,
        lon: round(lon, 9),
        lat: round(lat, 9),
        capturedAt: rng.chance(0.003) ? 0 : t,
        compassAngle: round((s.bearing + rng.range(-4, 4) + 360) % 360, 2),
        width: portrait ? camera.height : camera.width,
        height: portrait ? camera.width : camera.height,
        isPano: camera.pano,
        creatorId: creator.id,
        detectionIds: [],
        ...(org ? { organizationId: org.id } : {}),
      };
      // A few images were never reconstructed: no computed fields at all.
      if (!rng.chance(0.02)) {
        image.computedLon = round(clon, 11);
        image.computedLat = round(clat, 11);
        image.computedCompassAngle = round((s.bearing + rng.range(-1, 1) + 360) % 360, 11);
        image.computedAltitude = round(baseAltitude + rng.range(-0.5, 0.5), 10);
        image.atomicScale = round(rng.range(0.95, 1.05), 14);
        // The rotation the computed compass angle implies (cameraRotation.ts), tilted by a
        // fraction of a degree; three draws, as the generator has always made here.
        const tilt = [rng.range(1.3, 1.6), rng.range(-0.3, 0.3), rng.range(-0.3, 0.3)];
        image.computedRotation = rotationFromCompass(
          image.computedCompassAngle,
          portrait ? 6 : 1,
          ((tilt[0] ?? 1.45) - 1.45) * 0.05,
        );
        // Of the size the recordings show (4.5e+18, 5.3e+17): written as a float literal.
        image.mergeCc = (2 ** 31 + rng.int(1, 2 ** 31)) * 2 ** 29;
        image.sfmClusterId = b.entityId();
        if (rng.chance(0.7)) {
          image.meshId = b.entityId();
        }
        image.qualityScore = round(rng.range(0.4, 1), 14);
      }
      if (!rng.chance(0.03)) {
        image.altitude = round(baseAltitude + 30 + rng.range(-3, 3), 3);
      }
      if (!rng.chance(0.01)) {
        image.make = camera.make;
        image.model = camera.model;
      }
      if (!rng.chance(0.01)) {
        image.cameraType = camera.cameraType;
        image.cameraParameters = camera.pano
          ? []
          : [
              round(rng.range(0.5, 0.9), 14),
              round(rng.range(-0.1, 0.1), 14),
              round(rng.range(-0.01, 0.01), 14),
            ];
      }
      if (!rng.chance(0.02)) {
        image.exifOrientation = portrait ? 6 : 1;
      }
      seq.imageIds.push(image.id);
      images.push(image);
    });
  }
  return { sequences, images };
}

function addDetection(
  b: Builder,
  detections: Detection[],
  image: ImageRecord,
  value: string,
  shape: DetectionShape,
  mapFeatureId?: string,
): Detection {
  const det: Detection = {
    id: b.entityId(),
    imageId: image.id,
    value,
    // Detections are computed after upload: hours to months after capture.
    createdAt: Math.max(image.capturedAt, Date.UTC(2016, 0, 1)) + b.rng.int(3_600_000, 9e9),
    shape,
    ...(mapFeatureId ? { mapFeatureId } : {}),
  };
  image.detectionIds.push(det.id);
  detections.push(det);
  b.byId.set(det.id, { kind: 'detection', value: det });
  return det;
}

function makeMapFeatures(
  b: Builder,
  cfg: SizeConfig,
  sequences: Sequence[],
  detections: Detection[],
): MapFeature[] {
  const rng = b.rng;
  const mapFeatures: MapFeature[] = [];
  const featureCount = Math.round(cfg.images / 20);
  for (let f = 0; f < featureCount; f++) {
    // A feature stands beside the street a few metres from an image that sees it; the images
    // just before that one in the sequence see it too.
    const seq = rng.pick(sequences);
    const at = rng.int(0, seq.imageIds.length - 1);
    const anchor = b.image(seq.imageIds[at] as string);
    const isSign = rng.chance(0.55);
    const side = rng.chance(0.5) ? 1 : -1;
    const off = rng.range(3, 12);
    const rad = ((anchor.compassAngle + 90 * side) * Math.PI) / 180;
    const metresPerDegreeLon = 111_320 * Math.cos((anchor.lat * Math.PI) / 180);
    const seen: ImageRecord[] = [];
    const wanted = rng.int(1, 5);
    for (let k = Math.max(0, at - wanted + 1); k <= at; k++) {
      seen.push(b.image(seq.imageIds[k] as string));
    }
    const times = seen.map((i) => i.capturedAt).filter((t) => t > 0);
    const firstSeenAt = times.length > 0 ? Math.min(...times) : Date.UTC(2016, 0, 1);
    const feature: MapFeature = {
      id: b.entityId(),
      objectType: isSign ? 'trafficsign' : 'point',
      objectValue: isSign ? rng.pick(trafficSigns) : rng.pick(pointValues),
      lon: round(anchor.lon + (Math.sin(rad) * off) / metresPerDegreeLon, 12),
      lat: round(anchor.lat + (Math.cos(rad) * off) / metresPerDegreeLat, 12),
      firstSeenAt,
      lastSeenAt: times.length > 0 ? Math.max(...times) : firstSeenAt,
      imageIds: seen.map((i) => i.id),
      detectionIds: [],
      ...(isSign || rng.chance(0.3) ? { alignedDirection: round(rng.range(0, 360), 9) } : {}),
    };
    b.byId.set(feature.id, { kind: 'mapFeature', value: feature });
    for (const image of seen) {
      const x0 = rng.int(200, 3400);
      const y0 = rng.int(600, 2600);
      // Signs are boxed (the older rectangle encoding); points are outlined.
      const shape: DetectionShape = isSign
        ? { kind: 'rectangle', x0, y0, x1: x0 + rng.int(60, 500), y1: y0 + rng.int(60, 400) }
        : { kind: 'polygons', seed: rng.int(1, 2 ** 30), parts: 1, hole: rng.chance(0.15) };
      const det = addDetection(b, detections, image, feature.objectValue, shape, feature.id);
      feature.detectionIds.push(det.id);
    }
    mapFeatures.push(feature);
  }
  return mapFeatures;
}

// Segmentations: outlined regions, some in several pieces and some with holes.
function makeSegmentations(b: Builder, images: ImageRecord[], detections: Detection[]): void {
  const rng = b.rng;
  for (const image of images) {
    const n = rng.chance(0.45) ? rng.int(1, 3) : 0;
    for (let k = 0; k < n; k++) {
      addDetection(b, detections, image, rng.pick(segmentations), {
        kind: 'polygons',
        seed: rng.int(1, 2 ** 30),
        parts: rng.chance(0.3) ? rng.int(2, 3) : 1,
        hole: rng.chance(0.25),
      });
    }
  }
}

/** A SHA-256 over every record of the dataset: equal hashes mean equal data. */
export function datasetHash(dataset: Dataset): string {
  const hash = createHash('sha256');
  const feed = (items: readonly object[]): void => {
    for (const item of items) {
      hash.update(JSON.stringify(item));
      hash.update('\n');
    }
  };
  feed(dataset.organizations);
  feed(dataset.users);
  feed(dataset.sequences);
  feed(dataset.images);
  feed(dataset.mapFeatures);
  feed(dataset.detections);
  return hash.digest('hex');
}

/** Looks up an image by id. */
export function findImage(dataset: Dataset, id: string): ImageRecord | undefined {
  const e = dataset.byId.get(id);
  return e?.kind === 'image' ? e.value : undefined;
}

function round(value: number, places: number): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}
