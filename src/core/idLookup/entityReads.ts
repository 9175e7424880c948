// The batched reads behind id hovers: images and map features with `/?ids=` (through the client's
// multi-get, which also drops ids the service does not know), sequences with `image_ids`. An id of
// the wrong kind in a batch (a map feature id taken for an image) makes the service refuse the whole
// batch's field list, so a refused batch is halved until the culprit stands alone, and then left out.
import { imageSchema, mapFeatureSchema } from '../../shared/api/entities';
import { GraphError } from '../../shared/api/graphError';
import { type ImageFacts, type MapFeatureFacts } from '../../shared/idDetect/idDescription';
import { type Image, type MapFeature, type MapillaryApi } from '../api/mapillaryApi';

/** The image fields a hover needs: its facts, its size (for the thumbnail's shape) and thumbnail. */
export const HOVER_IMAGE_FIELDS = [
  'id',
  'captured_at',
  'creator',
  'sequence',
  'is_pano',
  'geometry',
  'computed_geometry',
  'width',
  'height',
  'thumb_256_url',
  'detections.value',
] as const;

/** The map feature fields a hover needs. */
export const HOVER_MAP_FEATURE_FIELDS = [
  'id',
  'object_value',
  'object_type',
  'first_seen_at',
  'last_seen_at',
  'geometry',
] as const;

/** An image as a hover keeps it: the facts to show, and what fetching its thumbnail needs. */
export interface HoverImage {
  facts: ImageFacts;
  /** The signed thumbnail URL, used once to fetch the bytes; it never leaves the host's memory. */
  thumbUrl?: string;
  width?: number;
  height?: number;
}

/** What a hover knows about a sequence before reading its first image. */
export interface HoverSequence {
  imageCount: number;
  firstImageId?: string;
}

function position(entity: {
  geometry?: { coordinates: number[] };
  computed_geometry?: { coordinates: number[] };
}): [number, number] | undefined {
  const [lon, lat] = entity.computed_geometry?.coordinates ?? entity.geometry?.coordinates ?? [];
  return lon === undefined || lat === undefined ? undefined : [lon, lat];
}

function time(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The facts a hover shows of an image entity. */
export function imageFactsOf(image: Image): ImageFacts {
  const counts = new Map<string, number>();
  for (const detection of image.detections?.data ?? []) {
    const value = detection.value ?? 'unknown';
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const byValue = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    id: image.id,
    capturedAt: image.captured_at,
    creator: image.creator?.username,
    sequenceId: image.sequence,
    isPano: image.is_pano,
    position: position(image),
    detections: image.detections ? { total: image.detections.data.length, byValue } : undefined,
  };
}

/** The facts a hover shows of a map feature entity. */
export function mapFeatureFactsOf(feature: MapFeature): MapFeatureFacts {
  return {
    id: feature.id,
    value: feature.object_value,
    type: feature.object_type,
    firstSeenAt: time(feature.first_seen_at),
    lastSeenAt: time(feature.last_seen_at),
    position: position(feature),
  };
}

/** Runs `read` on `ids`, halving a batch the service refuses as a bad request. */
async function readHalving<T>(
  ids: readonly string[],
  read: (ids: readonly string[]) => Promise<Map<string, T>>,
): Promise<Map<string, T>> {
  try {
    return await read(ids);
  } catch (error) {
    if (!(error instanceof GraphError) || error.kind !== 'bad-request') throw error;
    if (ids.length === 1) return new Map();
    const half = Math.ceil(ids.length / 2);
    const first = await readHalving(ids.slice(0, half), read);
    const second = await readHalving(ids.slice(half), read);
    return new Map([...first, ...second]);
  }
}

/** Reads images for hovers in one batched request (more only when the service refuses one). */
export function readHoverImages(
  api: MapillaryApi,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, HoverImage>> {
  return readHalving(ids, async (batch) => {
    const result = await api.getMany(batch, HOVER_IMAGE_FIELDS, imageSchema, {
      signal,
      batchSize: 50,
      concurrency: 1,
    });
    const out = new Map<string, HoverImage>();
    for (const [id, image] of result.found) {
      out.set(id, {
        facts: imageFactsOf(image),
        thumbUrl: image.thumb_256_url,
        width: image.width,
        height: image.height,
      });
    }
    return out;
  });
}

/** Reads map features for hovers in one batched request. */
export function readHoverMapFeatures(
  api: MapillaryApi,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, MapFeatureFacts>> {
  return readHalving(ids, async (batch) => {
    const result = await api.getManyEntities(batch, HOVER_MAP_FEATURE_FIELDS, mapFeatureSchema, {
      signal,
      batchSize: 50,
      concurrency: 1,
    });
    return new Map([...result.found].map(([id, f]) => [id, mapFeatureFactsOf(f)]));
  });
}

/** Reads sequences for hovers: the image count and first image of each (one request each). */
export async function readHoverSequences(
  api: MapillaryApi,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, HoverSequence>> {
  const out = new Map<string, HoverSequence>();
  for (const id of ids) {
    const imageIds = await api.getImageIds(id, { signal });
    // An unknown sequence answers with no images, not an error: it is reported as missing.
    if (imageIds.length > 0)
      out.set(id, { imageCount: imageIds.length, firstImageId: imageIds[0] });
  }
  return out;
}
