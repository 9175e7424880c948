// The emulator's world: organizations, users, sequences of images along the streets of a city,
// map features and detections, all derived from one seed.
import { createHash } from 'node:crypto';
import { rotationFromCompass } from './cameraRotation';
import { GridIndex } from './gridIndex';
import { Builder, SIZES, metresPerDegreeLat, round, type SizeConfig } from './datasetBuilder';
import { makeMapFeatures, makeSegmentations } from './datasetFeatures';
import {
  type BuiltSize,
  type Dataset,
  type Detection,
  type ImageRecord,
  type MapFeature,
  type Organization,
  type Sequence,
  type User,
} from './datasetTypes';
import { type LocalPoint, samplePath, walkStreets } from './streets';
import {
  type Camera,
  brownCamera,
  flatCameras,
  orgNames,
  panoCameras,
  userStems,
} from './vocabulary';

export * from './datasetTypes';

/** The centre of the emulated city: Malmö, Sweden. */
export const malmo: [number, number] = [13.0038, 55.605];
/** Builds the dataset for a seed and size; the same inputs always give the same data. */
export function buildDataset(seed = 1, size: BuiltSize = 'small'): Dataset {
  const started = performance.now();
  const cfg = SIZES[size];
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
