// What the viewer reads of an image: the fields MapillaryJS uses, the picture URLs (kept on the
// host), and the image's detections as nested fields of the same read, checked and bounded.
import { isId } from '../../shared/ids';
import {
  type DetectionOutline,
  MAX_DETECTION_GEOMETRY,
  MAX_DETECTION_VALUE,
  MAX_DETECTIONS,
} from '../../shared/map/detectionOutline';

/** The image fields the viewer reads: what MapillaryJS uses, and the picture URLs (host only). */
export const VIEWER_IMAGE_FIELDS = [
  'id',
  'geometry',
  'computed_geometry',
  'sequence',
  'camera_type',
  'camera_parameters',
  'width',
  'height',
  'captured_at',
  'creator',
  'organization',
  'exif_orientation',
  'merge_cc',
  'atomic_scale',
  'altitude',
  'computed_altitude',
  'compass_angle',
  'computed_compass_angle',
  'computed_rotation',
  'is_pano',
  'quality_score',
  'thumb_256_url',
  'thumb_1024_url',
  'thumb_2048_url',
  'thumb_original_url',
] as const;

/** Detections as nested fields of the same read (api.md, Entities: "Nested fields work"). */
export const VIEWER_DETECTION_FIELDS = [
  'detections.id',
  'detections.value',
  'detections.geometry',
] as const;

/** Detections as the viewer takes them, from a nested `detections` connection or a list. */
export function detectionOutlines(items: readonly unknown[]): {
  outlines: DetectionOutline[];
  omitted: number;
} {
  const outlines: DetectionOutline[] = [];
  let omitted = 0;
  for (const raw of items) {
    const d = raw as { id?: unknown; value?: unknown; geometry?: unknown };
    const ok =
      typeof d.id === 'string' &&
      isId('detection', d.id) &&
      typeof d.value === 'string' &&
      d.value.length <= MAX_DETECTION_VALUE &&
      typeof d.geometry === 'string' &&
      d.geometry.length <= MAX_DETECTION_GEOMETRY &&
      /^[A-Za-z0-9+/=_-]*$/.test(d.geometry);
    if (!ok || outlines.length >= MAX_DETECTIONS) omitted++;
    else
      outlines.push({
        id: d.id as string,
        value: d.value as string,
        geometry: d.geometry as string,
      });
  }
  return { outlines, omitted };
}
