// The detections of the emulator's world: map features seen from the images along a sequence, and
// segmentations over the images.
import { type Builder, metresPerDegreeLat, round, type SizeConfig } from './datasetBuilder';
import {
  type Detection,
  type DetectionShape,
  type ImageRecord,
  type MapFeature,
  type Sequence,
} from './datasetTypes';
import { pointValues, segmentations, trafficSigns } from './vocabulary';

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

/** Map features beside the streets, each with the detections of the images that see it. */
export function makeMapFeatures(
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

/** Segmentations: outlined regions, some in several pieces and some with holes. */
export function makeSegmentations(
  b: Builder,
  images: ImageRecord[],
  detections: Detection[],
): void {
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
