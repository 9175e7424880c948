// Shapes what the host gathered about a clicked map feature so that it fits the webview's schema:
// times as milliseconds whatever form the service used, a direction and a position only when they
// are numbers, the detecting images newest first, each once, within the panel's limits, and notes
// that say what was left out.
import type { Bbox } from '../api/bbox';
import type { DetectionEntity, MapFeatureEntity } from '../api/entities';
import { lonLatOf } from '../geo/pointQueries';
import { isId } from '../ids';
import type { Picture } from '../messages';
import { MAX_FEATURE_IMAGES, type FeatureAnswer, type FeatureImage } from './featureMessages';

/** What the host gathered about a feature. */
export interface FeatureAnswerInput {
  featureId: string;
  feature: MapFeatureEntity;
  detections: readonly DetectionEntity[];
  /** Capture times of the detecting images, by image id (ms since the epoch). */
  capturedAt: ReadonlyMap<string, number>;
  /** Thumbnails fetched, by image id. */
  thumbnails: ReadonlyMap<string, Picture>;
}

/** A time the service sent as ms or as ISO text, in ms; null when it is neither. */
export function timeMs(value: string | number | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : null;
  if (typeof value !== 'string' || value === '') return null;
  const numeric = Number(value);
  if (Number.isFinite(numeric) && /^\d+$/.test(value)) return numeric > 0 ? numeric : null;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : null;
}

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/**
 * The detecting images of a feature, one per image (its first detection), newest first, images
 * with an unknown date last. Detections without a valid image or detection id are left out.
 */
export function detectingImages(
  detections: readonly DetectionEntity[],
  capturedAt: ReadonlyMap<string, number>,
): { imageId: string; detectionId: string; capturedAt: number | null }[] {
  const byImage = new Map<
    string,
    { imageId: string; detectionId: string; capturedAt: number | null }
  >();
  for (const d of detections) {
    const imageId = d.image?.id ?? '';
    const detectionId = d.id ?? '';
    if (!isId('image', imageId) || !isId('detection', detectionId) || byImage.has(imageId))
      continue;
    byImage.set(imageId, { imageId, detectionId, capturedAt: capturedAt.get(imageId) ?? null });
  }
  return [...byImage.values()].sort(
    (a, b) => (b.capturedAt ?? -1) - (a.capturedAt ?? -1) || a.imageId.localeCompare(b.imageId),
  );
}

/** The answer to an `openFeature` request, within every limit of its schema. */
export function shapeFeatureAnswer(input: FeatureAnswerInput): FeatureAnswer {
  const f = input.feature;
  const all = detectingImages(input.detections, input.capturedAt);
  const images: FeatureImage[] = all.slice(0, MAX_FEATURE_IMAGES).map((image) => ({
    ...image,
    thumbnail: input.thumbnails.get(image.imageId) ?? null,
  }));
  const notes: string[] = [];
  if (all.length > images.length) {
    notes.push(`${all.length} images detected it: the newest ${images.length} are listed`);
  }
  const position = lonLatOf(f.geometry?.coordinates) ?? null;
  const direction = finite(f.aligned_direction);
  return {
    feature: {
      id: input.featureId,
      value: (f.object_value ?? '').slice(0, 200),
      objectType: (f.object_type ?? '').slice(0, 40),
      firstSeenAt: timeMs(f.first_seen_at),
      lastSeenAt: timeMs(f.last_seen_at),
      alignedDirection:
        direction !== null && direction >= -360 && direction <= 720 ? direction : null,
      position,
    },
    images,
    detections: input.detections.length,
    notes,
  };
}

/** Half the side of the area a single feature is exported with, in degrees (about 10 m). */
const FEATURE_EXPORT_MARGIN = 0.0001;

/** The area a single feature's export covers: a small box around its position. */
export function featureExportBbox(position: readonly [number, number]): Bbox {
  const [lng, lat] = position;
  const m = FEATURE_EXPORT_MARGIN;
  return [
    Math.max(-180, lng - m),
    Math.max(-90, lat - m),
    Math.min(180, lng + m),
    Math.min(90, lat + m),
  ];
}
