// mapillary_imageDetails: the fields of up to 50 images in one batched read, with their detections
// counted by value, and the link to each image on mapillary.com. Thumbnail URLs are left out (they
// are signed), as are ids the service does not know, which are listed apart.
import { imageSchema } from '../../shared/api/entities';
import { imageWebUrl } from '../../shared/explorer/embedSnippet';
import { type Image, type MapillaryApi } from '../api/mapillaryApi';
import { degrees, isoTime } from './toolText';

/** The input, as parsed by the tool's schema. */
export interface ImageDetailsToolInput {
  imageIds: string[];
  includeDetections: boolean;
}

const FIELDS = [
  'id',
  'captured_at',
  'geometry',
  'computed_geometry',
  'compass_angle',
  'computed_compass_angle',
  'altitude',
  'computed_altitude',
  'camera_type',
  'make',
  'model',
  'is_pano',
  'width',
  'height',
  'sequence',
  'creator',
  'quality_score',
];

function details(image: Image): Record<string, unknown> {
  const [lon, lat] = image.geometry?.coordinates ?? [];
  const [computedLon, computedLat] = image.computed_geometry?.coordinates ?? [];
  const counts: Record<string, number> = {};
  for (const detection of image.detections?.data ?? []) {
    const value = detection.value ?? 'unknown';
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return {
    id: image.id,
    capturedAt: isoTime(image.captured_at),
    lon: degrees(lon),
    lat: degrees(lat),
    computedLon: degrees(computedLon),
    computedLat: degrees(computedLat),
    compassAngle: image.compass_angle,
    computedCompassAngle: image.computed_compass_angle,
    altitude: image.altitude,
    computedAltitude: image.computed_altitude,
    cameraType: image.camera_type,
    make: image.make,
    model: image.model,
    isPano: image.is_pano,
    width: image.width,
    height: image.height,
    qualityScore: image.quality_score,
    sequenceId: image.sequence,
    creator: image.creator ? { id: image.creator.id, username: image.creator.username } : undefined,
    detections: image.detections
      ? { total: image.detections.data.length, byValue: counts }
      : undefined,
    webUrl: imageWebUrl(image.id),
  };
}

/** Reads the images and shapes the result. */
export async function imageDetailsTool(
  api: MapillaryApi,
  input: ImageDetailsToolInput,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const fields = input.includeDetections ? [...FIELDS, 'detections.value'] : FIELDS;
  const result = await api.getMany(input.imageIds, fields, imageSchema, { signal, batchSize: 50 });
  const images = input.imageIds.flatMap((id) => {
    const image = result.found.get(id);
    return image ? [details(image)] : [];
  });
  return {
    images,
    ...(result.missing.length
      ? {
          notFound: result.missing,
          note: 'Mapillary does not know these ids, or they are not visible with this token.',
        }
      : {}),
  };
}
